// WebAuthn / passkeys in native mode against the real Kratos, with a CDP virtual authenticator.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { stack } from '../harness/context.mjs';
import { kratosAtLeast, kratosVersion } from '../harness/kratos.mjs';
import { uniqueEmail, strongPassword } from '../harness/util.mjs';
import { sdkPage, attachSdk, inPage, lastWire, register } from './sdk.mjs';
import { addAuthenticator, logout, inputNames, renderForm } from './webauthn-util.mjs';

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

    // Autofill (conditional mediation): Chromium's virtual authenticator picks the passkey itself.
    await logout(page);
    const autofill = await inPage(page, async (k, kb) => {
      const out = await kb.passkeyLogin(k, { flow: await k.createBrowserLoginFlow(), mediation: 'conditional' });
      return { kind: out.kind, email: out.session?.identity?.traits?.email };
    });
    assert.equal(autofill.error, undefined, JSON.stringify(autofill.error));
    assert.deepEqual(autofill.value, { kind: 'success', email });
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

    // Kratos (v1.3.1, v26.2.0) counts the registration itself as an authentication: the session gains the
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
    assert.equal(pw.value.kind, 'aal2Required');
    assert.match(pw.value.redirectTo, /\/self-service\/login\/browser\?aal=aal2/);
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

describe('ceremony failures are typed and leave the flow usable', () => {
  test('user verification fails → cancelled (nothing sent); the same flow then succeeds', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const auth = await addAuthenticator(page);
    const email = uniqueEmail('cancel');
    const reg = await inPage(page, async (k, kb, email) => (await kb.passkeyRegister(k, { flow: await k.createBrowserRegistrationFlow(), traits: { email } })).kind, email);
    assert.equal(reg.value, 'success', JSON.stringify(reg));
    await logout(page);

    await auth.setUserVerified(false);
    const cancelled = await inPage(page, async (k, kb) => {
      const flow = await k.createBrowserLoginFlow();
      const before = window.wire.length;
      const out = await kb.passkeyLogin(k, { flow });
      return { kind: out.kind, name: out.name, message: out.message, sameFlow: out.flow === flow, requests: window.wire.length - before, flow };
    });
    assert.equal(cancelled.error, undefined, JSON.stringify(cancelled.error));
    assert.equal(cancelled.value.kind, 'cancelled');
    assert.equal(cancelled.value.name, 'NotAllowedError');
    assert.equal(cancelled.value.sameFlow, true, 'the outcome carries the flow that was passed in');
    assert.equal(cancelled.value.requests, 0, 'nothing was sent to Kratos');

    await auth.setUserVerified(true);
    const retry = await inPage(page, async (k, kb, flow) => {
      const out = await kb.passkeyLogin(k, { flow });
      return { kind: out.kind, email: out.session?.identity?.traits?.email };
    }, cancelled.value.flow);
    assert.equal(retry.error, undefined, JSON.stringify(retry.error));
    assert.deepEqual(retry.value, { kind: 'success', email });
  });

  test('no authenticator: the app aborts (kind aborted); the flow still works once the key is back', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const auth = await addAuthenticator(page);
    const email = uniqueEmail('abort');
    const reg = await inPage(page, async (k, kb, email) => (await kb.passkeyRegister(k, { flow: await k.createBrowserRegistrationFlow(), traits: { email } })).kind, email);
    assert.equal(reg.value, 'success', JSON.stringify(reg));
    await logout(page);
    const [credential] = await auth.credentials();
    await auth.remove();

    const aborted = await inPage(page, async (k, kb) => {
      window.pendingFlow = await k.createBrowserLoginFlow();
      const ctl = new AbortController();
      setTimeout(() => ctl.abort(), 300); // the browser would wait for a key until the options' timeout
      return kb.passkeyLogin(k, { flow: window.pendingFlow }, { signal: ctl.signal });
    });
    assert.equal(aborted.error?.kind, 'aborted', JSON.stringify(aborted));
    assert.equal(aborted.error.isKratosError, true);

    const again = await addAuthenticator(page);
    await again.cdp.send('WebAuthn.addCredential', { authenticatorId: again.authenticatorId, credential });
    const retry = await inPage(page, async (k, kb) => {
      const out = await kb.passkeyLogin(k, { flow: window.pendingFlow });
      return { kind: out.kind, email: out.session?.identity?.traits?.email };
    });
    assert.equal(retry.error, undefined, JSON.stringify(retry.error));
    assert.deepEqual(retry.value, { kind: 'success', email });
  });

  test('browser refusals → webauthnFailed; unsupported browsers and wrong flows are typed', async () => {
    const s = stack();
    const page = await sdkPage(s);
    await register(page, uniqueEmail('refused'), strongPassword());
    await addAuthenticator(page);
    const twice = await inPage(page, async (k, kb) => {
      const first = await kb.passkeySettingsRegister(k, { flow: await k.createBrowserSettingsFlow() });
      const flow = await k.createBrowserSettingsFlow();
      const data = flow.ui.nodes.find((n) => n.attributes.name === 'passkey_create_data').attributes.value;
      const second = await kb.passkeySettingsRegister(k, { flow });
      // Options naming another RP than the page's origin: the browser refuses (SecurityError).
      const other = await k.createBrowserSettingsFlow();
      const node = other.ui.nodes.find((n) => n.attributes.name === 'passkey_create_data');
      node.attributes.value = node.attributes.value.replace('"id":"localhost"', '"id":"example.com"');
      const foreign = await kb.passkeySettingsRegister(k, { flow: other });
      return { first: first.kind, excludes: JSON.parse(data).publicKey.excludeCredentials?.length ?? 0, second: second.kind, secondName: second.name,
        foreign: foreign.kind, foreignName: foreign.name, sameFlow: foreign.flow === other };
    });
    assert.equal(twice.error, undefined, JSON.stringify(twice.error));
    assert.equal(twice.value.first, 'success');
    if (twice.value.excludes > 0) {
      assert.deepEqual([twice.value.second, twice.value.secondName], ['webauthnFailed', 'InvalidStateError'], JSON.stringify(twice.value));
    } else {
      // Kratos v1.3.1 sends no excludeCredentials: the same authenticator can be added twice.
      assert.equal(twice.value.second, 'success');
    }
    assert.deepEqual([twice.value.foreign, twice.value.foreignName, twice.value.sameFlow], ['webauthnFailed', 'SecurityError', true], JSON.stringify(twice.value));

    const wrong = await inPage(page, async (k, kb) => {
      const settings = await k.createBrowserSettingsFlow();
      const errors = [];
      for (const call of [
        () => kb.passkeyLogin(k, { flow: settings }),           // settings flow: no passkey_challenge
        () => kb.passkeySettingsRegister(k, { flow: settings.id }), // an id: the options live in the object
        () => kb.webAuthnRegister(k, { flow: settings, displayName: 42 }),
        () => kb.passkeyRegister(k, { flow: settings, traits: 'x' }),
      ]) {
        try { await call(); errors.push('resolved'); } catch (e) { errors.push([e.kind, e.message]); }
      }
      return errors;
    });
    assert.equal(wrong.error, undefined, JSON.stringify(wrong.error));
    assert.deepEqual(wrong.value.map((e) => e[0]), ['invalidArgument', 'invalidArgument', 'invalidArgument', 'invalidArgument']);
    assert.match(wrong.value[0][1], /passkey_challenge/);

    const unsupported = await inPage(page, async (k, kb) => {
      const flow = await k.createBrowserSettingsFlow();
      const saved = window.PublicKeyCredential;
      delete window.PublicKeyCredential;
      try {
        const reason = kb.webAuthnUnsupportedReason();
        const out = await kb.passkeySettingsRegister(k, { flow });
        return { reason, kind: out.kind, name: out.name, hasFlow: out.flow === flow };
      } finally {
        window.PublicKeyCredential = saved;
      }
    });
    assert.equal(unsupported.error, undefined, JSON.stringify(unsupported.error));
    assert.match(unsupported.value.reason, /PublicKeyCredential/);
    assert.deepEqual({ ...unsupported.value, reason: undefined }, { reason: undefined, kind: 'unsupported', name: 'NotSupportedError', hasFlow: true });
    assert.equal(await page.evaluate(() => window.kb.webAuthnUnsupportedReason()), undefined);
  });
});

describe('strict Content-Security-Policy', () => {
  test("native mode signs in with a passkey under script-src 'self' 'wasm-unsafe-eval'; script mode is refused with a typed error", async () => {
    const s = stack();
    const csp = `default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' ${s.publicUrl}; base-uri 'none'; form-action 'none'`;
    const off = [
      s.server.route('/__csp__/page.html', (req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp, 'Cache-Control': 'no-store' });
        res.end('<!doctype html><meta charset="utf-8"><title>csp</title><script type="module" src="/__csp__/app.js"></script>');
      }),
      s.server.route('/__csp__/app.js', (req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(`window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));
const kb = await import('/pkg/index.js');
window.kb = kb;
window.kratos = new kb.KratosClient({ baseUrl: ${JSON.stringify(s.publicUrl)}, onRedirect: false });
window.ready = true;`);
      }),
    ];
    try {
      const page = await sdkPage(s);
      const auth = await addAuthenticator(page);
      const email = uniqueEmail('csp');
      const reg = await inPage(page, async (k, kb, email) => (await kb.passkeyRegister(k, { flow: await k.createBrowserRegistrationFlow(), traits: { email } })).kind, email);
      assert.equal(reg.value, 'success', JSON.stringify(reg));
      await logout(page);
      assert.equal((await auth.credentials()).length, 1);

      await page.goto(`${s.appOrigin}/__csp__/page.html`);
      await page.waitForFunction(() => window.ready === true, null, { timeout: 10_000 });
      const out = await page.evaluate(async () => {
        const flow = await window.kratos.createBrowserLoginFlow();
        const r = await window.kb.passkeyLogin(window.kratos, { flow });
        const session = await window.kratos.toSession();
        const nativeViolations = window.violations.slice();
        let script;
        try { script = await window.kb.loadWebAuthnScript(flow, { timeoutMs: 5000 }); } catch (e) { script = { kind: e.kind, name: e.name }; }
        return { kind: r.kind, email: session.identity.traits.email, methods: session.authentication_methods.map((m) => m.method), script, nativeViolations, violations: window.violations.slice() };
      });
      assert.equal(out.kind, 'success', JSON.stringify(out));
      assert.equal(out.email, email);
      assert.deepEqual(out.methods, ['passkey']);
      assert.deepEqual(out.script, { kind: 'network', name: 'KratosError' }, 'webauthn.js from Kratos is blocked by this CSP: typed error');
      assert.deepEqual(out.nativeViolations, [], 'native mode needs nothing the CSP forbids');
      assert.ok(out.violations.length >= 1 && out.violations.every((v) => v.startsWith('script-src')), `the script-mode probe is what the CSP blocked: ${out.violations}`);
    } finally {
      off.forEach((f) => f());
    }
  });
});

describe('script mode (Kratos webauthn.js)', () => {
  test(`passkey sign-up and sign-in through webauthn.js triggers on a rendered form (full-page POST; trigger onloads as on ${kratosVersion()})`, async () => {
    const s = stack();
    const page = await sdkPage(s);
    await addAuthenticator(page);
    const email = uniqueEmail('script');

    // Nothing is loaded for a flow without the script node.
    const none = await inPage(page, async (k, kb) => {
      const flow = await k.createBrowserRegistrationFlow();
      return { status: await kb.loadWebAuthnScript(flow), needs: kb.needsWebAuthnScript(flow), scripts: document.scripts.length, flow };
    });
    assert.equal(none.error, undefined, JSON.stringify(none.error));
    assert.deepEqual({ ...none.value, flow: undefined }, { status: 'notNeeded', needs: false, scripts: 0, flow: undefined });

    const step2 = await inPage(page, async (k, kb, { flow, email }) => {
      const out = await k.updateRegistrationFlow({ flow, updateRegistrationFlowBody: { method: 'profile', traits: { email } } });
      return out.flow;
    }, { flow: none.value.flow, email });
    assert.equal(step2.error, undefined, JSON.stringify(step2.error));
    await renderForm(page, step2.value);
    const loaded = await inPage(page, async (k, kb, flow) => {
      const [a, b] = await Promise.all([kb.loadWebAuthnScript(flow), kb.loadWebAuthnScript(flow)]);
      const again = await kb.loadWebAuthnScript(flow);
      const el = document.querySelector('script#webauthn_script');
      return { a, b, again, count: document.querySelectorAll('script#webauthn_script').length, integrity: el.integrity, crossOrigin: el.crossOrigin,
        referrerPolicy: el.referrerPolicy, triggers: kb.webAuthnTriggers(flow), initialized: window.__oryWebAuthnInitialized };
    }, step2.value);
    assert.equal(loaded.error, undefined, JSON.stringify(loaded.error));
    assert.deepEqual([loaded.value.a, loaded.value.b, loaded.value.again, loaded.value.count], ['ready', 'ready', 'ready', 1], 'loaded once per page');
    assert.match(loaded.value.integrity, /^sha512-/);
    assert.equal(loaded.value.crossOrigin, 'anonymous');
    assert.equal(loaded.value.referrerPolicy, 'no-referrer');
    assert.equal(loaded.value.initialized, true);
    assert.deepEqual(loaded.value.triggers, [{ node: 'passkey_register_trigger', onclick: 'oryPasskeyRegistration' }]);

    // The trigger runs the ceremony and submits the form: Kratos answers the POST with a 303 to the app.
    const nav = page.waitForURL((u) => u.origin === s.appOrigin && !u.pathname.startsWith('/__test__'), { timeout: 15_000 });
    await page.evaluate(() => window.kb.runWebAuthnTrigger(document.querySelector('[name=passkey_register_trigger]').dataset.trigger));
    await nav;
    const whoami = async () => page.evaluate(async (u) => (await fetch(`${u}/sessions/whoami`, { credentials: 'include', headers: { Accept: 'application/json' } })).json(), s.publicUrl);
    const registered = await whoami();
    assert.equal(registered.identity?.traits?.email, email, JSON.stringify(registered));
    assert.deepEqual(registered.authentication_methods.map((m) => m.method), ['passkey']);

    // Sign in twice: by clicking the trigger, then through autofill (the onload trigger starts a
    // conditional-mediation request, which Chromium's virtual authenticator answers by itself).
    for (const via of ['click', 'autofill']) {
      await page.goto(`${s.appOrigin}/__test__/blank.html`);
      await attachSdk(page, s.publicUrl);
      await logout(page);
      const login = await inPage(page, (k) => k.createBrowserLoginFlow());
      assert.equal(login.error, undefined, JSON.stringify(login.error));
      await renderForm(page, login.value);
      const ready = await inPage(page, async (k, kb, flow) => {
        const status = await kb.loadWebAuthnScript(flow, { nonce: 'app-nonce' });
        return { status, nonce: document.querySelector('script#webauthn_script').nonce, triggers: kb.webAuthnTriggers(flow) };
      }, login.value);
      assert.equal(ready.error, undefined, JSON.stringify(ready.error));
      assert.equal(ready.value.status, 'ready');
      assert.equal(ready.value.nonce, 'app-nonce', 'the app nonce replaces the node nonce');
      // v26.2.0's trigger button has no onload any more; autofill starts from the passkey_login input alone.
      const buttonOnload = kratosAtLeast('v26.2.0') ? {} : { onload: 'oryPasskeyLoginAutocompleteInit' };
      assert.deepEqual(ready.value.triggers, [
        { node: 'passkey_login_trigger', onclick: 'oryPasskeyLogin', ...buttonOnload },
        { node: 'passkey_login', onload: 'oryPasskeyLoginAutocompleteInit' },
      ]);
      const nav = page.waitForURL((u) => u.origin === s.appOrigin && !u.pathname.startsWith('/__test__'), { timeout: 15_000 });
      if (via === 'click') {
        await page.evaluate(() => { window.kb.runWebAuthnTrigger({ type: 'input', attributes: { onclickTrigger: 'oryPasskeyLogin' } }); });
      } else {
        await page.evaluate((flow) => { window.kb.runWebAuthnOnloadTriggers(flow); }, login.value);
      }
      await nav;
      const signedIn = await whoami();
      assert.equal(signedIn.identity?.traits?.email, email, `${via}: ${JSON.stringify(signedIn)}`);
      assert.deepEqual(signedIn.authentication_methods.map((m) => m.method), ['passkey']);
    }
  });

  test('script-mode errors are typed: unknown triggers, script not loaded, load timeout, blocked load', async () => {
    const s = stack();
    const off = s.server.route('/__slow__/webauthn.js', () => { /* never answers */ });
    try {
      const page = await sdkPage(s);
      const r = await inPage(page, async (k, kb, appOrigin) => {
        const errors = {};
        const grab = async (name, f) => { try { await f(); errors[name] = 'ok'; } catch (e) { errors[name] = [e.kind, e.name]; } };
        await grab('unknown', () => kb.runWebAuthnTrigger('alert'));
        await grab('notLoaded', () => kb.runWebAuthnTrigger('oryPasskeyLogin'));
        const flow = await k.createBrowserLoginFlow();
        const script = flow.ui.nodes.find((n) => n.type === 'script');
        const slow = structuredClone(flow);
        slow.ui.action = `${appOrigin}/self-service/login`;
        slow.ui.nodes.find((n) => n.type === 'script').attributes.src = `${appOrigin}/__slow__/webauthn.js`;
        await grab('timeout', () => kb.loadWebAuthnScript(slow, { timeoutMs: 300 }));
        const tampered = structuredClone(flow);
        tampered.ui.nodes.find((n) => n.type === 'script').attributes.integrity = 'sha512-' + 'A'.repeat(86) + '==';
        await grab('integrity', () => kb.loadWebAuthnScript(tampered));
        const foreign = structuredClone(flow);
        foreign.ui.nodes.find((n) => n.type === 'script').attributes.src = 'https://cdn.invalid/webauthn.js';
        const foreignStatus = await kb.loadWebAuthnScript(foreign);
        const ok = await kb.loadWebAuthnScript(flow); // a failed load does not poison later ones
        return { errors, foreignStatus, ok, src: script.attributes.src };
      }, s.appOrigin);
      assert.equal(r.error, undefined, JSON.stringify(r.error));
      assert.deepEqual(r.value.errors, {
        unknown: ['invalidArgument', 'KratosError'],
        notLoaded: ['invalidArgument', 'KratosError'],
        timeout: ['timeout', 'KratosError'],
        integrity: ['network', 'KratosError'],
      });
      assert.equal(r.value.foreignStatus, 'notNeeded', 'a script node on another origin than ui.action is ignored');
      assert.equal(r.value.ok, 'ready');
    } finally {
      off();
    }
  });
});
