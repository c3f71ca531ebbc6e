// Second factors against the real Kratos: TOTP (codes computed here, RFC 6238) and lookup secrets,
// enrolled in settings and used as the aal2 step of login.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { stack } from '../harness/context.mjs';
import { uniqueEmail, strongPassword } from '../harness/util.mjs';
import { sdkPage, inPage, lastWire, register } from './sdk.mjs';
import { logout, totpCode } from './webauthn-util.mjs';

/** Every message id of a flow (form-level and on nodes); evaluated in the page via toString. */
const MSGS = `(f) => [...(f.ui.messages ?? []), ...f.ui.nodes.flatMap((n) => n.messages)].map((m) => m.id)`;

/** Password login for an identity with a second factor: Kratos answers 422 → ?aal=aal2, the SDK
 * turns that into an `aal2Required` outcome without navigating. */
async function passwordStep(page, email, password) {
  const r = await inPage(page, async (k, kb, { email, password }) => {
    const flow = await k.createBrowserLoginFlow();
    const before = window.redirects.length;
    const out = await k.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'password', identifier: email, password } });
    return { kind: out.kind, redirectTo: out.redirectTo, redirects: window.redirects.length - before };
  }, { email, password });
  assert.equal(r.error, undefined, JSON.stringify(r.error));
  assert.equal(r.value.kind, 'aal2Required');
  assert.match(r.value.redirectTo, /\/self-service\/login\/browser\?aal=aal2/);
  assert.equal(r.value.redirects, 0, 'no navigation');
  assert.equal((await lastWire(page, '/self-service/login?flow=')).status, 422);
}

async function expectAal2Required(page) {
  const who = await inPage(page, (k) => k.toSession());
  assert.equal(who.error?.status, 403, JSON.stringify(who));
  assert.equal(who.error.id, 'session_aal2_required');
  assert.match(who.error.redirectTo, /aal=aal2/);
  const settings = await inPage(page, (k) => k.createBrowserSettingsFlow());
  assert.equal(settings.error?.status, 403, JSON.stringify(settings));
  assert.equal(settings.error.id, 'session_aal2_required');
}

describe('TOTP', () => {
  test('enrol with a computed code, aal2 login with TOTP, unlink', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const email = uniqueEmail('totp');
    const password = strongPassword();
    await register(page, email, password);

    const shown = await inPage(page, async (k, kb) => {
      const flow = await k.createBrowserSettingsFlow();
      return { flow, secret: kb.totpSecret(flow), qr: kb.totpQrCode(flow), linked: kb.totpLinked(flow) };
    });
    assert.equal(shown.error, undefined, JSON.stringify(shown.error));
    assert.match(shown.value.secret, /^[A-Z2-7]{32}$/);
    assert.match(shown.value.qr, /^data:image\/png;base64,/);
    assert.equal(shown.value.linked, false);

    const wrong = await inPage(page, async (k, kb, flow) => {
      const out = await kb.enableTotp(k, { flow, code: '000000' });
      return { kind: out.kind, messages: out.flow.ui.nodes.find((n) => n.attributes.name === 'totp_code')?.messages.map((m) => m.id) };
    }, shown.value.flow);
    assert.equal(wrong.error, undefined, JSON.stringify(wrong.error));
    assert.equal(wrong.value.kind, 'flow');
    assert.deepEqual(wrong.value.messages, [4000008], 'invalid code message on the totp_code node');

    const enrolled = await inPage(page, async (k, kb, { flow, code }) => {
      const out = await kb.enableTotp(k, { flow, code });
      return { kind: out.kind, state: out.flow.state, linked: kb.totpLinked(out.flow), secret: kb.totpSecret(out.flow) };
    }, { flow: shown.value.flow, code: totpCode(shown.value.secret) });
    assert.equal(enrolled.error, undefined, JSON.stringify(enrolled.error));
    assert.deepEqual(enrolled.value, { kind: 'success', state: 'success', linked: true, secret: undefined });

    await logout(page);
    await passwordStep(page, email, password);
    await expectAal2Required(page);

    const mfa = await inPage(page, async (k, kb, { code, msgs }) => {
      const flow = await k.createBrowserLoginFlow({ aal: 'aal2' });
      const factors = kb.secondFactors(flow);
      const bad = await kb.loginWithTotp(k, { flow, code: code === '123456' ? '654321' : '123456' });
      const ok = await kb.loginWithTotp(k, { flow: bad.flow, code });
      return { factors, requested: flow.requested_aal, bad: bad.kind, badMessages: new Function(`return ${msgs}`)()(bad.flow),
        kind: ok.kind, aal: ok.session?.authenticator_assurance_level, methods: ok.session?.authentication_methods.map((m) => m.method) };
    }, { code: totpCode(shown.value.secret), msgs: MSGS });
    assert.equal(mfa.error, undefined, JSON.stringify(mfa.error));
    assert.deepEqual(mfa.value.factors, ['totp']);
    assert.equal(mfa.value.requested, 'aal2');
    assert.equal(mfa.value.bad, 'flow');
    assert.deepEqual(mfa.value.badMessages, [4000008]);
    assert.equal(mfa.value.kind, 'success');
    assert.equal(mfa.value.aal, 'aal2');
    assert.deepEqual(mfa.value.methods, ['password', 'totp']);

    const unlinked = await inPage(page, async (k, kb) => {
      const flow = await k.createBrowserSettingsFlow();
      const before = kb.totpLinked(flow);
      const out = await kb.unlinkTotp(k, { flow });
      return { before, kind: out.kind, after: kb.totpLinked(out.flow), newSecret: typeof kb.totpSecret(out.flow) };
    });
    assert.equal(unlinked.error, undefined, JSON.stringify(unlinked.error));
    assert.deepEqual(unlinked.value, { before: true, kind: 'success', after: false, newSecret: 'string' });
  });
});

describe('lookup secrets (backup codes)', () => {
  test('regenerate + confirm, aal2 login with one code (once), reveal marks it used, disable', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const email = uniqueEmail('lookup');
    const password = strongPassword();
    await register(page, email, password);

    const created = await inPage(page, async (k, kb) => {
      const flow = await k.createBrowserSettingsFlow();
      const actions = kb.lookupSecretActions(flow);
      const regen = await kb.regenerateLookupSecrets(k, { flow });
      const codes = kb.lookupCodes(regen.flow);
      const shownActions = kb.lookupSecretActions(regen.flow);
      const confirmed = await kb.confirmLookupSecrets(k, { flow: regen.flow });
      return { actions, regen: [regen.kind, regen.flow.state], codes, shownActions, confirmed: [confirmed.kind, confirmed.flow.state],
        after: kb.lookupSecretActions(confirmed.flow), hidden: kb.lookupCodes(confirmed.flow) };
    });
    assert.equal(created.error, undefined, JSON.stringify(created.error));
    assert.deepEqual(created.value.actions, ['regenerate']);
    // Kratos answers the intermediate step with 200 and the flow in state show_form: a flow to show.
    assert.deepEqual(created.value.regen, ['flow', 'show_form']);
    assert.equal(created.value.codes.length, 12);
    assert.ok(created.value.codes.every((c) => /^[a-z0-9]{8}$/.test(c)), created.value.codes.join());
    assert.deepEqual(created.value.shownActions, ['confirm']);
    assert.deepEqual(created.value.confirmed, ['success', 'success']);
    assert.deepEqual(created.value.after, ['reveal', 'disable']);
    assert.equal(created.value.hidden, undefined, 'codes are not shown after confirming');
    const [first, second] = created.value.codes;

    await logout(page);
    await passwordStep(page, email, password);
    await expectAal2Required(page);
    const login = await inPage(page, async (k, kb, { code, msgs }) => {
      const flow = await k.createBrowserLoginFlow({ aal: 'aal2' });
      const bad = await kb.loginWithLookupSecret(k, { flow, code: 'zzzzzzzz' });
      const ok = await kb.loginWithLookupSecret(k, { flow: bad.flow, code });
      return { factors: kb.secondFactors(flow), bad: bad.kind, badMessages: new Function(`return ${msgs}`)()(bad.flow),
        kind: ok.kind, aal: ok.session?.authenticator_assurance_level, methods: ok.session?.authentication_methods.map((m) => m.method) };
    }, { code: first, msgs: MSGS });
    assert.equal(login.error, undefined, JSON.stringify(login.error));
    assert.deepEqual(login.value.factors, ['lookup_secret']);
    assert.equal(login.value.bad, 'flow');
    assert.deepEqual(login.value.badMessages, [4000016]);
    assert.deepEqual([login.value.kind, login.value.aal], ['success', 'aal2']);
    assert.deepEqual(login.value.methods, ['password', 'lookup_secret']);

    // The same code a second time is refused; the next one works.
    await logout(page);
    await passwordStep(page, email, password);
    const reuse = await inPage(page, async (k, kb, { first, second, msgs }) => {
      const flow = await k.createBrowserLoginFlow({ aal: 'aal2' });
      const again = await kb.loginWithLookupSecret(k, { flow, code: first });
      const next = await kb.loginWithLookupSecret(k, { flow: again.flow, code: second });
      return { again: again.kind, againMessages: new Function(`return ${msgs}`)()(again.flow), next: next.kind };
    }, { first, second, msgs: MSGS });
    assert.equal(reuse.error, undefined, JSON.stringify(reuse.error));
    assert.equal(reuse.value.again, 'flow');
    assert.deepEqual(reuse.value.againMessages, [4000012]);
    assert.equal(reuse.value.next, 'success');

    const revealed = await inPage(page, async (k, kb) => {
      const flow = await k.createBrowserSettingsFlow();
      const out = await kb.revealLookupSecrets(k, { flow });
      return { kind: out.kind, all: kb.lookupSecretCodes(out.flow), usable: kb.lookupCodes(out.flow) };
    });
    assert.equal(revealed.error, undefined, JSON.stringify(revealed.error));
    assert.equal(revealed.value.kind, 'flow', 'revealing codes is a step to show, not a finished change');
    assert.equal(revealed.value.all.length, 12);
    const used = revealed.value.all.filter((c) => c.used);
    assert.equal(used.length, 2);
    assert.ok(used.every((c) => c.code === undefined && typeof c.usedAt === 'string'), JSON.stringify(used));
    assert.deepEqual(revealed.value.usable, created.value.codes.slice(2));

    const disabled = await inPage(page, async (k, kb) => {
      const flow = await k.createBrowserSettingsFlow();
      const out = await kb.disableLookupSecrets(k, { flow });
      return { kind: out.kind, state: out.flow.state, actions: kb.lookupSecretActions(out.flow) };
    });
    assert.equal(disabled.error, undefined, JSON.stringify(disabled.error));
    assert.deepEqual(disabled.value, { kind: 'success', state: 'success', actions: ['regenerate'] });
  });
});
