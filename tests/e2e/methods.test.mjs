// Issue 12 §4: every v1 method against the real Kratos, through the SDK and its helpers
// (loginWithCode, registerWithCode, resendCode, codeAddresses, identifierFirst, linkOidc/unlinkOidc).
// Profiles are overlay files in tests/kratos/profiles/. What each submit sent is read from Chromium's
// own request log (page.on('request')), not from the SDK.
// Env KRATOS_VERSION (default v1.3.1) names the release under test where the two releases differ (profiles.mjs).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import crypto from 'node:crypto';
import { stack } from '../harness/context.mjs';
import { uniqueEmail, strongPassword } from '../harness/util.mjs';
import { sdkPage, inPage, lastWire, wireOf, register, messageIds } from './sdk.mjs';
import { totpCode } from './webauthn-util.mjs';
import { V26, profile, captureRequests } from './profiles.mjs';

const nodeOf = (flow, name) => flow.ui.nodes.find((n) => n.attributes.name === name);
const allIds = (flow) => [...(flow.ui.messages ?? []), ...flow.ui.nodes.flatMap((n) => n.messages)].map((m) => m.id);

describe('one-time codes as a first factor (profile code-passwordless)', () => {
  let p;
  before(async () => { p = await stack().startProfile(profile('code-passwordless'), { name: 'code-passwordless' }); });
  after(async () => { await p?.stop(); });

  test('sign-up with a code: profile step, code sent, resent, a wrong code, the right one → session (method code)', async () => {
    const page = await sdkPage(p);
    const wire = captureRequests(page, p.publicUrl);
    const email = uniqueEmail('code-reg');
    const sent = await inPage(page, async (k, kb, email) => {
      const flow = await k.createBrowserRegistrationFlow();
      const step = await k.updateRegistrationFlow({ flow, updateRegistrationFlowBody: { method: 'profile', traits: { email } } });
      const out = await kb.registerWithCode(k, { flow: step.flow });   // traits: the ones Kratos kept
      return { step: step.kind, offers: step.flow.ui.nodes.filter((n) => n.group === 'code').map((n) => n.attributes.value), out };
    }, email);
    assert.equal(sent.error, undefined, JSON.stringify(sent.error));
    assert.equal(sent.value.step, 'flow');
    assert.ok(sent.value.offers.includes('code'), `step 2 offers the code method: ${sent.value.offers}`);
    assert.equal(sent.value.out.kind, 'flow');
    assert.equal(sent.value.out.flow.state, 'sent_email');
    assert.deepEqual(messageIds(sent.value.out.flow), [1040005]);
    assert.deepEqual(wire.last('/self-service/registration').body, { csrf_token: wire.last('/self-service/registration').body.csrf_token, method: 'code', traits: { email } });
    const first = await p.mail.waitForCode(email, 'registration');

    const resent = await inPage(page, (k, kb, flow) => kb.resendCode(k, { flow }), sent.value.out.flow);
    assert.equal(resent.error, undefined, JSON.stringify(resent.error));
    assert.equal(resent.value.kind, 'flow');
    assert.equal(resent.value.flow.state, 'sent_email');
    const { csrf_token: _c1, ...resendBody } = wire.last('/self-service/registration').body;
    assert.deepEqual(resendBody, { method: 'code', resend: 'code', traits: { email } });
    const second = await p.mail.waitForCode(email, 'registration');
    assert.match(second, /^\d{6}$/);

    const wrong = first === '000000' || second === '000000' ? '111111' : '000000';
    const done = await inPage(page, async (k, kb, { flow, wrong, code }) => {
      const bad = await kb.registerWithCode(k, { flow, code: wrong });
      const ok = await kb.registerWithCode(k, { flow: bad.flow, code });
      return { bad: bad.kind, badState: bad.flow?.state, ok, session: await k.toSession() };
    }, { flow: resent.value.flow, wrong, code: second });
    assert.equal(done.error, undefined, JSON.stringify(done.error));
    assert.equal(done.value.bad, 'flow', 'a wrong code is a flow with a message');
    assert.equal(done.value.badState, 'sent_email');
    assert.equal(done.value.ok.kind, 'success', JSON.stringify(done.value.ok).slice(0, 500));
    assert.equal(done.value.ok.identity.traits.email, email);
    assert.deepEqual(done.value.session.authentication_methods.map((m) => m.method), ['code']);
    const { csrf_token: _c2, ...codeBody } = wire.last('/self-service/registration').body;
    assert.deepEqual(codeBody, { method: 'code', traits: { email }, code: second });
  });

  test('login with a code: identifier → sent_email; resent; the code (identifier kept from the flow) → session', async () => {
    const email = uniqueEmail('code-login');
    await register(await sdkPage(p), email, strongPassword());
    const page = await sdkPage(p);
    const wire = captureRequests(page, p.publicUrl);
    const sent = await inPage(page, async (k, kb, email) => {
      const flow = await k.createBrowserLoginFlow();
      return { offered: !!flow.ui.nodes.find((n) => n.group === 'code' && n.attributes.value === 'code'), out: await kb.loginWithCode(k, { flow, identifier: email }) };
    }, email);
    assert.equal(sent.error, undefined, JSON.stringify(sent.error));
    assert.ok(sent.value.offered, 'the login flow offers the code method');
    assert.equal(sent.value.out.kind, 'flow');
    assert.equal(sent.value.out.flow.state, 'sent_email');
    assert.deepEqual(messageIds(sent.value.out.flow), [1010014]);
    assert.equal(nodeOf(sent.value.out.flow, 'identifier')?.attributes.type, 'hidden');
    await p.mail.waitForCode(email, 'login');

    const resent = await inPage(page, (k, kb, flow) => kb.resendCode(k, { flow }), sent.value.out.flow);
    assert.equal(resent.error, undefined, JSON.stringify(resent.error));
    assert.equal(resent.value.kind, 'flow');
    assert.equal(resent.value.flow.state, 'sent_email');
    const { csrf_token: _c1, ...resendBody } = wire.last('/self-service/login').body;
    assert.deepEqual(resendBody, { method: 'code', resend: 'code', identifier: email });
    const code = await p.mail.waitForCode(email, 'login');

    const done = await inPage(page, async (k, kb, { flow, code }) => {
      const out = await kb.loginWithCode(k, { flow, code });
      return { kind: out.kind, methods: out.session?.authentication_methods.map((m) => m.method), aal: out.session?.authenticator_assurance_level };
    }, { flow: resent.value.flow, code });
    assert.equal(done.error, undefined, JSON.stringify(done.error));
    assert.deepEqual(done.value, { kind: 'success', methods: ['code'], aal: 'aal1' });
    const { csrf_token: _c2, ...codeBody } = wire.last('/self-service/login').body;
    assert.deepEqual(codeBody, { method: 'code', identifier: email, code });
  });
});

describe('one-time codes as a second factor (profile code-mfa)', () => {
  let p;
  before(async () => { p = await stack().startProfile(profile('code-mfa'), { name: 'code-mfa' }); });
  after(async () => { await p?.stop(); });

  test('password → aal2Required; `via` on the wire picks the address; the code → aal2 session', async () => {
    const email = uniqueEmail('code-mfa');
    const password = strongPassword();
    await register(await sdkPage(p), email, password);
    const page = await sdkPage(p);
    const wire = captureRequests(page, p.publicUrl);
    const first = await inPage(page, async (k, kb, { email, password }) => {
      const flow = await k.createBrowserLoginFlow();
      return k.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'password', identifier: email, password } });
    }, { email, password });
    assert.equal(first.error, undefined, JSON.stringify(first.error));
    assert.equal(first.value.kind, 'aal2Required');

    const flows = await inPage(page, async (k, kb) => {
      const viaEmail = await k.createBrowserLoginFlow({ aal: 'aal2', via: 'email' });
      let unknown;
      try { unknown = await k.createBrowserLoginFlow({ aal: 'aal2', via: 'nickname' }); } catch (e) { unknown = { status: e.status, reason: e.reason }; }
      return { state: viaEmail.state, addresses: kb.codeAddresses(viaEmail), factors: kb.secondFactors(viaEmail), flow: viaEmail, unknown };
    });
    assert.equal(flows.error, undefined, JSON.stringify(flows.error));
    const init = wire.to('/self-service/login/browser').map((r) => Object.fromEntries(r.url.searchParams));
    assert.deepEqual(init.slice(-2), [{ aal: 'aal2', via: 'email' }, { aal: 'aal2', via: 'nickname' }]);
    if (process.env.KB_RECORD_FIXTURES === '1') fs.writeFileSync(new URL('../fixtures/login-aal2-code.json', import.meta.url), `${JSON.stringify(flows.value.flow, null, 2)}\n`);
    // v1.3.1: one `address` button (the email trait). v26 sends the code at once (code is the only second
    // factor), so the flow arrives in sent_email with the code input instead.
    assert.deepEqual(flows.value.addresses, V26 ? [] : [email], `via=email: ${JSON.stringify(flows.value.flow.ui.nodes.map((n) => [n.group, n.attributes.name, n.attributes.type]))}`);
    assert.deepEqual(flows.value.factors, ['code']);
    // A trait the identity does not have: Kratos refuses the flow.
    assert.equal(flows.value.unknown.status, 400, JSON.stringify(flows.value.unknown));
    assert.match(flows.value.unknown.reason, /No value found for trait nickname/);

    let sentFlow = flows.value.flow;
    if (V26) {
      // v26 sends the code by itself when code is the only second factor: the flow arrives in sent_email.
      assert.equal(flows.value.state, 'sent_email');
    } else {
      assert.equal(flows.value.state, 'choose_method');
      const sent = await inPage(page, (k, kb, { flow, email }) => kb.loginWithCode(k, { flow, address: email }), { flow: flows.value.flow, email });
      assert.equal(sent.error, undefined, JSON.stringify(sent.error));
      assert.equal(sent.value.kind, 'flow');
      assert.equal(sent.value.flow.state, 'sent_email');
      const { csrf_token: _c, ...body } = wire.last('/self-service/login').body;
      assert.deepEqual(body, { method: 'code', address: email });
      sentFlow = sent.value.flow;
    }
    const code = await p.mail.waitForCode(email, 'login');
    const done = await inPage(page, async (k, kb, { flow, code }) => {
      const out = await kb.loginWithCode(k, { flow, code });
      return { kind: out.kind, aal: out.session?.authenticator_assurance_level, methods: out.session?.authentication_methods.map((m) => m.method) };
    }, { flow: sentFlow, code });
    assert.equal(done.error, undefined, JSON.stringify(done.error));
    assert.deepEqual(done.value, { kind: 'success', aal: 'aal2', methods: ['password', 'code'] });
  });
});

describe('identifier-first login (profile identifier-first)', () => {
  let p;
  before(async () => { p = await stack().startProfile(profile('identifier-first'), { name: 'identifier-first' }); });
  after(async () => { await p?.stop(); });

  test('identifier first → the methods of this account → password → session', async () => {
    const email = uniqueEmail('idfirst');
    const password = strongPassword();
    await register(await sdkPage(p), email, password);
    const page = await sdkPage(p);
    const wire = captureRequests(page, p.publicUrl);
    const r = await inPage(page, async (k, kb, { email, password }) => {
      const flow = await k.createBrowserLoginFlow();
      const step = await kb.identifierFirst(k, { flow, identifier: email });
      const names = (f) => f.ui.nodes.map((n) => `${n.group}:${n.attributes.name}`);
      const out = step.kind === 'flow'
        ? await k.updateLoginFlow({ flow: step.flow, updateLoginFlowBody: { method: 'password', identifier: email, password } })
        : step;
      return { first: names(flow), step: step.kind, second: step.flow ? names(step.flow) : [], out: out.kind, methods: out.session?.authentication_methods.map((m) => m.method) };
    }, { email, password });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.ok(r.value.first.includes('identifier_first:method'), JSON.stringify(r.value.first));
    assert.ok(!r.value.first.includes('password:password'), 'no password field before the identifier');
    assert.equal(r.value.step, 'flow');
    assert.ok(r.value.second.includes('password:password'), JSON.stringify(r.value.second));
    const { csrf_token: _c, ...body } = wire.to('/self-service/login').at(-2).body;
    assert.deepEqual(body, { method: 'identifier_first', identifier: email });
    assert.equal(r.value.out, 'success');
    assert.deepEqual(r.value.methods, ['password']);
  });
});

describe('two-step registration screens (main profile)', () => {
  test('profile → credential selection; registrationScreen previous / credential-selection; password → success', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const wire = captureRequests(page, s.publicUrl);
    const email = uniqueEmail('screens');
    const r = await inPage(page, async (k, kb, { email, password }) => {
      const visible = (f) => f.ui.nodes.filter((n) => n.attributes.type !== 'hidden').map((n) => `${n.attributes.name}=${n.attributes.value ?? ''}`);
      const flow = await k.createBrowserRegistrationFlow();
      const two = await k.updateRegistrationFlow({ flow, updateRegistrationFlowBody: { method: 'profile', traits: { email } } });
      // What an app might send by hand: `method: 'profile'` plus the screen.
      const byHand = await k.updateRegistrationFlow({ flow: two.flow, updateRegistrationFlowBody: { method: 'profile', traits: { email }, screen: 'previous' } });
      const back = await kb.registrationScreen(k, { flow: byHand.flow, screen: 'previous' });   // traits from the flow
      const again = await kb.registrationScreen(k, { flow: back.flow, screen: 'credential-selection' });
      const done = await k.updateRegistrationFlow({ flow: again.flow, updateRegistrationFlowBody: { method: 'password', traits: { email }, password } });
      return { one: visible(flow), two: [two.kind, two.flow.state, visible(two.flow), two.flow.ui.messages?.map((m) => m.id)],
        byHand: [byHand.kind, byHand.flow.state, visible(byHand.flow)],
        back: [back.kind, back.flow.state, visible(back.flow)], again: [again.kind, again.flow.state, visible(again.flow)], done: done.kind };
    }, { email, password: strongPassword() });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    const { one, two, byHand, back, again, done } = r.value;
    const profileScreen = (v) => v.includes(`traits.email=${email}`) && v.includes('method=profile') && !v.some((n) => n.startsWith('password='));
    assert.ok(one.includes('traits.email=') && one.includes('method=profile') && !one.some((n) => n.startsWith('password=')), JSON.stringify(one));
    assert.deepEqual(two.slice(0, 2), ['flow', 'choose_method']);
    assert.ok(two[2].includes('password=') && two[2].includes('screen=previous'), JSON.stringify(two[2]));
    assert.ok(!two[2].includes(`traits.email=${email}`), 'the trait is hidden on the credential screen');
    assert.deepEqual(two[3], [1040009]);
    // v1.3.1 reads `method: 'profile'` as "continue" whatever the screen; v26 honours the screen.
    assert.equal(profileScreen(byHand[2]), V26, `method profile + screen previous: ${JSON.stringify(byHand[2])}`);
    assert.equal(back[0], 'flow');
    assert.ok(profileScreen(back[2]), `back on the profile screen, trait kept: ${JSON.stringify(back[2])}`);
    assert.deepEqual(again.slice(0, 2), ['flow', 'choose_method']);
    assert.ok(again[2].includes('password='), JSON.stringify(again[2]));
    assert.equal(done, 'success');
    const bodies = wire.to('/self-service/registration').map(({ body: { csrf_token: _c, ...b } }) => b);
    assert.deepEqual(bodies.slice(2, 4), [{ screen: 'previous', traits: { email } }, { screen: 'credential-selection', traits: { email } }]);
  });
});

describe('settings on the main profile', () => {
  test('OIDC: linkOidc → provider round trip → linked; unlinkOidc → unlinked', async () => {
    const s = stack();
    const page = await sdkPage(s, { config: { onRedirect: false } });
    const wire = captureRequests(page, s.publicUrl);
    const email = uniqueEmail('link');
    const reg = await register(page, email, strongPassword());
    const linked = await inPage(page, async (k, kb) => {
      const flow = await k.createBrowserSettingsFlow();
      return { before: kb.oidcProviders(flow), out: await kb.linkOidc(k, { flow, provider: 'mock' }) };
    });
    assert.equal(linked.error, undefined, JSON.stringify(linked.error));
    assert.deepEqual(linked.value.before, [{ provider: 'mock', linked: false }]);
    assert.equal(linked.value.out.kind, 'redirect');
    const { csrf_token: _c, ...body } = wire.last('/self-service/settings').body;
    assert.deepEqual(body, { method: 'oidc', link: 'mock' });
    const authorize = new URL(linked.value.out.redirectTo);
    assert.equal(authorize.origin + authorize.pathname, s.oidc.urls.authorize);

    s.oidc.nextUser({ email });
    await page.goto(linked.value.out.redirectTo);
    await page.waitForURL((u) => u.href.startsWith(`${s.appOrigin}/settings?flow=`), { timeout: 15_000 });
    const flowId = new URL(page.url()).searchParams.get('flow');
    const { attachSdk } = await import('./sdk.mjs');
    await attachSdk(page, s.publicUrl, { onRedirect: false });
    const unlinked = await inPage(page, async (k, kb, id) => {
      const flow = await k.getSettingsFlow({ id });
      const identity = (await k.toSession()).identity;
      const out = await kb.unlinkOidc(k, { flow, provider: 'mock' });
      return { state: flow.state, providers: kb.oidcProviders(flow), identity: identity.id, out: out.kind, after: kb.oidcProviders(out.flow) };
    }, flowId);
    assert.equal(unlinked.error, undefined, JSON.stringify(unlinked.error));
    assert.equal(unlinked.value.identity, reg.identity.id, 'the same identity, now with the provider linked');
    assert.deepEqual(unlinked.value.providers, [{ provider: 'mock', linked: true }]);
    assert.equal(unlinked.value.out, 'success');
    assert.deepEqual(unlinked.value.after, [{ provider: 'mock', linked: false }]);
  });

  test('a settings flow submitted by an aal1 session of a TOTP identity → aal2Required (403 session_aal2_required)', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const email = uniqueEmail('set-aal2');
    const password = strongPassword();
    await register(page, email, password);
    const shown = await inPage(page, async (k, kb) => { const flow = await k.createBrowserSettingsFlow(); return { flow, secret: kb.totpSecret(flow) }; });
    const enrolled = await inPage(page, (k, kb, { flow, code }) => kb.enableTotp(k, { flow, code }), { flow: shown.value.flow, code: totpCode(shown.value.secret) });
    assert.equal(enrolled.value?.kind, 'success', JSON.stringify(enrolled));
    // A settings flow of the (now aal2) session; then the browser signs in again with the password only (aal1).
    const r = await inPage(page, async (k, kb, { email, password }) => {
      const flow = await k.createBrowserSettingsFlow();
      const { logout_token: token } = await k.createBrowserLogoutFlow();
      await k.updateLogoutFlow({ token });
      const login = await k.createBrowserLoginFlow();
      const first = await k.updateLoginFlow({ flow: login, updateLoginFlowBody: { method: 'password', identifier: email, password } });
      const out = await k.updateSettingsFlow({ flow, updateSettingsFlowBody: { method: 'profile', traits: { email: `x${email}` } } });
      return { first: first.kind, out };
    }, { email, password });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.equal(r.value.first, 'aal2Required');
    assert.equal(r.value.out.kind, 'aal2Required', JSON.stringify(r.value.out).slice(0, 300));
    assert.match(r.value.out.redirectTo, /\/self-service\/login\/browser\?aal=aal2/);
    assert.equal((await lastWire(page, '/self-service/settings?flow=')).status, 403);
    assert.deepEqual(await page.evaluate(() => window.redirects), [], 'nothing navigated');
  });
});

describe('recovery and verification flows by id, and their expiry (profile short-lifespans)', () => {
  let p;
  before(async () => { p = await stack().startProfile(profile('short-lifespans'), { name: 'short-lifespans' }); });
  after(async () => { await p?.stop(); });

  for (const [kind, expiredId] of [['recovery', 4060005], ['verification', 4070005]]) {
    const Kind = kind[0].toUpperCase() + kind.slice(1);
    test(`${kind}: get${Kind}Flow by id; an expired flow's submit → 303 → restarted (${expiredId}); its GET → a fresh flow`, async () => {
      const page = await sdkPage(p);
      const wire = captureRequests(page, p.publicUrl);
      const r = await inPage(page, async (k, kb, Kind) => {
        const flow = await k[`createBrowser${Kind}Flow`]({ returnTo: `${location.origin}/after` });
        const got = await k[`get${Kind}Flow`]({ id: flow.id });
        return { flow, got };
      }, Kind);
      assert.equal(r.error, undefined, JSON.stringify(r.error));
      const { flow, got } = r.value;
      assert.equal(got.id, flow.id);
      assert.equal(got.state, 'choose_method');
      assert.equal(got.return_to, `${p.appOrigin}/after`);
      assert.equal(wire.last(`/self-service/${kind}/flows`).url.searchParams.get('id'), flow.id);

      // Wait for Kratos' own deadline (in the flow), not a blind sleep.
      await new Promise((res) => setTimeout(res, Math.max(0, Date.parse(flow.expires_at) - Date.now()) + 300));
      const out = await inPage(page, async (k, kb, { Kind, flow }) => {
        // GET first: Kratos' restart on submit resets the CSRF cookie, after which the old verification
        // flow is a CSRF error (v1.3.1 checks CSRF before expiry there).
        let again;
        try { again = await k[`get${Kind}Flow`]({ id: flow.id }); } catch (e) { again = { error: e.status }; }
        const out = await k[`update${Kind}Flow`]({ flow, [`update${Kind}FlowBody`]: { method: 'code', email: 'nobody@example.com' } });
        return { out, again };
      }, { Kind, flow });
      assert.equal(out.error, undefined, JSON.stringify(out.error));
      assert.equal(out.value.out.kind, 'restarted');
      assert.notEqual(out.value.out.flow.id, flow.id);
      assert.ok(allIds(out.value.out.flow).includes(expiredId), JSON.stringify(allIds(out.value.out.flow)));
      // Kratos answered the submit with a 303 that fetch followed to the new flow.
      const followed = wire.to(`/self-service/${kind}/flows`).find((q) => q.url.searchParams.get('id') === out.value.out.flow.id);
      assert.equal(followed?.redirectedFrom, `${p.publicUrl}/self-service/${kind}?flow=${flow.id}`);
      const again = out.value.again;
      assert.equal(again.error, undefined, `GET of the expired flow: ${JSON.stringify(again)}`);
      assert.notEqual(again.id, flow.id, 'a fresh flow replaces the expired one');
      assert.equal(again.return_to, `${p.appOrigin}/after`, 'the fresh flow keeps return_to');
      assert.equal((await wireOf(page, `/self-service/${kind}/flows?id=${flow.id}`)).at(-1).status, 410);
    });
  }
});

describe('parameters on the wire', () => {
  test('organization (login, registration), loginChallenge, afterVerificationReturnTo', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const wire = captureRequests(page, s.publicUrl);
    const org = '8f0c4b4e-58a4-4d3e-9d6d-1c6b9f1e2a11';
    const email = uniqueEmail('wire');
    const after = `${s.appOrigin}/verified`;
    const r = await inPage(page, async (k, kb, { org, email, after, password }) => {
      const grab = async (f) => { try { return { value: await f() }; } catch (e) { return { error: { kind: e.kind, status: e.status, id: e.id, reason: e.reason, message: e.message } }; } };
      const login = await k.createBrowserLoginFlow({ organization: org });
      const reg = await grab(() => k.createBrowserRegistrationFlow({ organization: org }));
      const challenge = await grab(() => k.createBrowserLoginFlow({ loginChallenge: 'challenge-123' }));
      const regChallenge = await grab(() => k.createBrowserRegistrationFlow({ loginChallenge: 'challenge-456' }));
      const flow = await k.createBrowserRegistrationFlow({ afterVerificationReturnTo: after });
      const step = await k.updateRegistrationFlow({ flow, updateRegistrationFlowBody: { method: 'profile', traits: { email } } });
      const done = await k.updateRegistrationFlow({ flow: step.flow, updateRegistrationFlowBody: { method: 'password', traits: { email }, password } });
      const show = done.continueWith?.find((c) => c.action === 'show_verification_ui');
      const verification = show ? await k.getVerificationFlow({ id: show.flow.id }) : undefined;
      return {
        login: { org: login.organization_id, groups: [...new Set(login.ui.nodes.map((n) => n.group))] },
        reg: reg.value ? { org: reg.value.organization_id } : reg, challenge, regChallenge,
        done: done.kind, show: !!show, verificationReturnTo: verification?.return_to,
      };
    }, { org, email, after, password: strongPassword() });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    const q = (path, i) => Object.fromEntries(wire.to(path)[i].url.searchParams);
    assert.deepEqual(q('/self-service/login/browser', 0), { organization: org });
    assert.deepEqual(q('/self-service/registration/browser', 0), { organization: org });
    assert.deepEqual(q('/self-service/login/browser', 1), { login_challenge: 'challenge-123' });
    assert.deepEqual(q('/self-service/registration/browser', 1), { login_challenge: 'challenge-456' });
    assert.deepEqual(q('/self-service/registration/browser', 2), { after_verification_return_to: after });

    // Kratos' answers: the organization is kept on the flow and limits login to OIDC (organizations sign in
    // through their provider); without an OAuth2 provider (Hydra) configured, a login_challenge is refused.
    assert.equal(r.value.login.org, org, JSON.stringify(r.value.login));
    assert.deepEqual(r.value.login.groups.filter((g) => g === 'password'), [], `no password with an organization: ${r.value.login.groups}`);
    if (V26) {
      // v26 answers this registration flow with `ui.nodes: null` (no provider of that organization, so no
      // node at all, not even csrf_token); the SDK's flow shape check refuses it as an invalid response.
      assert.equal(r.value.reg.error?.kind, 'invalidResponse', JSON.stringify(r.value.reg));
      assert.equal(r.value.reg.error.status, 200);
    } else {
      assert.deepEqual(r.value.reg, { org }, 'the registration flow keeps the organization too');
    }
    for (const c of [r.value.challenge, r.value.regChallenge]) {
      assert.equal(c.error?.status, 500, JSON.stringify(c));
      assert.match(c.error.reason, /login_challenge/);
    }
    assert.equal(r.value.done, 'success');
    assert.ok(r.value.show, 'registration continues with show_verification_ui');
    assert.equal(r.value.verificationReturnTo, after, 'the verification flow returns to afterVerificationReturnTo');
  });
});

describe('toSession({ tokenizeAs })', () => {
  test('tokenize_as on the wire; Kratos signs the session as a JWT with the template key; an unknown template is a 400', async () => {
    // A throw-away ES256 key, handed to Kratos as a base64:// JWKS (nothing committed).
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwks = { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'e2e-key', alg: 'ES256', use: 'sig' }] };
    const p = await stack().startProfile({
      session: { whoami: { tokenizer: { templates: { e2e: { ttl: '1m', jwks_url: `base64://${Buffer.from(JSON.stringify(jwks)).toString('base64')}` } } } } },
    }, { name: 'tokenizer' });
    try {
      const page = await sdkPage(p);
      const reg = await register(page, uniqueEmail('tokenize'), strongPassword());
      const wire = captureRequests(page, p.publicUrl);
      const r = await inPage(page, async (k) => {
        const s = await k.toSession({ tokenizeAs: 'e2e' });
        let unknown;
        try { await k.toSession({ tokenizeAs: 'nope' }); } catch (e) { unknown = { status: e.status, reason: e.reason }; }
        return { tokenized: s.tokenized, id: s.id, unknown };
      });
      assert.equal(r.error, undefined, JSON.stringify(r.error));
      assert.deepEqual(wire.to('/sessions/whoami').map((q) => q.url.search), ['?tokenize_as=e2e', '?tokenize_as=nope']);
      const [h, c, sig] = r.value.tokenized.split('.');
      const header = JSON.parse(Buffer.from(h, 'base64url'));
      const claims = JSON.parse(Buffer.from(c, 'base64url'));
      assert.deepEqual([header.alg, header.kid], ['ES256', 'e2e-key']);
      assert.equal(claims.sub, reg.identity.id);
      assert.equal(claims.sid, r.value.id);
      assert.ok(crypto.verify('sha256', Buffer.from(`${h}.${c}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64url')), 'signed with the template key');
      assert.equal(r.value.unknown.status, 400, JSON.stringify(r.value.unknown));
      assert.match(r.value.unknown.reason, /Unable to find tokenizer template "nope"/);
    } finally {
      await p.stop();
    }
  });
});

describe('method helpers with bad arguments', () => {
  test('a missing or throwing params object is an invalidArgument rejection, before any request', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const wire = captureRequests(page, s.publicUrl);
    const r = await inPage(page, async (k, kb) => {
      const hostile = new Proxy({}, { get() { throw new Error('trap'); } });
      const out = {};
      for (const name of ['loginWithCode', 'registerWithCode', 'resendCode', 'identifierFirst', 'registrationScreen', 'linkOidc', 'unlinkOidc', 'updateSettingsFlowWithReauth']) {
        for (const [label, arg] of [['null', null], ['proxy', hostile]]) {
          let p;
          try { p = kb[name](k, arg); } catch (e) { out[`${name}(${label})`] = `sync throw ${e?.name}`; continue; }
          try { await p; out[`${name}(${label})`] = 'resolved'; } catch (e) { out[`${name}(${label})`] = e.kind; }
        }
      }
      return { out, readers: [kb.codeAddresses({}), kb.oidcProviders({ ui: { nodes: [null, 1, { type: 'input' }] } })] };
    });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    for (const [call, kind] of Object.entries(r.value.out)) assert.equal(kind, 'invalidArgument', call);
    assert.deepEqual(r.value.readers, [[], []]);
    assert.deepEqual(wire.all(), [], 'nothing was sent');
  });
});
