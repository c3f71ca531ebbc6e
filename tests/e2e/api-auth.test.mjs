// Issue 3: registration (one-step profile), login (password, refresh, return_to, forbidden return_to) and
// settings (profile + password, signed-out 401) through the SDK against the real Kratos (v1.3.1 and v26.2.0).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { stack } from '../harness/context.mjs';
import { kratosAtLeast, kratosVersion } from '../harness/kratos.mjs';
import { uniqueEmail, strongPassword } from '../harness/util.mjs';
import { sdkPage, inPage, lastWire, register, login, messageIds } from './sdk.mjs';

const ONE_STEP_OVERLAY = `
selfservice:
  flows:
    registration:
      enable_legacy_one_step: true
`;

describe('api: registration', () => {
  test('one-step registration (enable_legacy_one_step) → success with identity, session and continue_with', async () => {
    const s = stack();
    const p = await s.startProfile(ONE_STEP_OVERLAY, { name: 'one-step' });
    try {
      const page = await sdkPage(p, { publicUrl: p.publicUrl });
      const email = uniqueEmail('onestep');
      const password = strongPassword();
      const r = await inPage(page, async (k, kb, { email, password }) => {
        const flow = await k.createBrowserRegistrationFlow();
        const nodes = flow.ui.nodes.map((n) => ({ name: n.attributes.name, type: n.attributes.type, group: n.group, value: n.attributes.value }));
        const out = await k.updateRegistrationFlow({ flow, updateRegistrationFlowBody: { method: 'password', traits: { email }, password } });
        return { nodes, out, session: await k.toSession() };
      }, { email, password });
      assert.equal(r.error, undefined, JSON.stringify(r.error));
      const { nodes, out, session } = r.value;
      // One step: the very first flow already offers the password and a visible email trait.
      assert.ok(nodes.some((n) => n.name === 'password' && n.group === 'password'), JSON.stringify(nodes));
      assert.ok(nodes.some((n) => n.name === 'traits.email' && n.type === 'email'), JSON.stringify(nodes));
      assert.ok(nodes.some((n) => n.name === 'method' && n.value === 'password'), JSON.stringify(nodes));
      assert.ok(!nodes.some((n) => n.name === 'method' && n.value === 'profile'), 'no profile-first submit in one-step mode');

      assert.equal(out.kind, 'success');
      assert.equal((await lastWire(page, '/self-service/registration?flow=')).status, 200);
      assert.equal(out.identity.traits.email, email);
      assert.equal(out.identity.schema_id, 'default');
      assert.equal(out.session.identity.id, out.identity.id);
      assert.equal(out.session.active, true);
      assert.deepEqual(out.continueWith.map((c) => c.action), ['redirect_browser_to', 'show_verification_ui']);
      assert.equal(out.continueWith[0].redirect_browser_to, `${s.appOrigin}/`);
      const verify = out.continueWith[1];
      assert.equal(verify.flow.verifiable_address, email);
      assert.ok(verify.flow.url.startsWith(`${s.appOrigin}/verification?flow=${verify.flow.id}`), verify.flow.url);
      assert.equal(session.id, out.session.id, 'the session cookie of the profile Kratos is set');
      assert.equal(session.identity.traits.email, email);
    } finally {
      await p.stop();
    }
  });
});

describe('api: login', () => {
  test('password login → success with the session and a redirect_browser_to continue_with', async () => {
    const s = stack();
    const email = uniqueEmail();
    const password = strongPassword();
    await register(await sdkPage(s), email, password);

    const page = await sdkPage(s);
    const out = await login(page, email, password);
    assert.equal(out.kind, 'success');
    assert.equal((await lastWire(page, '/self-service/login?flow=')).status, 200);
    assert.equal(out.session.identity.traits.email, email);
    assert.equal(out.session.authenticator_assurance_level, 'aal1');
    assert.deepEqual(out.session.authentication_methods.map((m) => m.method), ['password']);
    assert.equal(out.body.session_token, undefined, 'no session token for a browser flow');
    assert.deepEqual(out.continueWith, [{ action: 'redirect_browser_to', redirect_browser_to: `${s.appOrigin}/` }]);
    const who = await inPage(page, (k) => k.toSession());
    assert.equal(who.value.id, out.session.id);
  });

  test('refresh: true while signed in → flow.refresh, success with a newer authenticated_at', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const email = uniqueEmail();
    const password = strongPassword();
    await register(page, email, password);

    const r = await inPage(page, async (k, kb, { email, password }) => {
      const before = await k.toSession();
      const flow = await k.createBrowserLoginFlow({ refresh: true });
      const out = await k.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'password', identifier: email, password } });
      const after = await k.toSession();
      return { before, flow, out, after };
    }, { email, password });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    const { before, flow, out, after } = r.value;
    assert.equal(flow.refresh, true);
    assert.ok(flow.request_url.includes('refresh=true'), flow.request_url);
    assert.equal(out.kind, 'success');
    assert.equal(out.session.identity.traits.email, email);
    assert.ok(Date.parse(out.session.authenticated_at) > Date.parse(before.authenticated_at),
      `authenticated_at ${before.authenticated_at} → ${out.session.authenticated_at}`);
    assert.equal(after.authenticated_at, out.session.authenticated_at, 'whoami sees the refreshed session');
    assert.equal(after.id, before.id, 'a refresh keeps the session id');
  });

  test('returnTo is kept on the flow and comes back as redirect_browser_to', async () => {
    const s = stack();
    const email = uniqueEmail();
    const password = strongPassword();
    await register(await sdkPage(s), email, password);

    const returnTo = `${s.appOrigin}/after-login?x=1`;
    const page = await sdkPage(s);
    const r = await inPage(page, async (k, kb, { email, password, returnTo }) => {
      const flow = await k.createBrowserLoginFlow({ returnTo });
      const out = await k.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'password', identifier: email, password } });
      return { flow, out };
    }, { email, password, returnTo });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.equal(r.value.flow.return_to, returnTo);
    assert.ok(r.value.flow.request_url.includes(`return_to=${encodeURIComponent(returnTo)}`), r.value.flow.request_url);
    assert.equal(r.value.out.kind, 'success');
    assert.deepEqual(r.value.out.continueWith, [{ action: 'redirect_browser_to', redirect_browser_to: returnTo }]);
  });

  test('a forbidden returnTo rejects with 400 self_service_flow_return_to_forbidden', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const r = await inPage(page, (k) => k.createBrowserLoginFlow({ returnTo: 'https://evil.example.com/' }));
    assert.equal(r.value, undefined);
    assert.equal(r.error.isKratosError, true);
    assert.equal(r.error.kind, 'api');
    assert.equal(r.error.status, 400);
    assert.equal(r.error.id, 'self_service_flow_return_to_forbidden');
    assert.equal(r.error.reason, 'Requested return_to URL "https://evil.example.com/" is not allowed.');
    assert.equal(r.error.kratosMessage, 'The request was malformed or contained invalid parameters');
    assert.equal((await lastWire(page, '/self-service/login/browser')).status, 400);
  });
});

describe('api: settings', () => {
  // Since v26.2.0 (v25?) settings answer `show_verification_ui` only with that settings hook (none here).
  const verificationUi = !kratosAtLeast('v26.2.0');
  test(`profile (email) and password change → success 1050001; the new credentials log in (continue_with ${verificationUi ? 'with' : 'without'} show_verification_ui, as on ${kratosVersion()})`, async () => {
    const s = stack();
    const page = await sdkPage(s);
    const email = uniqueEmail();
    const password = strongPassword();
    const registered = await register(page, email, password);
    const newEmail = uniqueEmail('changed');
    const newPassword = strongPassword();

    const profile = await inPage(page, async (k, kb, newEmail) => {
      const flow = await k.createBrowserSettingsFlow();
      const out = await k.updateSettingsFlow({ flow, updateSettingsFlowBody: { method: 'profile', traits: { email: newEmail } } });
      return { initial: { state: flow.state, email: flow.identity.traits.email }, out, who: await k.toSession() };
    }, newEmail);
    assert.equal(profile.error, undefined, JSON.stringify(profile.error));
    assert.deepEqual(profile.value.initial, { state: 'show_form', email });
    const pOut = profile.value.out;
    assert.equal(pOut.kind, 'success');
    assert.equal((await lastWire(page, '/self-service/settings?flow=')).status, 200);
    assert.equal(pOut.flow.state, 'success');
    assert.deepEqual(messageIds(pOut.flow), [1050001]);
    assert.equal(pOut.flow.identity.traits.email, newEmail);
    assert.equal(pOut.flow.identity.id, registered.identity.id);
    // A new address is mailed a verification code; the redirect goes back to the settings UI of this flow.
    const actions = pOut.continueWith.map((c) => c.action);
    if (verificationUi) {
      assert.deepEqual(actions, ['show_verification_ui', 'redirect_browser_to'], JSON.stringify(pOut.continueWith));
      assert.equal(pOut.continueWith[0].flow.verifiable_address, newEmail);
    } else {
      assert.deepEqual(actions, ['redirect_browser_to'], JSON.stringify(pOut.continueWith));
    }
    assert.equal(pOut.continueWith.at(-1).redirect_browser_to, `${s.appOrigin}/settings?flow=${pOut.flow.id}`);
    assert.match(await s.mail.waitForCode(newEmail, 'verification'), /^\d{6}$/, 'the new address gets a code either way');
    assert.deepEqual(pOut.flow.identity.verifiable_addresses.map((a) => [a.value, a.verified]), [[newEmail, false]]);
    assert.equal(profile.value.who.identity.traits.email, newEmail);

    const pw = await inPage(page, async (k, kb, newPassword) => {
      const flow = await k.createBrowserSettingsFlow();
      return k.updateSettingsFlow({ flow, updateSettingsFlowBody: { method: 'password', password: newPassword } });
    }, newPassword);
    assert.equal(pw.error, undefined, JSON.stringify(pw.error));
    assert.equal(pw.value.kind, 'success');
    assert.equal((await lastWire(page, '/self-service/settings?flow=')).status, 200);
    assert.equal(pw.value.flow.state, 'success');
    assert.deepEqual(messageIds(pw.value.flow), [1050001]);
    assert.deepEqual(pw.value.continueWith, [{ action: 'redirect_browser_to', redirect_browser_to: `${s.appOrigin}/settings?flow=${pw.value.flow.id}` }]);

    const fresh = await sdkPage(s);
    const old = await login(fresh, newEmail, password);
    assert.equal(old.kind, 'flow', 'the old password no longer works');
    assert.deepEqual(messageIds(old.flow), [4000006]);
    const ok = await login(fresh, newEmail, newPassword);
    assert.equal(ok.kind, 'success');
    assert.equal(ok.session.identity.id, registered.identity.id);
    assert.equal(ok.session.identity.traits.email, newEmail);
  });

  test('createBrowserSettingsFlow while signed out rejects with 401 session_inactive', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const r = await inPage(page, (k) => k.createBrowserSettingsFlow());
    assert.equal(r.value, undefined);
    assert.equal(r.error.kind, 'api');
    assert.equal(r.error.status, 401);
    assert.equal(r.error.id, 'session_inactive');
    assert.equal(r.error.reason, 'No active session was found in this request.');
    assert.equal(r.error.signedOut, true);
    assert.equal((await lastWire(page, '/self-service/settings/browser')).status, 401);
  });
});
