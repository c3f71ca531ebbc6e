// OIDC through the SDK against the real Kratos and the harness' mock issuer (tests/harness/oidc.mjs):
// `method: 'oidc'` is Kratos' 422 browser_location_change_required → a checked `redirect` outcome to the
// issuer's authorize URL; following it completes the authorization-code round trip (issuer → Kratos callback
// → app) and leaves an `oidc`/`mock` session. An issuer on another origin is an unsafeRedirect unless listed.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { stack } from '../harness/context.mjs';
import { uniqueEmail } from '../harness/util.mjs';
import { sdkPage, attachSdk, inPage, lastWire, BLANK } from './sdk.mjs';

const CALLBACK = '/self-service/methods/oidc/callback/mock';

/**
 * Creates a `kind` ('registration'|'login') flow with return_to = `returnTo` and submits method oidc.
 * Resolves to { value: {out, redirects, nodes} } or { error }.
 */
function submitOidc(page, kind, { returnTo, loginHint } = {}) {
  return inPage(page, async (k, kb, { kind, returnTo, loginHint }) => {
    const create = kind === 'login' ? 'createBrowserLoginFlow' : 'createBrowserRegistrationFlow';
    const update = kind === 'login' ? 'updateLoginFlow' : 'updateRegistrationFlow';
    const bodyKey = kind === 'login' ? 'updateLoginFlowBody' : 'updateRegistrationFlowBody';
    const flow = await k[create](returnTo ? { returnTo } : {});
    const nodes = flow.ui.nodes.filter((n) => n.group === 'oidc').map((n) => ({ name: n.attributes.name, value: n.attributes.value, type: n.attributes.type }));
    const body = { method: 'oidc', provider: 'mock', ...(loginHint ? { upstream_parameters: { login_hint: loginHint } } : {}) };
    window.lastFlow = flow;
    try {
      const out = await k[update]({ flow, [bodyKey]: body });
      return { out, redirects: [...window.redirects], nodes, flowId: flow.id };
    } catch (e) {
      e.redirectsSoFar = [...window.redirects];
      throw e;
    }
  }, { kind, returnTo, loginHint });
}

/** The redirect outcome's URL, checked to be `issuer`'s authorize endpoint with Kratos' parameters. */
function assertAuthorizeUrl(href, { issuer, publicUrl, loginHint }) {
  const u = new URL(href);
  assert.equal(u.origin + u.pathname, issuer.urls.authorize, href);
  assert.equal(u.searchParams.get('client_id'), 'kratos-client');
  assert.equal(u.searchParams.get('response_type'), 'code');
  assert.equal(u.searchParams.get('redirect_uri'), `${publicUrl}${CALLBACK}`);
  assert.ok((u.searchParams.get('state') ?? '').length >= 16, `state present: ${href}`);
  assert.deepEqual(u.searchParams.get('scope').split(' ').sort(), ['email', 'openid']);
  assert.equal(u.searchParams.get('code_challenge'), null, 'pkce: never → no code_challenge');
  if (loginHint) assert.equal(u.searchParams.get('login_hint'), loginHint);
  // v1.3.1 and v26.2.0 browser flows send no nonce (only id_token submissions carry one) and nothing else.
  const expected = ['client_id', 'redirect_uri', 'response_type', 'scope', 'state', ...(loginHint ? ['login_hint'] : [])];
  assert.deepEqual([...u.searchParams.keys()].sort(), expected.sort(), href);
  return u;
}

/** Follow the authorize URL in `page` and wait until Kratos sent the browser back to `returnTo`. */
async function followRoundTrip(page, href, returnTo) {
  const hops = [];
  const onResponse = (r) => {
    if (r.request().isNavigationRequest()) hops.push({ url: r.url(), status: r.status(), location: r.headers().location });
  };
  page.on('response', onResponse);
  try {
    await page.goto(href);
    await page.waitForURL((u) => u.href === returnTo, { timeout: 15_000 });
  } finally {
    page.off('response', onResponse);
  }
  return hops;
}

async function whoami(page) {
  const r = await inPage(page, (k) => k.toSession());
  assert.equal(r.error, undefined, JSON.stringify(r.error));
  return r.value;
}

function assertOidcSession(session, email) {
  assert.equal(session.active, true);
  assert.equal(session.identity.traits.email, email);
  const methods = session.authentication_methods ?? [];
  assert.ok(methods.some((m) => m.method === 'oidc' && m.provider === 'mock'), `authentication_methods: ${JSON.stringify(methods)}`);
}

describe('oidc: redirect to the provider and back', () => {
  test('registration with method oidc: redirect outcome to the issuer, round trip, oidc session', async (t) => {
    const s = stack();
    const page = await sdkPage(s);
    const email = uniqueEmail('oidc-reg');
    const returnTo = `${s.appOrigin}${BLANK}?after=oidc-registration`;
    const tokenCallsBefore = s.oidc.tokenCalls().length;

    const r = await submitOidc(page, 'registration', { returnTo, loginHint: email });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    const { out, redirects, nodes } = r.value;
    assert.ok(nodes.some((n) => n.name === 'provider' && n.value === 'mock'), `oidc nodes: ${JSON.stringify(nodes)}`);
    assert.equal(out.kind, 'redirect');
    assert.equal(out.body.error.id, 'browser_location_change_required');
    assert.equal(out.body.redirect_browser_to, out.redirectTo);
    assert.deepEqual(redirects, [out.redirectTo], 'onRedirect got exactly the authorize URL');
    assert.equal((await lastWire(page, '/self-service/registration?flow=')).status, 422);
    assertAuthorizeUrl(out.redirectTo, { issuer: s.oidc, publicUrl: s.publicUrl, loginHint: email });
    assert.equal(new URL(page.url()).pathname, BLANK, 'onRedirect given: the SDK itself did not navigate');

    const hops = await followRoundTrip(page, out.redirectTo, returnTo);
    const callback = hops.find((h) => h.url.startsWith(`${s.publicUrl}${CALLBACK}`));
    assert.ok(callback, `went through Kratos' callback: ${JSON.stringify(hops)}`);
    assert.equal(callback.status, 303, JSON.stringify(hops));
    const tokenCalls = s.oidc.tokenCalls().slice(tokenCallsBefore);
    assert.ok(tokenCalls.some((t) => t.status === 200), `Kratos exchanged the code: ${JSON.stringify(tokenCalls)}`);

    await attachSdk(page, s.publicUrl);
    const session = await whoami(page);
    assertOidcSession(session, email);
    assert.deepEqual(session.authentication_methods.map((m) => m.method), ['oidc']);
    t.diagnostic(`hops: ${JSON.stringify(hops.map((h) => [h.status, h.url.split('?')[0], (h.location ?? '').split('?')[0]]))}`);
    t.diagnostic(`token auth: ${tokenCalls.map((c) => `${c.auth}→${c.status}`).join(', ')}; amr: ${JSON.stringify(session.authentication_methods)}`);
  });

  test('login with method oidc (user chosen with nextUser): same identity as the OIDC registration', async () => {
    const s = stack();
    const email = uniqueEmail('oidc-login');
    const returnTo = `${s.appOrigin}${BLANK}?after=oidc-login`;

    const first = await sdkPage(s);
    const reg = await submitOidc(first, 'registration', { returnTo, loginHint: email });
    assert.equal(reg.value?.out.kind, 'redirect', JSON.stringify(reg.error));
    await followRoundTrip(first, reg.value.out.redirectTo, returnTo);
    await attachSdk(first, s.publicUrl);
    const registered = await whoami(first);
    assertOidcSession(registered, email);

    // A fresh browser (no session): login via the provider, user picked by the issuer's queue.
    const page = await sdkPage(s);
    s.oidc.nextUser({ email });
    const r = await submitOidc(page, 'login', { returnTo });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.equal(r.value.out.kind, 'redirect');
    assert.deepEqual(r.value.redirects, [r.value.out.redirectTo]);
    assert.equal((await lastWire(page, '/self-service/login?flow=')).status, 422);
    assertAuthorizeUrl(r.value.out.redirectTo, { issuer: s.oidc, publicUrl: s.publicUrl });

    await followRoundTrip(page, r.value.out.redirectTo, returnTo);
    await attachSdk(page, s.publicUrl);
    const session = await whoami(page);
    assertOidcSession(session, email);
    assert.equal(session.identity.id, registered.identity.id, 'login found the identity registered through OIDC');
    assert.notEqual(session.id, registered.id, 'a new session');
  });

  test('the provider denying access sends the browser back to the flow UI with an error message', async (t) => {
    const s = stack();
    const page = await sdkPage(s);
    s.oidc.nextUser({ error: 'access_denied', errorDescription: 'the user said no' });
    const r = await submitOidc(page, 'registration', {});
    assert.equal(r.value?.out.kind, 'redirect', JSON.stringify(r.error));
    const flowId = r.value.flowId;
    await page.goto(r.value.out.redirectTo);
    // Kratos answers the callback with a redirect to the registration UI (the SPA) carrying a flow id.
    await page.waitForURL((u) => u.href.startsWith(`${s.appOrigin}/registration?flow=`), { timeout: 15_000 });
    const landed = new URL(page.url());
    const shownId = landed.searchParams.get('flow');
    await page.goto(`${s.appOrigin}${BLANK}`);
    await attachSdk(page, s.publicUrl);
    const f = await inPage(page, (k, kb, id) => k.getRegistrationFlow({ id }), shownId);
    assert.equal(f.error, undefined, JSON.stringify(f.error));
    const messages = (f.value.ui.messages ?? []).map((m) => ({ id: m.id, type: m.type, text: m.text }));
    assert.ok(messages.some((m) => m.type === 'error'), `error message on the flow: ${JSON.stringify(messages)}`);
    const signedOut = await inPage(page, (k) => k.toSession());
    assert.equal(signedOut.error?.signedOut, true, 'no session after a denied authorization');
    // Recorded for the report: whether Kratos reused the flow or made a new one, and the message.
    t.diagnostic(`denied: flow reused=${shownId === flowId} messages=${JSON.stringify(messages)}`);
  });
});

describe('oidc: issuer on another origin', () => {
  test('is an unsafeRedirect without allowedRedirectOrigins (no navigation); allowed when listed, round trip works', async () => {
    const s = stack();
    const issuer = await s.startOidcIssuer(); // http://localhost:<other port>/__oidc__
    assert.notEqual(issuer.origin, s.appOrigin);
    const p = await s.startProfile(undefined, { name: 'oidc-other-origin', oidcIssuer: issuer.issuer });
    try {
      const email = uniqueEmail('oidc-xorigin');
      const returnTo = `${s.appOrigin}${BLANK}?after=oidc-xorigin`;

      const strict = await sdkPage(s, { publicUrl: p.publicUrl });
      const refused = await submitOidc(strict, 'registration', { returnTo, loginHint: email });
      assert.equal(refused.value, undefined, `should reject: ${JSON.stringify(refused.value)}`);
      assert.equal(refused.error.kind, 'unsafeRedirect', JSON.stringify(refused.error));
      assert.equal(refused.error.isKratosError, true);
      assertAuthorizeUrl(refused.error.redirectTo, { issuer, publicUrl: p.publicUrl, loginHint: email });
      assert.deepEqual(await strict.evaluate(() => window.redirects), [], 'onRedirect never called');
      assert.equal(strict.url(), `${s.appOrigin}${BLANK}`, 'the page did not navigate');
      assert.equal((await lastWire(strict, '/self-service/registration?flow=')).status, 422);
      assert.equal(issuer.authorizations.length, 0, 'the browser never reached the issuer');
      const still = await inPage(strict, (k) => k.createBrowserLoginFlow().then((f) => f.id.length > 0));
      assert.equal(still.value, true, 'the client keeps working after the refusal');

      // Same origin on 127.0.0.1 is a different origin: listing localhost does not allow it.
      const allowed = await sdkPage(s, { publicUrl: p.publicUrl, config: { allowedRedirectOrigins: [issuer.origin] } });
      const checks = await inPage(allowed, async (k, kb, { a, b }) => {
        const check = async (u) => { try { return await k.checkRedirect(u); } catch (e) { return e.kind; } };
        return [await check(a), await check(b)];
      }, { a: issuer.urls.authorize, b: issuer.urls.authorize.replace('//localhost:', '//127.0.0.1:') });
      assert.deepEqual(checks.value, [issuer.urls.authorize, 'unsafeRedirect']);

      const ok = await submitOidc(allowed, 'registration', { returnTo, loginHint: email });
      assert.equal(ok.error, undefined, JSON.stringify(ok.error));
      assert.equal(ok.value.out.kind, 'redirect');
      assert.deepEqual(ok.value.redirects, [ok.value.out.redirectTo]);
      assertAuthorizeUrl(ok.value.out.redirectTo, { issuer, publicUrl: p.publicUrl, loginHint: email });

      await followRoundTrip(allowed, ok.value.out.redirectTo, returnTo);
      assert.equal(issuer.authorizations.length, 1);
      await attachSdk(allowed, p.publicUrl);
      assertOidcSession(await whoami(allowed), email);
    } finally {
      await p.stop();
    }
  });

  test('issuer_url with a trailing slash: discovery issuer matches it verbatim, round trip works', async () => {
    const s = stack();
    const issuer = await s.startOidcIssuer({ trailingSlash: true });
    assert.ok(issuer.issuer.endsWith('/'));
    const p = await s.startProfile(undefined, { name: 'oidc-trailing-slash', oidcIssuer: issuer.issuer });
    try {
      const email = uniqueEmail('oidc-slash');
      const returnTo = `${s.appOrigin}${BLANK}?after=oidc-slash`;
      const page = await sdkPage(s, { publicUrl: p.publicUrl, config: { allowedRedirectOrigins: [issuer.origin] } });
      const r = await submitOidc(page, 'registration', { returnTo, loginHint: email });
      assert.equal(r.error, undefined, JSON.stringify(r.error));
      assertAuthorizeUrl(r.value.out.redirectTo, { issuer, publicUrl: p.publicUrl, loginHint: email });
      const disco = issuer.requests.find((q) => q.endpoint === '/.well-known/openid-configuration');
      assert.ok(disco, 'Kratos fetched <issuer without slash>/.well-known/openid-configuration');
      await followRoundTrip(page, r.value.out.redirectTo, returnTo);
      await attachSdk(page, p.publicUrl);
      assertOidcSession(await whoami(page), email);
    } finally {
      await p.stop();
    }
  });
});
