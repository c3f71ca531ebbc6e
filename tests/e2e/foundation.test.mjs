// Issue 2's vertical slice against the real Kratos in headless Chromium: two-step registration,
// toSession, logout (204), signed-out 401, password login, wrong password as a flow (400).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { stack } from '../harness/context.mjs';
import { uniqueEmail, strongPassword } from '../harness/util.mjs';
import { sdkPage, inPage, lastWire, register } from './sdk.mjs';

describe('foundation: register → session → logout → login', () => {
  test('two-step registration, toSession, logout 204, 401, login, wrong password', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const email = uniqueEmail();
    const password = strongPassword();

    // Step 1 (profile) is a 400 carrying the step-2 flow: an outcome, not an exception.
    const step1 = await inPage(page, async (k, kb, email) => {
      const flow = await k.createBrowserRegistrationFlow();
      const out = await k.updateRegistrationFlow({ flow, updateRegistrationFlowBody: { method: 'profile', traits: { email } } });
      return { kind: out.kind, nodes: out.flow.ui.nodes.map((n) => n.attributes.name), messages: (out.flow.ui.messages ?? []).map((m) => m.id), flow: out.flow };
    }, email);
    assert.equal(step1.error, undefined, JSON.stringify(step1.error));
    assert.equal(step1.value.kind, 'flow');
    assert.equal((await lastWire(page, '/self-service/registration?flow=')).status, 400);
    assert.ok(step1.value.nodes.includes('password'), `step 2 offers a password: ${step1.value.nodes}`);
    assert.ok(step1.value.messages.includes(1040009), `choose-credentials message: ${step1.value.messages}`);

    const step2 = await inPage(page, async (k, kb, { flow, email, password }) =>
      k.updateRegistrationFlow({ flow: flow.id, updateRegistrationFlowBody: { method: 'password', traits: { email }, password } }),
      { flow: step1.value.flow, email, password });
    assert.equal(step2.error, undefined, JSON.stringify(step2.error));
    assert.equal(step2.value.kind, 'success');
    assert.equal(step2.value.identity.traits.email, email);
    assert.equal((await lastWire(page, '/self-service/registration?flow=')).status, 200);

    const who = await inPage(page, (k) => k.toSession());
    assert.equal(who.value.identity.traits.email, email);
    assert.equal(who.value.authenticator_assurance_level, 'aal1');
    assert.equal(who.value.active, true);

    const out = await inPage(page, async (k) => {
      const flow = await k.createBrowserLogoutFlow();
      await k.updateLogoutFlow({ token: flow.logout_token });
      return flow;
    });
    assert.equal(out.error, undefined, JSON.stringify(out.error));
    assert.match(out.value.logout_url, /\/self-service\/logout\?token=/);
    assert.equal((await lastWire(page, '/self-service/logout?token=')).status, 204);

    const gone = await inPage(page, (k) => k.toSession());
    assert.equal(gone.error?.status, 401);
    assert.equal(gone.error.kind, 'api');
    assert.equal(gone.error.signedOut, true);
    assert.equal(gone.error.isError, true, 'errors are Error instances');

    const login = await inPage(page, async (k, kb, { email, password }) => {
      const flow = await k.createBrowserLoginFlow();
      return k.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'password', identifier: email, password } });
    }, { email, password });
    assert.equal(login.error, undefined, JSON.stringify(login.error));
    assert.equal(login.value.kind, 'success');
    assert.equal(login.value.session.identity.traits.email, email);
    assert.deepEqual(login.value.session.authentication_methods.map((m) => m.method), ['password']);

    const again = await inPage(page, (k) => k.toSession());
    assert.equal(again.value.identity.traits.email, email);
  });

  test('a wrong password is a flow with Kratos message 4000006 (HTTP 400), not an exception', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const email = uniqueEmail();
    await register(page, email, strongPassword());
    const fresh = await sdkPage(s);
    const r = await inPage(fresh, async (k, kb, email) => {
      const flow = await k.createBrowserLoginFlow();
      return k.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'password', identifier: email, password: 'not-the-password-123' } });
    }, email);
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.equal(r.value.kind, 'flow');
    assert.deepEqual(r.value.flow.ui.messages.map((m) => m.id), [4000006]);
    assert.equal((await lastWire(fresh, '/self-service/login?flow=')).status, 400);
    const signedOut = await inPage(fresh, (k) => k.toSession());
    assert.equal(signedOut.error?.status, 401);
  });
});
