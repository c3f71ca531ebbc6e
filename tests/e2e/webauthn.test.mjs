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
