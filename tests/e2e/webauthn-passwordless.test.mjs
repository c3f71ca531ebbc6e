// Passwordless security keys (`webauthn.config.passwordless: true`) in native mode against the real
// Kratos, on a short-lived extra profile, with a CDP virtual authenticator.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stack } from '../harness/context.mjs';
import { uniqueEmail } from '../harness/util.mjs';
import { sdkPage, inPage, wireOf } from './sdk.mjs';
import { addAuthenticator, logout, inputNames } from './webauthn-util.mjs';

// A roaming key (usb), so nothing here is the passkey path.
const KEY = { transport: 'usb' };

/** Signs up with a security key (two-step: profile, then webauthn); returns the outcome summary. */
const signUp = (page, email) => inPage(page, async (k, kb, email) => {
  const flow = await k.createBrowserRegistrationFlow();
  const out = await kb.webAuthnRegister(k, { flow, traits: { email }, displayName: 'YubiKey' });
  return { kind: out.kind, email: out.identity?.traits?.email, session: !!out.session, name: out.name, message: out.message, flow: out.flow };
}, email);

describe('passwordless security keys (native mode)', () => {
  let pwless;
  before(async () => {
    pwless = await stack().startProfile({ selfservice: { methods: { webauthn: { config: { passwordless: true } } } } }, { name: 'passwordless' });
  });
  after(async () => { await pwless?.stop(); });

  test('sign up with a key (profile, then webauthn), log out, log in with identifier + key', async () => {
    const page = await sdkPage(pwless);
    const auth = await addAuthenticator(page, KEY);
    const email = uniqueEmail('pwless');

    const reg = await signUp(page, email);
    assert.equal(reg.error, undefined, JSON.stringify(reg.error));
    assert.equal(reg.value.kind, 'success', JSON.stringify(reg.value));
    assert.equal(reg.value.email, email);
    assert.equal(reg.value.session, true, 'the session hook signed the new identity in');
    const regCalls = (await wireOf(page, '/self-service/registration?flow=')).map((w) => w.status);
    assert.deepEqual(regCalls, [400, 200], 'profile step (400 + next step), then the key');
    assert.equal((await auth.credentials()).length, 1);

    // Passwordless counts as a first factor: method webauthn at aal1.
    const who = await inPage(page, (k) => k.toSession());
    assert.equal(who.error, undefined, JSON.stringify(who.error));
    assert.deepEqual(who.value.authentication_methods.map((m) => [m.method, m.aal]), [['webauthn', 'aal1']]);
    assert.equal(who.value.authenticator_assurance_level, 'aal1');

    await logout(page, pwless);
    const login = await inPage(page, async (k, kb, email) => {
      const flow = await k.createBrowserLoginFlow();
      const before = window.wire.length, redirectsBefore = window.redirects.length;
      const out = await kb.webAuthnLogin(k, { flow, identifier: email });
      const calls = window.wire.slice(before).map((w) => `${w.status} ${new URL(w.url).pathname}`);
      return { offered: kb.webAuthnCeremonies(flow), kind: out.kind, email: out.session?.identity?.traits?.email, calls, redirects: window.redirects.slice(redirectsBefore), next: out.next, msg: out.message };
    }, email);
    assert.equal(login.error, undefined, JSON.stringify(login.error));
    assert.ok(!login.value.offered.includes('webAuthnLogin'), 'the first step has no key options yet');
    assert.equal(login.value.kind, 'success', JSON.stringify(login.value));
    assert.equal(login.value.email, email);
    // Kratos (v1.3.1, v26.2.0) answers the identifier step with 422 back to the same flow; it is refetched, nothing navigates.
    assert.deepEqual(login.value.calls, ['422 /self-service/login', '200 /self-service/login/flows', '200 /self-service/login']);
    // Only the finished login's next step (Kratos' return_to) reached onRedirect.
    assert.deepEqual(login.value.next?.action, 'redirect');
    assert.deepEqual(login.value.redirects, [login.value.next.redirectTo]);
    const again = await inPage(page, (k) => k.toSession());
    assert.deepEqual(again.value.authentication_methods.map((m) => [m.method, m.aal]), [['webauthn', 'aal1']]);
    assert.equal(again.value.authenticator_assurance_level, 'aal1');
  });

  test('an unknown identifier: the flow comes back with Kratos\' message, no ceremony', async () => {
    const page = await sdkPage(pwless);
    await addAuthenticator(page, KEY);
    const out = await inPage(page, async (k, kb, email) => {
      const out = await kb.webAuthnLogin(k, { flow: await k.createBrowserLoginFlow(), identifier: email });
      return { kind: out.kind, ids: out.flow?.ui.messages.map((m) => m.id) };
    }, uniqueEmail('nobody'));
    assert.equal(out.error, undefined, JSON.stringify(out.error));
    assert.equal(out.value.kind, 'flow', JSON.stringify(out.value));
    assert.ok(out.value.ids.length > 0, JSON.stringify(out.value));
  });

  test('a failed ceremony (sign-up: user verification; login: key missing) is typed; the same flow then succeeds', async () => {
    const page = await sdkPage(pwless);
    const auth = await addAuthenticator(page, KEY);
    const email = uniqueEmail('pwless-cancel');

    await auth.setUserVerified(false);
    const reg = await signUp(page, email);
    assert.equal(reg.error, undefined, JSON.stringify(reg.error));
    assert.equal(reg.value.kind, 'cancelled', JSON.stringify(reg.value));
    assert.equal(reg.value.name, 'NotAllowedError');
    assert.ok(inputNames(reg.value.flow).includes('webauthn_register_trigger'), 'the failure carries the step-2 flow');
    await auth.setUserVerified(true);
    const retry = await inPage(page, async (k, kb, flow) => (await kb.webAuthnRegister(k, { flow })).kind, reg.value.flow);
    assert.equal(retry.error, undefined, JSON.stringify(retry.error));
    assert.equal(retry.value, 'success', 'traits default to the hidden traits.* of step 2');

    // Login asks for no user verification, so swap in an authenticator without the credential
    // (the browser answers NotAllowedError at once) and put the credential back afterwards.
    await logout(page, pwless);
    const [credential] = await auth.credentials();
    await auth.remove();
    const empty = await addAuthenticator(page, KEY);
    const cancelled = await inPage(page, async (k, kb, email) => {
      const out = await kb.webAuthnLogin(k, { flow: await k.createBrowserLoginFlow(), identifier: email });
      return { kind: out.kind, name: out.name, flow: out.flow };
    }, email);
    assert.equal(cancelled.error, undefined, JSON.stringify(cancelled.error));
    assert.equal(cancelled.value.kind, 'cancelled', JSON.stringify(cancelled.value));
    assert.equal(cancelled.value.name, 'NotAllowedError');
    assert.ok(inputNames(cancelled.value.flow).includes('webauthn_login_trigger'), 'the failure carries the flow with the options');

    await empty.cdp.send('WebAuthn.addCredential', { authenticatorId: empty.authenticatorId, credential });
    const ok = await inPage(page, async (k, kb, { flow, email }) => {
      const out = await kb.webAuthnLogin(k, { flow, identifier: email });
      return { kind: out.kind, email: out.session?.identity?.traits?.email };
    }, { flow: cancelled.value.flow, email });
    assert.equal(ok.error, undefined, JSON.stringify(ok.error));
    assert.deepEqual(ok.value, { kind: 'success', email });
  });
});
