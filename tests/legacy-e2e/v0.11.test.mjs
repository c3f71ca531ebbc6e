// Kratos v0.11.0 (generation v0.8: AJAX + JSON submit + 422, no my-sessions in the SDK), built from its
// Go module, end to end in headless Chromium through the SDK with apiVersion 'v0.11'.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { legacyStack, legacyBin, sdk, run, flowId, BLANK } from './stack.mjs';
import { uniqueEmail, strongPassword } from '../harness/util.mjs';

const VERSION = 'v0.11.0';
const API = 'v0.11';
const skip = legacyBin(VERSION) ? false : `kratos ${VERSION} not built (scripts/setup.sh kratos-legacy)`;

describe(`Kratos ${VERSION} (apiVersion ${API})`, { skip }, () => {
  let s;
  before(async () => { s = await legacyStack({ version: VERSION, line: 'v0.11', proxyPrefix: '/api/kratos/public' }); }, { timeout: 120_000 });
  after(async () => { await s?.stop(); });

  async function page() {
    const p = await s.newPage(BLANK);
    await sdk(p, s, API);
    return p;
  }
  async function register(p, email, password) {
    return run(p, async (k, kb, { email, password }) => {
      const flow = await k.createBrowserRegistrationFlow();
      return k.updateRegistrationFlow({ flow, updateRegistrationFlowBody: { method: 'password', traits: { email }, password } });
    }, { email, password });
  }

  test('registration (one step) signs in; whoami returns the identity', async () => {
    const p = await page();
    const email = uniqueEmail('v011');
    const r = await register(p, email, strongPassword());
    assert.equal(r.value?.kind, 'success', JSON.stringify(r));
    assert.equal(r.value.identity.traits.email, email);
    assert.ok(r.value.session?.id, 'session hook issued a session');
    const who = await run(p, (k) => k.toSession());
    assert.equal(who.value.identity.traits.email, email);
  });

  test('login: wrong password is a flow outcome with message 4000006, then success', async () => {
    const email = uniqueEmail('v011');
    const password = strongPassword();
    await register(await page(), email, password);
    const p = await page();
    const bad = await run(p, async (k, kb, { email }) => {
      const flow = await k.createBrowserLoginFlow();
      return k.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'password', identifier: email, password: 'wrong-password-123' } });
    }, { email });
    assert.equal(bad.value?.kind, 'flow', JSON.stringify(bad));
    assert.deepEqual(bad.value.flow.ui.messages.map((m) => m.id), [4000006]);
    const ok = await run(p, async (k, kb, { email, password, flow }) =>
      k.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'password', identifier: email, password } }), { email, password, flow: bad.value.flow });
    assert.equal(ok.value?.kind, 'success', JSON.stringify(ok));
    assert.equal(ok.value.session.identity.traits.email, email);
  });

  test('logout: createBrowserLogoutFlow + updateLogoutFlow end the session', async () => {
    const p = await page();
    await register(p, uniqueEmail('v011'), strongPassword());
    const out = await run(p, async (k) => {
      const { logout_token, logout_url } = await k.createBrowserLogoutFlow();
      await k.updateLogoutFlow({ token: logout_token });
      try { await k.toSession(); return { logout_url, after: 'session' }; } catch (e) { return { logout_url, after: e.kind, signedOut: window.kb.isSignedOut(e) }; }
    });
    assert.match(out.value.logout_url, /\/self-service\/logout\?token=/);
    assert.equal(out.value.signedOut, true, JSON.stringify(out));
  });

  test('settings: password change succeeds (state success)', async () => {
    const p = await page();
    await register(p, uniqueEmail('v011'), strongPassword());
    const r = await run(p, async (k, kb, { password }) => {
      const flow = await k.createBrowserSettingsFlow();
      return k.updateSettingsFlow({ flow, updateSettingsFlowBody: { method: 'password', password } });
    }, { password: strongPassword() });
    assert.equal(r.value?.kind, 'success', JSON.stringify(r));
    assert.equal(r.value.flow.state, 'success');
  });

  test('recovery (link): email sent, the link signs in and opens settings', async () => {
    const email = uniqueEmail('v011');
    await register(await page(), email, strongPassword());
    const p = await page();
    const r = await run(p, async (k, kb, { email }) => {
      const flow = await k.createBrowserRecoveryFlow();
      return k.updateRecoveryFlow({ flow, updateRecoveryFlowBody: { method: 'link', email } });
    }, { email });
    assert.equal(r.value?.kind, 'flow', JSON.stringify(r));
    assert.equal(r.value.flow.state, 'sent_email');
    const link = await s.smtp.waitForLink(email, /\/self-service\/recovery\?/);
    await p.goto(link);
    assert.match(p.url(), /ui=settings/, 'redirected to the settings UI');
    await sdk(p, s, API);
    const flow = await run(p, (k, kb, id) => k.getSettingsFlow({ id }), flowId(p));
    assert.equal(flow.value?.identity?.traits?.email, email, JSON.stringify(flow));
    const who = await run(p, (k) => k.toSession());
    assert.equal(who.value.identity.traits.email, email);
  });

  test('verification (link): sent_email, the link verifies the address', async () => {
    const email = uniqueEmail('v011');
    const p = await page();
    await register(p, email, strongPassword());
    const r = await run(p, async (k, kb, { email }) => {
      const flow = await k.createBrowserVerificationFlow();
      return k.updateVerificationFlow({ flow, updateVerificationFlowBody: { method: 'link', email } });
    }, { email });
    assert.equal(r.value?.kind, 'flow', JSON.stringify(r));
    assert.equal(r.value.flow.state, 'sent_email');
    await s.smtp.waitForLink(email, /\/self-service\/verification/);
    const link = await s.smtp.waitForLink(email, /\/self-service\/verification/, { timeoutMs: 5000 }).catch(() => null)
      ?? s.smtp.messages.filter((m) => m.to === email.toLowerCase()).flatMap((m) => m.links).filter((l) => /verification/.test(l)).pop();
    await p.goto(link);
    assert.match(p.url(), /ui=verification/, `verification link led to ${p.url()}`);
    await sdk(p, s, API);
    const done = await run(p, (k, kb, id) => k.getVerificationFlow({ id }), flowId(p));
    assert.equal(done.value?.state, 'passed_challenge', JSON.stringify(done));
    const who = await run(p, (k) => k.toSession());
    assert.equal(who.value.identity.verifiable_addresses[0].verified, true);
  });

  test('my-sessions API is refused as unsupported without a request', async () => {
    const p = await page();
    const r = await run(p, (k) => k.listMySessions());
    assert.equal(r.error?.kind, 'unsupported', JSON.stringify(r));
  });
});
