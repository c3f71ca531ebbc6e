// Issue 3: flow errors, the WebAuthn script and identity schemas through the SDK against the real Kratos.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { stack } from '../harness/context.mjs';
import { sdkPage, inPage, lastWire } from './sdk.mjs';

describe('api: flow errors', () => {
  test('getFlowError({ id: "stub:500" }) returns Kratos\' stub error', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const r = await inPage(page, (k) => k.getFlowError({ id: 'stub:500' }));
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.match(r.value.id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(r.value.error, {
      code: 500,
      status: 'Internal Server Error',
      reason: 'This is a stub error.',
      message: 'An internal server error occurred, please contact the system administrator',
    });
    assert.equal((await lastWire(page, '/self-service/errors?id=stub%3A500')).status, 200);
  });

  test('an unknown error id is a typed 404', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const r = await inPage(page, (k) => k.getFlowError({ id: '00000000-0000-4000-8000-000000000000' }));
    assert.equal(r.value, undefined);
    assert.equal(r.error.isKratosError, true);
    assert.equal(r.error.kind, 'api');
    assert.equal(r.error.status, 404);
    assert.equal(r.error.id, undefined, 'Kratos sends no error.id here');
    assert.equal(r.error.kratosMessage, 'Unable to locate the resource');
    assert.equal((await lastWire(page, '/self-service/errors?id=')).status, 404);
  });
});

describe('api: WebAuthn script and identity schemas', () => {
  test('getWebAuthnJavaScript returns the script text', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const r = await inPage(page, (k) => k.getWebAuthnJavaScript());
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.equal(typeof r.value, 'string');
    // v1.3.1's and v26.2.0's webauthn.js define these globals (kratos-wire-facts §4.2).
    for (const name of ['oryWebAuthnLogin', 'oryWebAuthnRegistration', 'oryPasskeyLogin', 'oryPasskeyRegistration']) {
      assert.ok(r.value.includes(`window.${name} =`), `defines window.${name}`);
    }
    const wire = await lastWire(page, '/.well-known/ory/webauthn.js');
    assert.equal(wire.status, 200);
    assert.match(wire.headers['content-type'], /^text\/javascript/);
  });

  test('listIdentitySchemas contains "default"; getIdentitySchema returns it; an unknown id is a 404', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const r = await inPage(page, async (k) => {
      const list = await k.listIdentitySchemas();
      const one = await k.getIdentitySchema({ id: 'default' });
      let missing;
      try { await k.getIdentitySchema({ id: 'no-such-schema' }); } catch (e) { missing = { kind: e.kind, status: e.status, id: e.id, reason: e.reason }; }
      return { list, one, missing };
    });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    const { list, one, missing } = r.value;
    assert.deepEqual(list.map((x) => x.id), ['default']);
    assert.deepEqual(list[0].schema, one, 'the listed schema is the one served by id');
    assert.equal(one.$id, 'https://kratos-browser.test/identity.email.schema.json');
    const emailTrait = one.properties.traits.properties.email;
    assert.equal(emailTrait.format, 'email');
    assert.deepEqual(emailTrait['ory.sh/kratos'].credentials.password, { identifier: true });
    assert.deepEqual(one.properties.traits.required, ['email']);
    assert.equal((await lastWire(page, '/schemas/default')).status, 200);
    assert.equal(missing.kind, 'api');
    assert.equal(missing.status, 404);
    assert.equal((await lastWire(page, '/schemas/no-such-schema')).status, 404);
  });
});
