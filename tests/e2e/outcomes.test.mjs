// Issue 4 against the real Kratos: expired flows restart, aal2 step-up, privileged-session refresh,
// CSRF restart — each as a typed outcome the app can switch on, with no navigation.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stack } from '../harness/context.mjs';
import { uniqueEmail, strongPassword } from '../harness/util.mjs';
import { totp } from '../harness/totp.mjs';
import { sdkPage, inPage, lastWire, register } from './sdk.mjs';

const login = (page, email, password) => inPage(page, async (k, kb, { email, password }) => {
  const flow = await k.createBrowserLoginFlow();
  return k.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'password', identifier: email, password } });
}, { email, password });

describe('outcomes: expired, step-up, refresh, CSRF', () => {
  let shortLived;
  before(async () => {
    shortLived = await stack().startProfile({
      selfservice: { flows: { login: { lifespan: '2s' }, settings: { privileged_session_max_age: '1s' } } },
    }, { name: 'short-lived' });
  });
  after(async () => { await shortLived?.stop(); });

  test('an expired login flow: submit → restarted with the replacement flow; GET → a fresh flow', async () => {
    const page = await sdkPage(shortLived);
    const created = await inPage(page, (k) => k.createBrowserLoginFlow({ returnTo: `${location.origin}/after` }));
    const flow = created.value;
    // Wait until Kratos' own expiry has passed (the deadline is in the flow), not a blind sleep.
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(flow.expires_at) - Date.now()) + 300));
    const r = await inPage(page, (k, kb, flow) => k.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'password', identifier: 'x@example.com', password: 'whatever-123456' } }), flow);
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.equal(r.value.kind, 'restarted');
    assert.notEqual(r.value.flow.id, flow.id);
    assert.ok(r.value.flow.ui.messages.some((m) => m.id === 4010001), JSON.stringify(r.value.flow.ui.messages));
    assert.equal((await lastWire(page, `/self-service/login?flow=${flow.id}`)).status, 410);

    const g = await inPage(page, (k, kb, id) => k.getLoginFlow({ id }), flow.id);
    assert.equal(g.error, undefined, JSON.stringify(g.error));
    assert.notEqual(g.value.id, flow.id);
    assert.equal(g.value.return_to, `${shortLived.appOrigin}/after`, 'the fresh flow keeps return_to');
    assert.equal((await lastWire(page, `/self-service/login/flows?id=${flow.id}`)).status, 410);
  });

  test('TOTP identity: password login → aal2Required (no navigation) → aal2 flow → aal2 session', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const email = uniqueEmail();
    const password = strongPassword();
    await register(page, email, password);
    const enrol = await inPage(page, async (k) => {
      const flow = await k.createBrowserSettingsFlow();
      const secret = flow.ui.nodes.find((n) => n.attributes.id === 'totp_secret_key')?.attributes.text.context.secret;
      return { flow, secret };
    });
    assert.ok(enrol.value.secret, 'settings flow shows the TOTP secret');
    const done = await inPage(page, (k, kb, { flow, code }) => k.updateSettingsFlow({ flow, updateSettingsFlowBody: { method: 'totp', totp_code: code } }), { flow: enrol.value.flow, code: totp(enrol.value.secret) });
    assert.equal(done.value?.kind, 'success', JSON.stringify(done));

    const fresh = await sdkPage(s);
    const first = await login(fresh, email, password);
    assert.equal(first.value.kind, 'aal2Required', JSON.stringify(first));
    assert.equal((await lastWire(fresh, '/self-service/login?flow=')).status, 422);
    assert.deepEqual(await fresh.evaluate(() => window.redirects), [], 'no navigation happened');
    const who = await inPage(fresh, (k) => k.toSession());
    assert.equal(who.error.status, 403);
    assert.equal(who.error.id, 'session_aal2_required');
    assert.match(who.error.redirectTo, /aal=aal2/);

    const second = await inPage(fresh, async (k, kb, { returnTo, code }) => {
      const flow = await k.createAal2LoginFlow({ returnTo });
      const out = await k.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'totp', totp_code: code } });
      return { requested: flow.requested_aal, out };
    }, { returnTo: first.value.returnTo, code: totp(enrol.value.secret) });
    assert.equal(second.value.requested, 'aal2');
    assert.equal(second.value.out.kind, 'success', JSON.stringify(second));
    assert.equal(second.value.out.session.authenticator_assurance_level, 'aal2');
    const after2 = await inPage(fresh, (k) => k.toSession());
    assert.equal(after2.value.authenticator_assurance_level, 'aal2');
  });

  test('privileged session too old: refreshRequired → refresh login returning to the app → change succeeds', async () => {
    const page = await sdkPage(shortLived);
    const email = uniqueEmail();
    const password = strongPassword();
    const reg = await register(page, email, password);
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(reg.session.authenticated_at) + 1000 - Date.now()) + 300));
    const newPassword = strongPassword();
    const r = await inPage(page, async (k, kb, password) => {
      const flow = await k.createBrowserSettingsFlow();
      return { flow, out: await k.updateSettingsFlow({ flow, updateSettingsFlowBody: { method: 'password', password } }) };
    }, newPassword);
    assert.equal(r.value.out.kind, 'refreshRequired', JSON.stringify(r.value.out));
    assert.equal((await lastWire(page, '/self-service/settings?flow=')).status, 403);

    const re = await inPage(page, async (k, kb, { email, password, returnTo, flow, newPassword }) => {
      const login = await k.createRefreshLoginFlow({ returnTo });
      const out = await k.updateLoginFlow({ flow: login, updateLoginFlowBody: { method: 'password', identifier: email, password } });
      const again = await k.updateSettingsFlow({ flow, updateSettingsFlowBody: { method: 'password', password: newPassword } });
      return { refresh: login.refresh, returnTo: login.return_to, out: out.kind, again: again.kind, state: again.flow?.state };
    }, { email, password, returnTo: `${shortLived.appOrigin}/settings?flow=${r.value.flow.id}`, flow: r.value.flow, newPassword });
    assert.equal(re.error, undefined, JSON.stringify(re.error));
    assert.equal(re.value.refresh, true);
    assert.equal(re.value.returnTo, `${shortLived.appOrigin}/settings?flow=${r.value.flow.id}`, 'returns to the app, not Kratos\' POST URL');
    assert.equal(re.value.out, 'success');
    assert.equal(re.value.again, 'success');
    assert.equal(re.value.state, 'success');
  });

  test('CSRF cookie cleared mid-flow → typed security_csrf_violation → restartFlow works', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const created = await inPage(page, (k) => k.createBrowserLoginFlow());
    const ctx = page.context();
    const kept = (await ctx.cookies()).filter((c) => !c.name.startsWith('csrf_token'));
    assert.ok((await ctx.cookies()).length > kept.length, 'a CSRF cookie was set');
    await ctx.clearCookies();
    await ctx.addCookies(kept);
    const r = await inPage(page, (k, kb, flow) => k.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'password', identifier: 'a@example.com', password: 'wrong-password-1' } }), created.value);
    assert.equal(r.error?.kind, 'api', JSON.stringify(r));
    assert.equal(r.error.status, 403);
    assert.equal(r.error.id, 'security_csrf_violation');
    const again = await inPage(page, async (k, kb, flow) => {
      const fresh = await k.restartFlow(flow);
      const out = await k.updateLoginFlow({ flow: fresh, updateLoginFlowBody: { method: 'password', identifier: 'a@example.com', password: 'wrong-password-1' } });
      return { id: fresh.id, kind: out.kind, messages: out.flow.ui.messages.map((m) => m.id) };
    }, created.value);
    assert.equal(again.error, undefined, JSON.stringify(again.error));
    assert.notEqual(again.value.id, created.value.id);
    assert.equal(again.value.kind, 'flow');
    assert.deepEqual(again.value.messages, [4000006]);
  });

  test('already signed in: login init is a typed session_already_available error', async () => {
    const page = await sdkPage(stack());
    await register(page, uniqueEmail(), strongPassword());
    const r = await inPage(page, (k) => k.createBrowserLoginFlow());
    assert.equal(r.error.status, 400);
    assert.equal(r.error.id, 'session_already_available');
  });
});
