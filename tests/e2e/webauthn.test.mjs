// WebAuthn / passkeys in native mode against the real Kratos, with a CDP virtual authenticator.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { stack } from '../harness/context.mjs';
import { uniqueEmail, strongPassword } from '../harness/util.mjs';
import { sdkPage, inPage, lastWire, register } from './sdk.mjs';
import { addAuthenticator, logout, inputNames } from './webauthn-util.mjs';

const DUMP = process.env.KB_DUMP_FLOWS; // a directory: write the flows seen (for native test fixtures)
const dump = (name, v) => { if (DUMP) fs.writeFileSync(`${DUMP}/${name}.json`, JSON.stringify(v, null, 2)); };

describe('passkeys (native mode)', () => {
  test('sign up with a passkey (two-step), log out, log in with it: session method passkey', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const auth = await addAuthenticator(page);
    const email = uniqueEmail('passkey');

    const reg = await inPage(page, async (k, kb, email) => {
      const flow = await k.createBrowserRegistrationFlow();
      const out = await kb.passkeyRegister(k, { flow, traits: { email } });
      return { kind: out.kind, identity: out.identity, session: out.session, name: out.name, message: out.message, flow: out.flow };
    }, email);
    assert.equal(reg.error, undefined, JSON.stringify(reg.error));
    assert.equal(reg.value.kind, 'success', JSON.stringify(reg.value));
    assert.equal(reg.value.identity.traits.email, email);
    assert.equal((await lastWire(page, '/self-service/registration?flow=')).status, 200);
    const creds = await auth.credentials();
    assert.equal(creds.length, 1, 'one resident credential on the authenticator');
    assert.equal(creds[0].isResidentCredential, true);

    const who = await inPage(page, (k) => k.toSession());
    assert.equal(who.value.identity.traits.email, email);
    assert.deepEqual(who.value.authentication_methods.map((m) => m.method), ['passkey']);

    await logout(page);
    const login = await inPage(page, async (k, kb) => {
      const flow = await k.createBrowserLoginFlow();
      const offered = kb.webAuthnCeremonies(flow);
      const out = await kb.passkeyLogin(k, { flow });
      return { offered, flow, kind: out.kind, session: out.session, name: out.name, message: out.message };
    });
    assert.equal(login.error, undefined, JSON.stringify(login.error));
    dump('login-flow', login.value.flow);
    assert.deepEqual(login.value.offered, ['passkeyLogin']);
    assert.equal(login.value.kind, 'success', JSON.stringify(login.value));
    assert.equal(login.value.session.identity.traits.email, email);
    const again = await inPage(page, (k) => k.toSession());
    assert.deepEqual(again.value.authentication_methods.map((m) => m.method), ['passkey']);
    assert.equal(again.value.authenticator_assurance_level, 'aal1');
  });
});

describe('security keys and passkeys in settings (native mode)', () => {
  test('add a passkey and a security key, password + key login (aal2), remove the passkey', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const email = uniqueEmail('mfa-key');
    const password = strongPassword();
    await register(page, email, password);
    const auth = await addAuthenticator(page);

    // A passkey first: it is a first factor, so settings stay reachable at aal1.
    const pk = await inPage(page, async (k, kb) => {
      const flow = await k.createBrowserSettingsFlow();
      const offered = kb.webAuthnCeremonies(flow);
      const out = await kb.passkeySettingsRegister(k, { flow });
      return { offered, flow, kind: out.kind, state: out.flow?.state, creds: out.flow && kb.webAuthnCredentials(out.flow), msg: out.message };
    });
    assert.equal(pk.error, undefined, JSON.stringify(pk.error));
    dump('settings-flow', pk.value.flow);
    assert.deepEqual(pk.value.offered, ['passkeySettingsRegister', 'webAuthnRegister']);
    assert.equal(pk.value.kind, 'success', JSON.stringify(pk.value));
    assert.equal(pk.value.state, 'success');
    assert.deepEqual(pk.value.creds.map((c) => c.method), ['passkey']);

    const key = await inPage(page, async (k, kb) => {
      const flow = await k.createBrowserSettingsFlow();
      const out = await kb.webAuthnRegister(k, { flow, displayName: 'YubiKey 5' });
      return { kind: out.kind, state: out.flow?.state, creds: out.flow && kb.webAuthnCredentials(out.flow), msg: out.message };
    });
    assert.equal(key.error, undefined, JSON.stringify(key.error));
    assert.equal(key.value.kind, 'success', JSON.stringify(key.value));
    assert.deepEqual(key.value.creds.map((c) => c.method).sort(), ['passkey', 'webauthn']);
    const named = key.value.creds.find((c) => c.method === 'webauthn');
    assert.equal(named.displayName, 'YubiKey 5', JSON.stringify(named));
    assert.equal((await auth.credentials()).length, 2);

    // Kratos v1.3.1 counts the registration itself as an authentication: the session gains the
    // passkey (aal1) and webauthn (aal2) methods and is aal2 right away.
    const upgraded = await inPage(page, (k) => k.toSession());
    assert.equal(upgraded.error, undefined, JSON.stringify(upgraded.error));
    assert.equal(upgraded.value.authenticator_assurance_level, 'aal2');
    assert.deepEqual(upgraded.value.authentication_methods.map((m) => m.method), ['password', 'passkey', 'webauthn']);

    // Password + security key from a fresh login: the password step answers 422 → ?aal=aal2.
    await logout(page);
    const pw = await inPage(page, async (k, kb, { email, password }) => {
      const flow = await k.createBrowserLoginFlow();
      const out = await k.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'password', identifier: email, password } });
      return { kind: out.kind, redirectTo: out.redirectTo, redirects: window.redirects.slice() };
    }, { email, password });
    assert.equal(pw.error, undefined, JSON.stringify(pw.error));
    assert.equal(pw.value.kind, 'redirect');
    assert.match(pw.value.redirectTo, /\/self-service\/login\/browser\?aal=aal2/);
    assert.deepEqual(pw.value.redirects.slice(-1), [pw.value.redirectTo]);
    // A second factor exists: whoami (required_aal highest_available) wants aal2.
    const whoami = await inPage(page, (k) => k.toSession());
    assert.equal(whoami.error?.status, 403);
    assert.equal(whoami.error.id, 'session_aal2_required');

    const step = await inPage(page, async (k, kb) => {
      const flow = await k.createBrowserLoginFlow({ aal: 'aal2' });
      const offered = kb.webAuthnCeremonies(flow);
      const out = await kb.webAuthnLogin(k, { flow });
      return { flow, offered, kind: out.kind, aal: out.session?.authenticator_assurance_level, methods: out.session?.authentication_methods?.map((m) => m.method), msg: out.message };
    });
    assert.equal(step.error, undefined, JSON.stringify(step.error));
    dump('login-aal2-flow', step.value.flow);
    assert.deepEqual(step.value.offered, ['webAuthnLogin']);
    assert.ok(inputNames(step.value.flow).includes('identifier'), 'the aal2 flow carries the hidden identifier');
    assert.equal(step.value.kind, 'success', JSON.stringify(step.value));
    assert.equal(step.value.aal, 'aal2');
    assert.deepEqual(step.value.methods, ['password', 'webauthn']);
    const who = await inPage(page, (k) => k.toSession());
    assert.equal(who.value.authenticator_assurance_level, 'aal2');

    const removed = await inPage(page, async (k, kb) => {
      const flow = await k.createBrowserSettingsFlow();
      const passkey = kb.webAuthnCredentials(flow).find((c) => c.method === 'passkey');
      const out = await kb.removeWebAuthnCredential(k, { flow, credential: passkey });
      return { kind: out.kind, creds: kb.webAuthnCredentials(out.flow) };
    });
    assert.equal(removed.error, undefined, JSON.stringify(removed.error));
    assert.equal(removed.value.kind, 'success');
    assert.deepEqual(removed.value.creds.map((c) => c.method), ['webauthn']);
  });
});
