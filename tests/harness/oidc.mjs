// A small local OpenID Connect issuer for the e2e rig (authorization-code flow only, auto-approving).
//
// Kratos (generic provider `mock`, tests/kratos/kratos.yml.tmpl) talks to it server-side for discovery, token
// and JWKS; the browser only sees `authorize`, which redirects straight back to Kratos' callback. It is mounted
// as static-server routes, so it runs on the app server (the stack's default `oidcIssuer` is
// `${appOrigin}/__oidc__`) or on a server of its own (`startOidcIssuer()`, i.e. another origin).
//
// Endpoints (relative to the issuer URL with any trailing slash removed, as go-oidc builds the discovery URL):
//   GET  /.well-known/openid-configuration   `issuer` is exactly the configured issuer string (go-oidc compares
//                                             it byte for byte with Kratos' `issuer_url`, trailing slash included)
//   GET  /authorize   response_type=code, client_id, redirect_uri, state[, nonce, login_hint, code_challenge…]
//                     → 302 redirect_uri?code=…&state=…  (or ?error=… when the next user says so)
//   POST /token       grant_type=authorization_code; client_secret_basic or client_secret_post
//                     → { access_token, token_type, expires_in, id_token (RS256), scope }
//   GET  /jwks        the RSA public key (node:crypto)
//   GET|POST /userinfo  Bearer access_token → the user's claims
//
// Which user signs in: the authorize request's `login_hint` (Kratos forwards `upstream_parameters.login_hint`)
// wins; otherwise the next queued `issuer.nextUser(...)`; otherwise `defaultUser`. `sub` defaults to a stable
// hash of the email, so the same email is the same OIDC subject across flows (login finds the identity).
import crypto from 'node:crypto';
import { startStaticServer, NEXT } from './static.mjs';

let sharedKey;
/** One RSA key pair per process (generating 2048-bit keys costs ~100 ms). */
function signingKey() {
  if (!sharedKey) {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' });
    const kid = crypto.createHash('sha256').update(jwk.n).digest('base64url').slice(0, 16);
    sharedKey = { privateKey, publicJwk: { ...jwk, kid, use: 'sig', alg: 'RS256' }, kid };
  }
  return sharedKey;
}

const b64url = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** Sign `claims` as a compact RS256 JWT with the process key. */
export function signJwt(claims, { kid, privateKey } = signingKey()) {
  const input = `${b64url({ alg: 'RS256', typ: 'JWT', kid })}.${b64url(claims)}`;
  return `${input}.${crypto.sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

/** Stable OIDC subject for an email. */
export function subjectFor(email) {
  return 'sub-' + crypto.createHash('sha256').update(String(email).toLowerCase()).digest('hex').slice(0, 24);
}

function json(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', Pragma: 'no-cache', ...headers });
  res.end(JSON.stringify(body));
}

function text(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(body);
}

/**
 * Create an issuer (not yet reachable: `mount(server)` it, or use `startOidcIssuer`).
 * @param {{
 *   issuer: string,                 // e.g. 'http://localhost:PORT/__oidc__' (exactly Kratos' issuer_url)
 *   clientId?: string, clientSecret?: string,     // default the template's kratos-client / kratos-secret
 *   defaultUser?: User,             // used when no login_hint and nothing queued; default a fixed example user
 *   codeTtlMs?: number, tokenTtlS?: number,
 * }} opts
 * User = { email?, sub?, emailVerified?=true, claims?: object (extra id_token claims),
 *          error?: string, errorDescription?: string }   // `error` makes authorize redirect with ?error=…
 * @returns {OidcIssuer}
 *
 * OidcIssuer = {
 *   issuer, origin, basePath, clientId, clientSecret,
 *   urls: { discovery, authorize, token, jwks, userinfo },
 *   mount(server) -> unregister()                  // routes `${basePath}/*` on a StaticServer (static.mjs)
 *   nextUser(user) -> void                         // queue the user for the next authorize without login_hint
 *   clearQueue(), defaultUser (read/write),
 *   requests: Array<{endpoint, method, at, query?, form?, auth?, status}>,   // every call, newest last
 *   authorizations: Array<{query, user, code?}>,   // every authorize request
 *   tokenCalls(): the /token entries of `requests`
 *   publicJwk, signJwt(claims),
 * }
 */
export function createOidcIssuer({
  issuer,
  clientId = 'kratos-client',
  clientSecret = 'kratos-secret',
  defaultUser = { email: 'oidc-default@example.com' },
  codeTtlMs = 60_000,
  tokenTtlS = 3600,
} = {}) {
  if (!issuer) throw new Error('createOidcIssuer: issuer is required');
  const base = new URL(issuer.replace(/\/+$/, ''));
  const origin = base.origin;
  const basePath = base.pathname.replace(/\/+$/, ''); // '' when the issuer is an origin
  const root = origin + basePath;
  const urls = {
    discovery: `${root}/.well-known/openid-configuration`,
    authorize: `${root}/authorize`,
    token: `${root}/token`,
    jwks: `${root}/jwks`,
    userinfo: `${root}/userinfo`,
  };
  const key = signingKey();
  const queue = [];
  const codes = new Map(); // code -> {clientId, redirectUri, user, nonce, scope, challenge, method, expires, used}
  const accessTokens = new Map(); // token -> {claims, expires}
  const requests = [];
  const authorizations = [];

  const userClaims = (user) => {
    const email = user.email;
    return {
      sub: user.sub ?? subjectFor(email ?? crypto.randomUUID()),
      ...(email !== undefined ? { email, email_verified: user.emailVerified ?? true } : {}),
      ...(user.claims ?? {}),
    };
  };

  function discovery() {
    return {
      issuer, // verbatim: go-oidc requires an exact match with the configured issuer_url
      authorization_endpoint: urls.authorize,
      token_endpoint: urls.token,
      jwks_uri: urls.jwks,
      userinfo_endpoint: urls.userinfo,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'email', 'profile'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'email', 'email_verified'],
    };
  }

  function authorize(req, res, url, entry) {
    const q = Object.fromEntries(url.searchParams);
    entry.query = q;
    // Errors about the client or redirect_uri must not redirect (RFC 6749 §4.1.2.1).
    if (q.client_id !== clientId) return text(res, 400, `unknown client_id ${JSON.stringify(q.client_id)}`);
    let redirect;
    try {
      redirect = new URL(q.redirect_uri);
      if (!/^https?:$/.test(redirect.protocol)) throw new Error('scheme');
    } catch {
      return text(res, 400, `bad redirect_uri ${JSON.stringify(q.redirect_uri)}`);
    }
    const user = q.login_hint ? { email: q.login_hint } : queue.shift() ?? defaultUser;
    const record = { query: q, user };
    authorizations.push(record);
    const back = (params) => {
      for (const [k, v] of Object.entries(params)) if (v !== undefined) redirect.searchParams.set(k, v);
      res.writeHead(302, { Location: redirect.href, 'Cache-Control': 'no-store' });
      res.end();
    };
    if (user.error) return back({ error: user.error, error_description: user.errorDescription, state: q.state });
    if (q.response_type !== 'code') return back({ error: 'unsupported_response_type', state: q.state });
    if (q.code_challenge && (q.code_challenge_method ?? 'plain') !== 'S256' && q.code_challenge_method !== 'plain') {
      return back({ error: 'invalid_request', error_description: 'code_challenge_method', state: q.state });
    }
    const code = crypto.randomBytes(24).toString('base64url');
    codes.set(code, {
      clientId: q.client_id,
      redirectUri: q.redirect_uri,
      user,
      nonce: q.nonce,
      scope: q.scope ?? 'openid',
      challenge: q.code_challenge,
      challengeMethod: q.code_challenge_method ?? (q.code_challenge ? 'plain' : undefined),
      expires: Date.now() + codeTtlMs,
      used: false,
    });
    record.code = code;
    back({ code, state: q.state });
  }

  async function token(req, res, ctx, entry) {
    const raw = (await ctx.body()).toString('utf8');
    const form = Object.fromEntries(new URLSearchParams(raw));
    entry.form = { ...form, ...(form.client_secret ? { client_secret: '<redacted>' } : {}) };
    let id;
    let secret;
    const authz = req.headers.authorization ?? '';
    if (/^basic /i.test(authz)) {
      const dec = Buffer.from(authz.slice(6).trim(), 'base64').toString('utf8');
      const i = dec.indexOf(':');
      // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
      id = decodeURIComponent((dec.slice(0, i) || '').replace(/\+/g, ' '));
      secret = decodeURIComponent((dec.slice(i + 1) || '').replace(/\+/g, ' '));
      entry.auth = 'client_secret_basic';
    } else if (form.client_id !== undefined) {
      id = form.client_id;
      secret = form.client_secret;
      entry.auth = 'client_secret_post';
    } else {
      entry.auth = 'none';
    }
    if (id !== clientId || secret !== clientSecret) {
      return json(res, 401, { error: 'invalid_client' }, { 'WWW-Authenticate': 'Basic realm="mock-oidc"' });
    }
    if (form.grant_type !== 'authorization_code') return json(res, 400, { error: 'unsupported_grant_type' });
    const c = codes.get(form.code ?? '');
    if (!c || c.used || c.expires < Date.now() || c.clientId !== id) return json(res, 400, { error: 'invalid_grant', error_description: 'unknown, used or expired code' });
    if (form.redirect_uri !== c.redirectUri) return json(res, 400, { error: 'invalid_grant', error_description: 'redirect_uri mismatch' });
    if (c.challenge) {
      const v = form.code_verifier ?? '';
      const ok = c.challengeMethod === 'S256' ? crypto.createHash('sha256').update(v).digest('base64url') === c.challenge : v === c.challenge;
      if (!ok) return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
    }
    c.used = true;
    const now = Math.floor(Date.now() / 1000);
    const claims = userClaims(c.user);
    const idToken = signJwt(
      { iss: issuer, aud: clientId, iat: now, exp: now + tokenTtlS, auth_time: now, ...(c.nonce ? { nonce: c.nonce } : {}), ...claims },
      key,
    );
    const accessToken = crypto.randomBytes(24).toString('base64url');
    accessTokens.set(accessToken, { claims, expires: Date.now() + tokenTtlS * 1000 });
    json(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: tokenTtlS, id_token: idToken, scope: c.scope });
  }

  function userinfo(req, res) {
    const m = /^bearer (.+)$/i.exec(req.headers.authorization ?? '');
    const t = m && accessTokens.get(m[1].trim());
    if (!t || t.expires < Date.now()) {
      return json(res, 401, { error: 'invalid_token' }, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    }
    json(res, 200, t.claims);
  }

  async function handler(req, res, ctx) {
    const sub = ctx.url.pathname.slice(basePath.length);
    const method = req.method.toUpperCase();
    const entry = { endpoint: sub, method, at: Date.now() };
    res.on('finish', () => {
      entry.status = res.statusCode;
    });
    const route = {
      'GET /.well-known/openid-configuration': () => json(res, 200, discovery()),
      'GET /jwks': () => json(res, 200, { keys: [key.publicJwk] }),
      'GET /authorize': () => authorize(req, res, ctx.url, entry),
      'POST /token': () => token(req, res, ctx, entry),
      'GET /userinfo': () => userinfo(req, res),
      'POST /userinfo': () => userinfo(req, res),
    }[`${method} ${sub}`];
    if (!route) return NEXT;
    requests.push(entry);
    return route();
  }

  return {
    issuer,
    origin,
    basePath,
    clientId,
    clientSecret,
    urls,
    publicJwk: key.publicJwk,
    requests,
    authorizations,
    get defaultUser() {
      return defaultUser;
    },
    set defaultUser(u) {
      defaultUser = u;
    },
    nextUser(user) {
      queue.push(typeof user === 'string' ? { email: user } : user);
    },
    clearQueue() {
      queue.length = 0;
    },
    tokenCalls: () => requests.filter((r) => r.endpoint === '/token'),
    signJwt: (claims) => signJwt(claims, key),
    /** Register the issuer's routes on a StaticServer whose origin is the issuer's origin. */
    mount(server) {
      if (server.origin && new URL(server.origin).port !== new URL(origin).port) {
        throw new Error(`oidc issuer ${issuer} mounted on a server at ${server.origin}`);
      }
      return server.route(`${basePath}/*`, handler);
    },
  };
}

/**
 * An issuer on a static server of its own, i.e. another origin than the app (`http://localhost:<new port>`).
 * @param {{path?: string, host?: 'localhost'|'127.0.0.1', trailingSlash?: boolean, port?: number} & object} [opts]
 *   plus createOidcIssuer options (except `issuer`).
 * @returns {Promise<OidcIssuer & {server, close(): Promise<void>}>}
 */
export async function startOidcIssuer({ path = '/__oidc__', host = 'localhost', trailingSlash = false, port = 0, ...opts } = {}) {
  const server = await startStaticServer({ port, mounts: {} });
  const issuerUrl = `http://${host}:${server.port}${path.replace(/\/+$/, '')}${trailingSlash ? '/' : ''}`;
  const iss = createOidcIssuer({ ...opts, issuer: issuerUrl });
  iss.mount(server);
  return Object.assign(iss, { server, close: () => server.close() });
}
