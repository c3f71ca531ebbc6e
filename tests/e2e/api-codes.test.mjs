// Issue 3: recovery and verification by code, with the codes read from Kratos' real courier.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { stack } from '../harness/context.mjs';
import { uniqueEmail, strongPassword } from '../harness/util.mjs';
import { sdkPage, inPage, lastWire, register, messageIds } from './sdk.mjs';

function nodeNames(flow) {
  return flow.ui.nodes.map((n) => n.attributes.name);
}

describe('api: recovery by code', () => {
  test('email → sent_email, courier code → redirect to the settings UI with a session', async () => {
    const s = stack();
    const email = uniqueEmail('recover');
    const registered = await register(await sdkPage(s), email, strongPassword());

    const page = await sdkPage(s);
    const step1 = await inPage(page, async (k, kb, email) => {
      const flow = await k.createBrowserRecoveryFlow();
      const out = await k.updateRecoveryFlow({ flow, updateRecoveryFlowBody: { method: 'code', email } });
      return { flow, out };
    }, email);
    assert.equal(step1.error, undefined, JSON.stringify(step1.error));
    assert.equal(step1.value.flow.state, 'choose_method');
    assert.ok(nodeNames(step1.value.flow).includes('email'), JSON.stringify(nodeNames(step1.value.flow)));
    const sent = step1.value.out;
    assert.equal(sent.kind, 'flow');
    assert.equal((await lastWire(page, '/self-service/recovery?flow=')).status, 200);
    assert.equal(sent.flow.id, step1.value.flow.id);
    assert.equal(sent.flow.state, 'sent_email');
    assert.deepEqual(messageIds(sent.flow), [1060003]);
    const codeNode = sent.flow.ui.nodes.find((n) => n.attributes.name === 'code');
    assert.ok(codeNode, `a code input: ${JSON.stringify(nodeNames(sent.flow))}`);

    const code = await s.mail.waitForCode(email, 'recovery');
    assert.match(code, /^\d{6}$/);

    const step2 = await inPage(page, async (k, kb, { flow, code }) => {
      const out = await k.updateRecoveryFlow({ flow, updateRecoveryFlowBody: { method: 'code', code } });
      return { out, redirects: window.redirects.slice(), session: await k.toSession() };
    }, { flow: sent.flow, code });
    assert.equal(step2.error, undefined, JSON.stringify(step2.error));
    const { out, redirects, session } = step2.value;
    assert.equal(out.kind, 'redirect');
    assert.equal((await lastWire(page, '/self-service/recovery?flow=')).status, 422);
    assert.match(out.redirectTo, new RegExp(`^${s.appOrigin}/settings\\?flow=[0-9a-f-]{36}$`));
    assert.equal(out.body.error.id, 'browser_location_change_required');
    assert.equal(out.body.redirect_browser_to, out.redirectTo);
    assert.deepEqual(redirects, [out.redirectTo], 'onRedirect got the settings URL');
    assert.equal(session.identity.id, registered.identity.id, 'recovery signed the browser in');
    assert.deepEqual(session.authentication_methods.map((m) => m.method), ['code_recovery']);

    // The settings flow Kratos created is this identity's and can be fetched by id.
    const flowId = new URL(out.redirectTo).searchParams.get('flow');
    const settings = await inPage(page, (k, kb, id) => k.getSettingsFlow({ id }), flowId);
    assert.equal(settings.error, undefined, JSON.stringify(settings.error));
    assert.equal(settings.value.id, flowId);
    assert.equal(settings.value.identity.id, registered.identity.id);
    assert.equal(settings.value.state, 'show_form');
  });
});

describe('api: verification by code', () => {
  test('email → sent_email, courier code → passed_challenge; the address is verified', async () => {
    const s = stack();
    const email = uniqueEmail('verify');
    const page = await sdkPage(s);
    const registered = await register(page, email, strongPassword());
    // Registration's show_verification_ui hook already mailed a code for its own flow: consume it first.
    await s.mail.waitForCode(email, 'verification');
    const before = await inPage(page, (k) => k.toSession());
    assert.deepEqual(before.value.identity.verifiable_addresses.map((a) => [a.value, a.verified, a.status]), [[email, false, 'sent']]);

    const step1 = await inPage(page, async (k, kb, email) => {
      const flow = await k.createBrowserVerificationFlow();
      const out = await k.updateVerificationFlow({ flow, updateVerificationFlowBody: { method: 'code', email } });
      return { flow, out };
    }, email);
    assert.equal(step1.error, undefined, JSON.stringify(step1.error));
    assert.equal(step1.value.flow.state, 'choose_method');
    const sent = step1.value.out;
    assert.equal(sent.kind, 'flow');
    assert.equal((await lastWire(page, '/self-service/verification?flow=')).status, 200);
    assert.equal(sent.flow.state, 'sent_email');
    assert.deepEqual(messageIds(sent.flow), [1080003]);
    assert.ok(nodeNames(sent.flow).includes('code'), JSON.stringify(nodeNames(sent.flow)));

    const code = await s.mail.waitForCode(email, 'verification');
    const step2 = await inPage(page, async (k, kb, { id, code }) => {
      const out = await k.updateVerificationFlow({ flow: id, updateVerificationFlowBody: { method: 'code', code } });
      return { out, session: await k.toSession() };
    }, { id: sent.flow.id, code });
    assert.equal(step2.error, undefined, JSON.stringify(step2.error));
    const { out, session } = step2.value;
    assert.equal(out.kind, 'flow');
    assert.equal((await lastWire(page, '/self-service/verification?flow=')).status, 200);
    assert.equal(out.flow.state, 'passed_challenge');
    assert.deepEqual(messageIds(out.flow), [1080002]);
    const cont = out.flow.ui.nodes.find((n) => n.type === 'a');
    assert.equal(cont?.attributes.id, 'continue');
    assert.equal(cont.attributes.href, `${s.appOrigin}/`);

    assert.equal(session.identity.id, registered.identity.id);
    const [addr] = session.identity.verifiable_addresses;
    assert.equal(addr.value, email);
    assert.equal(addr.verified, true);
    assert.equal(addr.status, 'completed');
    assert.ok(addr.verified_at, 'verified_at is set');
  });
});
