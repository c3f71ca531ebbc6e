// Issue 12 §2/§3 against the real Kratos (v1.3.1 and v26.2.0; KRATOS_VERSION, else `$KRATOS_BIN version`):
// `continue_with` acted on (the next step of every success and flow outcome, decided in the core), the session
// store seeing a session the moment Kratos issues it (recovery with `use_continue_with_transitions`) or the app's
// own toSession() sees it, and what Kratos v25+/v26 changed (403 session_verified_address_required as a typed
// outcome, 403 session_aal2_required from listMySessions, `identity_schema`, 4000039). A test whose answer depends
// on the release asserts each release's real answer.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stack } from '../harness/context.mjs';
import { uniqueEmail, strongPassword } from '../harness/util.mjs';
import { totp } from '../harness/totp.mjs';
import { sdkPage, inPage, lastWire, register, login } from './sdk.mjs';

const KRATOS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../kratos');
const overlay = (name) => fs.readFileSync(path.join(KRATOS_DIR, name), 'utf8');

/** The Kratos release under test: `v26.2.0`, `v1.3.1`, … */
function kratosVersion() {
  if (process.env.KRATOS_VERSION) return process.env.KRATOS_VERSION;
  const bin = process.env.KRATOS_BIN || path.join(process.env.HOME ?? '', '.cache/kratos-browser/kratos-v1.3.1/kratos');
  const out = execFileSync(bin, ['version'], { encoding: 'utf8' });
  const m = /Version:\s*(v?[\d.]+\S*)/.exec(out);
  if (!m) throw new Error(`cannot read the Kratos version from \`${bin} version\`: ${out}`);
  return m[1].startsWith('v') ? m[1] : `v${m[1]}`;
}
const VERSION = kratosVersion();
/** Kratos v25 and later (year-based versions). */
const V25 = Number(/^v(\d+)/.exec(VERSION)?.[1] ?? 0) >= 25;

describe(`continue_with and Kratos ${VERSION}`, () => {
  let cw;
  before(async () => {
    cw = await stack().startProfile(overlay('continue-with.overlay.yml'), { name: 'continue-with' });
  });
  after(async () => { await cw?.stop(); });

  test('recovery by code with continue_with transitions: flow outcome → next showSettingsUi; signed in at once; settings reachable', async () => {
    const email = uniqueEmail();
    const password = strongPassword();
    await register(await sdkPage(cw), email, password);
    await cw.mail.waitForCode(email, 'verification'); // the registration's verification mail
    const page = await sdkPage(cw);
    const sent = await inPage(page, async (k, kb, email) => {
      window.events = [];
      kb.onSessionChange(k, (e) => window.events.push({ type: e.type, source: e.source }));
      const flow = await k.createBrowserRecoveryFlow();
      return k.updateRecoveryFlow({ flow, updateRecoveryFlowBody: { method: 'code', email } });
    }, email);
    assert.equal(sent.value?.kind, 'flow', JSON.stringify(sent));
    assert.equal(sent.value.flow.state, 'sent_email');
    assert.equal(sent.value.next, null, 'nothing to do next but enter the code');
    const code = await cw.mail.waitForCode(email, 'recovery');
    const r = await inPage(page, async (k, kb, { flow, code }) => {
      const out = await k.updateRecoveryFlow({ flow, updateRecoveryFlowBody: { method: 'code', code } });
      // Read right after the call resolved: no toSession() by the app, no timer.
      const state = kb.getSessionState(k);
      const settings = out.next?.action === 'showSettingsUi' ? await k.getSettingsFlow({ id: out.next.flowId }) : null;
      return { out, state: { status: state.status, email: state.session?.identity?.traits?.email }, settings, redirects: [...window.redirects], events: window.events };
    }, { flow: sent.value.flow, code });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    const { out, state, settings, redirects, events } = r.value;
    assert.equal((await lastWire(page, '/self-service/recovery?flow=')).status, 200, 'Kratos answered 200 (not the 422 of the default config)');
    assert.equal(out.kind, 'flow');
    assert.equal(out.flow.continue_with?.[0]?.action, 'show_settings_ui', JSON.stringify(out.flow.continue_with));
    assert.equal(out.next.action, 'showSettingsUi');
    assert.equal(out.next.flowId, out.flow.continue_with[0].flow.id);
    assert.equal(out.next.url, `${cw.appOrigin}/settings?flow=${out.next.flowId}`);
    assert.deepEqual(out.skipped, []);
    assert.deepEqual(state, { status: 'signedIn', email }, 'the session store saw the new session at once');
    assert.ok(events.some((e) => e.type === 'signedIn' && e.source === 'call'), JSON.stringify(events));
    assert.equal(settings.id, out.next.flowId, 'the app reaches the settings flow without a page load');
    assert.ok(settings.ui.messages.some((m) => m.id === 1060001), JSON.stringify(settings.ui.messages));
    assert.deepEqual(redirects, [], 'a UI step navigates nowhere by itself');

    const changed = await inPage(page, (k, kb, { flow, password }) => k.updateSettingsFlow({ flow, updateSettingsFlowBody: { method: 'password', password } }), { flow: settings, password: strongPassword() });
    assert.equal(changed.value?.kind, 'success', JSON.stringify(changed));
  });

  test('login of an unverified address with require_verified_address', async () => {
    const email = uniqueEmail();
    const password = strongPassword();
    await register(await sdkPage(cw), email, password);
    await cw.mail.waitForCode(email, 'verification');
    const page = await sdkPage(cw);
    const out = await login(page, email, password);
    const wire = await lastWire(page, '/self-service/login?flow=');
    if (!V25) {
      // v1.3.1: the password method's hook answers the login flow again, with message 4000010.
      assert.equal(wire.status, 400);
      assert.equal(out.kind, 'flow', JSON.stringify(out));
      assert.ok(out.flow.ui.messages.some((m) => m.id === 4000010), JSON.stringify(out.flow.ui.messages));
      return;
    }
    // v25+: 403 session_verified_address_required carrying the verification flow Kratos created (code sent).
    assert.equal(wire.status, 403);
    assert.equal(out.kind, 'verificationRequired', JSON.stringify(out));
    assert.equal(out.body.error.id, 'session_verified_address_required');
    assert.equal(out.next.action, 'showVerificationUi');
    assert.equal(out.next.address, email);
    assert.equal(out.next.url, `${cw.appOrigin}/verification?flow=${out.next.flowId}`);
    assert.deepEqual(await page.evaluate(() => window.redirects), []);
    const who = await inPage(page, (k) => k.toSession());
    assert.equal(who.error?.status, 401, 'no session');

    const code = await cw.mail.waitForCode(email, 'verification');
    const done = await inPage(page, async (k, kb, { id, code }) => {
      const flow = await k.getVerificationFlow({ id });
      const verified = await k.updateVerificationFlow({ flow, updateVerificationFlowBody: { method: 'code', code } });
      return { state: flow.state, verified: verified.flow?.state };
    }, { id: out.next.flowId, code });
    assert.deepEqual(done.value, { state: 'sent_email', verified: 'passed_challenge' }, JSON.stringify(done));
    const again = await login(page, email, password);
    assert.equal(again.kind, 'success', JSON.stringify(again));
  });

  test('login and registration success: next step decided from continue_with (redirect handed to onRedirect)', async () => {
    const s = stack();
    const email = uniqueEmail();
    const password = strongPassword();
    const page = await sdkPage(s);
    const reg = await register(page, email, password);
    // The main profile has the show_verification_ui hook after a password registration (both releases).
    assert.equal(reg.next.action, 'showVerificationUi', JSON.stringify(reg.next));
    assert.equal(reg.next.address, email);
    assert.ok(reg.continueWith.some((c) => c.action === 'show_verification_ui' && c.flow.id === reg.next.flowId));
    assert.equal(reg.next.url, `${s.appOrigin}/verification?flow=${reg.next.flowId}`);
    assert.deepEqual(reg.skipped, []);
    await s.mail.waitForCode(email, 'verification');

    const fresh = await sdkPage(s);
    const returnTo = `${s.appOrigin}/after-login`;
    const out = await login(fresh, email, password, { returnTo });
    assert.equal(out.kind, 'success', JSON.stringify(out));
    assert.deepEqual(out.next, { action: 'redirect', redirectTo: returnTo });
    assert.deepEqual(await fresh.evaluate(() => window.redirects), [returnTo], 'onRedirect got the return_to');
  });

  test("the app's own toSession() answer updates the session store", async () => {
    const s = stack();
    const email = uniqueEmail();
    const password = strongPassword();
    await register(await sdkPage(s), email, password);
    const page = await sdkPage(s);
    const r = await inPage(page, async (k, kb, { email, password, baseUrl }) => {
      const events = [];
      kb.onSessionChange(k, (e) => events.push({ type: e.type, source: e.source }));
      await kb.refreshSession(k);
      const before = kb.getSessionState(k).status;
      // Signed in behind this client's back (another client on the same cookies).
      const other = new kb.KratosClient({ baseUrl, onRedirect: false });
      const flow = await other.createBrowserLoginFlow();
      await other.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'password', identifier: email, password } });
      const unnoticed = kb.getSessionState(k).status;
      const session = await k.toSession();
      const after = kb.getSessionState(k);
      return { before, unnoticed, after: after.status, same: after.session?.id === session.id, events };
    }, { email, password, baseUrl: s.publicUrl });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.equal(r.value.before, 'signedOut');
    assert.equal(r.value.unnoticed, 'signedOut');
    assert.equal(r.value.after, 'signedIn');
    assert.equal(r.value.same, true);
    assert.deepEqual(r.value.events.at(-1), { type: 'signedIn', source: 'toSession' }, JSON.stringify(r.value.events));
  });

  test('listMySessions of an aal1 session of a TOTP identity', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const email = uniqueEmail();
    const password = strongPassword();
    await register(page, email, password);
    const enrol = await inPage(page, async (k) => {
      const flow = await k.createBrowserSettingsFlow();
      return { flow, secret: flow.ui.nodes.find((n) => n.attributes.id === 'totp_secret_key')?.attributes.text.context.secret };
    });
    const done = await inPage(page, (k, kb, { flow, code }) => k.updateSettingsFlow({ flow, updateSettingsFlowBody: { method: 'totp', totp_code: code } }), { flow: enrol.value.flow, code: totp(enrol.value.secret) });
    assert.equal(done.value?.kind, 'success', JSON.stringify(done));
    const fresh = await sdkPage(s);
    assert.equal((await login(fresh, email, password)).kind, 'aal2Required');
    const list = await inPage(fresh, (k) => k.listMySessions());
    if (V25) {
      // v25+: GET /sessions applies session.whoami.required_aal (highest_available here).
      assert.equal(list.error?.kind, 'api', JSON.stringify(list));
      assert.equal(list.error.status, 403);
      assert.equal(list.error.id, 'session_aal2_required');
    } else {
      // v1.3.1 lists the sessions of an aal1 session.
      assert.equal(list.error, undefined, JSON.stringify(list.error));
      assert.ok(Array.isArray(list.value.sessions));
    }
  });

  test('settings: a new password equal to the old one', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const email = uniqueEmail();
    const password = strongPassword();
    await register(page, email, password);
    const r = await inPage(page, async (k, kb, password) => {
      const flow = await k.createBrowserSettingsFlow();
      return k.updateSettingsFlow({ flow, updateSettingsFlowBody: { method: 'password', password } });
    }, password);
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    if (V25) {
      assert.equal(r.value.kind, 'flow', JSON.stringify(r.value));
      const ids = [...(r.value.flow.ui.messages ?? []), ...r.value.flow.ui.nodes.flatMap((n) => n.messages)].map((m) => m.id);
      assert.ok(ids.includes(4000039), JSON.stringify(ids));
      assert.equal((await lastWire(page, '/self-service/settings?flow=')).status, 400);
    } else {
      // v1.3.1 accepts it.
      assert.equal(r.value.kind, 'success', JSON.stringify(r.value));
    }
  });

  test('identity_schema on login and registration flows', async () => {
    const s = stack();
    if (!V25) {
      // v1.3.1 has no such parameter (and rejects `selfservice_selectable` in its config): it is sent and ignored.
      const page = await sdkPage(s);
      const r = await inPage(page, (k) => k.createBrowserRegistrationFlow({ identitySchema: 'default' }));
      assert.equal(r.error, undefined, JSON.stringify(r.error));
      assert.match((await lastWire(page, '/self-service/registration/browser')).url, /[?&]identity_schema=default(&|$)/);
      assert.equal(r.value.identity_schema, undefined);
      return;
    }
    const p = await s.startProfile(overlay('selectable-schema.overlay.yml'), { name: 'selectable-schema' });
    try {
      const page = await sdkPage(p);
      const r = await inPage(page, async (k) => ({
        reg: await k.createBrowserRegistrationFlow({ identitySchema: 'alt' }),
        login: await k.createBrowserLoginFlow({ identitySchema: 'alt' }),
      }));
      assert.equal(r.error, undefined, JSON.stringify(r.error));
      assert.match((await lastWire(page, '/self-service/registration/browser')).url, /[?&]identity_schema=alt(&|$)/);
      assert.match((await lastWire(page, '/self-service/login/browser')).url, /[?&]identity_schema=alt(&|$)/);
      assert.equal(r.value.reg.identity_schema, 'alt');
      assert.equal(r.value.login.identity_schema, 'alt');
    } finally {
      await p.stop();
    }
  });
});

describe(`codes Kratos sends by itself (Kratos ${VERSION})`, () => {
  let p;
  before(async () => {
    p = await stack().startProfile(overlay('code-fast.overlay.yml'), { name: 'code-fast' });
  });
  after(async () => { await p?.stop(); });

  test('aal2 login flow of an identity whose only second factor is a code', async () => {
    const page = await sdkPage(p);
    const email = uniqueEmail();
    await register(page, email, strongPassword());
    await p.mail.waitForCode(email, 'verification');
    const r = await inPage(page, (k) => k.createAal2LoginFlow());
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    const flow = r.value;
    assert.equal(flow.requested_aal, 'aal2');
    assert.equal((await lastWire(page, '/self-service/login/browser')).status, 200);
    if (!V25) {
      // v1.3.1 waits for the user to ask for the code.
      assert.equal(flow.state, 'choose_method', JSON.stringify(flow.state));
      return;
    }
    // v25+: the code is already on its way; the flow comes back in sent_email with the code field.
    assert.equal(flow.state, 'sent_email');
    assert.ok(flow.ui.nodes.some((n) => n.attributes.name === 'code'), 'the flow asks for the code');
    const code = await p.mail.waitForCode(email, 'login');
    const out = await inPage(page, (k, kb, { flow, code, email }) => k.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'code', code, identifier: email } }), { flow, code, email });
    assert.equal(out.value?.kind, 'success', JSON.stringify(out));
    assert.equal(out.value.session.authenticator_assurance_level, 'aal2');
  });
});

describe(`identifier-first login of a code-only identity (Kratos ${VERSION})`, () => {
  let p;
  before(async () => {
    p = await stack().startProfile(overlay('code-idfirst.overlay.yml'), { name: 'code-idfirst' });
  });
  after(async () => { await p?.stop(); });

  test('the identifier step', async () => {
    const email = uniqueEmail();
    const signup = await sdkPage(p);
    const sent = await inPage(signup, async (k, kb, email) => {
      const flow = await k.createBrowserRegistrationFlow();
      const step = await k.updateRegistrationFlow({ flow, updateRegistrationFlowBody: { method: 'profile', traits: { email } } });
      return k.updateRegistrationFlow({ flow: step.flow, updateRegistrationFlowBody: { method: 'code', traits: { email } } });
    }, email);
    assert.equal(sent.value?.kind, 'flow', JSON.stringify(sent));
    const regCode = await p.mail.waitForCode(email, 'registration');
    const reg = await inPage(signup, (k, kb, { flow, email, code }) => k.updateRegistrationFlow({ flow, updateRegistrationFlowBody: { method: 'code', traits: { email }, code } }), { flow: sent.value.flow, email, code: regCode });
    assert.equal(reg.value?.kind, 'success', JSON.stringify(reg));

    const page = await sdkPage(p);
    const first = await inPage(page, async (k, kb, email) => {
      const flow = await k.createBrowserLoginFlow();
      return k.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'identifier_first', identifier: email } });
    }, email);
    assert.equal(first.value?.kind, 'flow', JSON.stringify(first));
    assert.equal((await lastWire(page, '/self-service/login?flow=')).status, 400);
    if (!V25) {
      // v1.3.1 shows the code button; the user asks for the code.
      assert.equal(first.value.flow.state, 'choose_method');
      assert.ok(first.value.flow.ui.nodes.some((n) => n.attributes.name === 'method' && n.attributes.value === 'code'));
      return;
    }
    // v25+: the code is already sent; the flow asks for it.
    assert.equal(first.value.flow.state, 'sent_email');
    const code = await p.mail.waitForCode(email, 'login');
    const out = await inPage(page, (k, kb, { flow, code, email }) => k.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'code', code, identifier: email } }), { flow: first.value.flow, code, email });
    assert.equal(out.value?.kind, 'success', JSON.stringify(out));
  });
});
