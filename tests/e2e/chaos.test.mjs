// Chaos: Kratos disappears mid-flow and comes back (same ports, fresh in-memory DB), and a flaky front proxy
// drops connections. Every failure must be a typed KratosError (never a panic or a hang), the same client must
// keep working, and what Kratos answers for a flow that died with the old process is recorded.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { stack } from '../harness/context.mjs';
import { uniqueEmail, strongPassword } from '../harness/util.mjs';
import { startStaticServer } from '../harness/static.mjs';
import { sdkPage, inPage, lastWire, register, login } from './sdk.mjs';

/** Runs `fn` in the page and returns a plain description of its outcome or error (never throws). */
const GRAB = `async (f) => {
  const t0 = performance.now();
  try { const v = await f(); return { ok: true, kind: v?.kind, ms: performance.now() - t0, value: v }; }
  catch (e) { return { ok: false, ms: performance.now() - t0, kind: e?.kind, status: e?.status, id: e?.id, reason: e?.reason,
    message: e?.message, name: e?.name, isKratosError: window.kb.isKratosError(e), isError: e instanceof Error }; }
}`;

describe('chaos: Kratos stops and restarts under a live client', () => {
  test('stopped Kratos → network errors; restarted on the same ports → the same client works; the old flow is gone', async (t) => {
    const s = stack();
    const p = await s.startProfile(undefined, { name: 'chaos' });
    const { publicPort, adminPort } = p.kratos;
    const page = await sdkPage(s, { publicUrl: p.publicUrl });
    const email = uniqueEmail('chaos');
    const password = strongPassword();

    // A flow that will outlive its Kratos.
    const created = await inPage(page, async (k) => {
      window.oldFlow = await k.createBrowserLoginFlow();
      return window.oldFlow.id;
    });
    assert.equal(created.error, undefined, JSON.stringify(created.error));
    const oldId = created.value;

    await p.kratos.stop();
    assert.equal(p.running, false);

    const down = await inPage(page, async (k, kb, { grab, email, password }) => {
      const g = new Function(`return (${grab})`)();
      return {
        submit: await g(() => k.updateLoginFlow({ flow: window.oldFlow, updateLoginFlowBody: { method: 'password', identifier: email, password } })),
        get: await g(() => k.getLoginFlow({ id: window.oldFlow.id })),
        whoami: await g(() => k.toSession()),
        create: await g(() => k.createBrowserRegistrationFlow()),
        check: await g(() => k.checkRedirect(location.origin + '/x')),
        redirects: window.redirects.length,
      };
    }, { grab: GRAB, email, password });
    const d = down.value;
    for (const name of ['submit', 'get', 'whoami', 'create']) {
      assert.equal(d[name].ok, false, `${name} resolved while Kratos is down`);
      assert.equal(d[name].kind, 'network', `${name}: ${JSON.stringify(d[name])}`);
      assert.equal(d[name].isKratosError, true);
      assert.equal(d[name].isError, true);
      assert.equal(d[name].status, undefined, `${name}: no HTTP status on a network error`);
    }
    // POSTs are not retried; idempotent GETs are (default 2 retries, 200 + 400 ms backoff).
    assert.ok(d.submit.ms < 1000, `submit failed fast: ${d.submit.ms} ms`);
    assert.ok(d.get.ms >= 500, `GET retried before giving up: ${d.get.ms} ms`);
    assert.equal(d.check.ok, true, 'a call that needs no network still works');
    assert.equal(d.redirects, 0);
    t.diagnostic(`down: submit ${d.submit.ms | 0} ms, get ${d.get.ms | 0} ms; message: ${d.submit.message}`);

    const started = Date.now();
    await p.start();
    t.diagnostic(`restart took ${Date.now() - started} ms`);
    assert.equal(p.running, true);
    assert.deepEqual([p.kratos.publicPort, p.kratos.adminPort], [publicPort, adminPort], 'same ports');

    // The old flow died with the in-memory database.
    const gone = await inPage(page, async (k, kb, { grab, id, email, password }) => {
      const g = new Function(`return (${grab})`)();
      return {
        get: await g(() => k.getLoginFlow({ id })),
        submit: await g(() => k.updateLoginFlow({ flow: window.oldFlow, updateLoginFlowBody: { method: 'password', identifier: email, password } })),
      };
    }, { grab: GRAB, id: oldId, email, password });
    const g = gone.value;
    t.diagnostic(`old flow after restart: get → ${JSON.stringify({ kind: g.get.kind, status: g.get.status, id: g.get.id, reason: g.get.reason, message: g.get.message })}`);
    t.diagnostic(`old flow after restart: submit → ${JSON.stringify({ ok: g.submit.ok, kind: g.submit.kind, status: g.submit.status, id: g.submit.id, reason: g.submit.reason, message: g.submit.message })}`);
    assert.equal(g.get.ok, false);
    assert.equal(g.get.kind, 'api', JSON.stringify(g.get));
    assert.equal(g.get.status, 404, JSON.stringify(g.get));
    assert.match(g.get.message, /Unable to locate the resource/); // x/sqlcon ErrNoRows: no error.id, no reason
    assert.equal(g.submit.ok, false, `submitting the dead flow resolved: ${JSON.stringify(g.submit)}`);
    assert.equal(g.submit.kind, 'api', JSON.stringify(g.submit));
    assert.equal(g.submit.status, 404, JSON.stringify(g.submit));

    // The same client: new flows, registration, session, login — all against the restarted Kratos.
    await register(page, email, password);
    const after = await inPage(page, async (k, kb, { email, password }) => {
      const who = await k.toSession();
      const fresh = await k.createBrowserLoginFlow({ refresh: true });
      const out = await k.updateLoginFlow({ flow: fresh, updateLoginFlowBody: { method: 'password', identifier: email, password } });
      return { who: who.identity.traits.email, login: out.kind, again: out.session?.identity?.traits?.email };
    }, { email, password });
    assert.equal(after.error, undefined, JSON.stringify(after.error));
    assert.deepEqual(after.value, { who: email, login: 'success', again: email });
    assert.equal((await lastWire(page, '/self-service/login?flow=')).status, 200);
    await p.stop();
  });

  test('a restart invalidates the session cookie: toSession is signed out (401), not an exception', async () => {
    const s = stack();
    const p = await s.startProfile(undefined, { name: 'chaos-session' });
    try {
      const page = await sdkPage(s, { publicUrl: p.publicUrl });
      await register(page, uniqueEmail('chaos-session'), strongPassword());
      const before = await inPage(page, (k) => k.toSession().then((x) => x.active));
      assert.equal(before.value, true);
      await p.restart();
      const r = await inPage(page, (k) => k.toSession());
      assert.equal(r.error?.kind, 'api', JSON.stringify(r));
      assert.equal(r.error.status, 401);
      assert.equal(r.error.signedOut, true);
    } finally {
      await p.stop();
    }
  });
});

/**
 * A flaky proxy in front of the main Kratos, on a server of its own (`http://localhost:<port>`, same site as the
 * app; Kratos' CORS answers the app origin because the Origin header is passed through). `plan(method, path)`
 * decides per request: 'drop' (close the socket without an answer), 'cut' (headers with the full
 * Content-Length, half the body, then a reset), 'anonymous' (passed on without the Cookie header: Kratos'
 * real answer for a replica that does not know the session yet) or 'pass'. Every answer has `Connection: close`, so each request
 * uses a new socket: Chromium silently resends a request whose *reused* keep-alive socket dies without an
 * answer, which would hide the drop from the SDK. Preflights always pass and are not logged.
 */
async function flakyProxy(plan) {
  const s = stack();
  const log = [];
  const target = new URL(s.publicUrl);
  const server = await startStaticServer({ mounts: {} });
  server.route('/*', async (req, res, ctx) => {
    const path = ctx.url.pathname + ctx.url.search;
    const action = req.method === 'OPTIONS' ? 'pass' : plan(req.method, path);
    if (req.method !== 'OPTIONS') log.push({ method: req.method, path, action });
    if (action === 'drop') return req.socket.destroy();
    const body = await ctx.body();
    const headers = { ...req.headers, host: target.host };
    delete headers.connection;
    if (action === 'anonymous') delete headers.cookie;
    await new Promise((resolve) => {
      const up = http.request({ host: '127.0.0.1', port: target.port, method: req.method, path, headers, agent: false }, (upRes) => {
        const chunks = [];
        upRes.on('data', (c) => chunks.push(c));
        upRes.on('end', () => {
          const full = Buffer.concat(chunks);
          const h = { ...upRes.headers, connection: 'close' };
          delete h['content-length'];
          delete h['transfer-encoding'];
          if (action === 'cut') {
            res.writeHead(upRes.statusCode, { ...h, 'content-length': String(full.length) });
            // The pause lets the headers reach the page first (fetch() resolves), so the failure is in reading
            // the body, not in fetch() itself.
            res.write(full.subarray(0, Math.floor(full.length / 2)), () => setTimeout(() => res.socket?.destroy(), 300));
          } else {
            res.writeHead(upRes.statusCode, { ...h, 'content-length': String(full.length) });
            res.end(full);
          }
          resolve();
        });
      });
      up.on('error', (e) => {
        if (!res.headersSent) res.writeHead(502, { connection: 'close' });
        res.end(String(e));
        resolve();
      });
      up.end(body);
    });
  });
  return { origin: server.origin, log, close: () => server.close() };
}

describe('chaos: a flaky network between the page and Kratos', () => {
  test('dropped connections: GETs are retried and succeed, a POST fails once as network and the flow still works', async () => {
    const s = stack();
    let failNext = 0;
    const proxy = await flakyProxy(() => (failNext-- > 0 ? 'drop' : 'pass'));
    try {
      const page = await sdkPage(s, { publicUrl: proxy.origin });
      const email = uniqueEmail('flaky');
      const password = strongPassword();
      const flow = await inPage(page, async (k) => { window.f = await k.createBrowserRegistrationFlow(); return window.f.id; });
      assert.equal(flow.error, undefined, JSON.stringify(flow.error));

      // Two dropped GETs, then success: within the default 2 retries.
      failNext = 2;
      const get = await inPage(page, (k) => k.getRegistrationFlow({ id: window.f.id }).then((f) => f.id));
      assert.equal(get.value, flow.value, JSON.stringify(get.error));
      assert.deepEqual(proxy.log.slice(-3).map((l) => l.action), ['drop', 'drop', 'pass']);

      // Three dropped GETs exceed the retries: network.
      failNext = 3;
      const tooMany = await inPage(page, (k) => k.getRegistrationFlow({ id: window.f.id }));
      assert.equal(tooMany.error?.kind, 'network', JSON.stringify(tooMany));
      assert.equal(failNext, 0, 'exactly 3 attempts (1 + 2 retries), no 4th');

      // A dropped POST is not retried (not idempotent): one attempt, network error …
      failNext = 1;
      const before = proxy.log.length;
      const post = await inPage(page, (k, kb, email) => k.updateRegistrationFlow({ flow: window.f, updateRegistrationFlowBody: { method: 'profile', traits: { email } } }), email);
      assert.equal(post.error?.kind, 'network', JSON.stringify(post));
      assert.deepEqual(proxy.log.slice(before).map((l) => [l.method, l.action]), [['POST', 'drop']]);

      // … and submitting the same flow object again works (two-step registration to a session).
      const again = await inPage(page, async (k, kb, { email, password }) => {
        const step1 = await k.updateRegistrationFlow({ flow: window.f, updateRegistrationFlowBody: { method: 'profile', traits: { email } } });
        const step2 = await k.updateRegistrationFlow({ flow: step1.flow, updateRegistrationFlowBody: { method: 'password', traits: { email }, password } });
        return [step1.kind, step2.kind, (await k.toSession()).identity.traits.email];
      }, { email, password });
      assert.deepEqual(again.value, ['flow', 'success', email], JSON.stringify(again.error));
    } finally {
      await proxy.close();
    }
  });

  test('a response cut off mid-body (after the headers) is an invalidResponse with the status, and the next call works', async (t) => {
    const s = stack();
    let cutNext = false;
    const proxy = await flakyProxy(() => (cutNext ? ((cutNext = false), 'cut') : 'pass'));
    try {
      const page = await sdkPage(s, { publicUrl: proxy.origin, config: { retries: 0 } });
      cutNext = true;
      const r = await inPage(page, async (k, kb, grab) => {
        const g = new Function(`return (${grab})`)();
        const cut = await g(() => k.createBrowserLoginFlow());
        const next = await g(() => k.createBrowserLoginFlow().then((f) => f.id.length > 0));
        return { cut, next };
      }, GRAB);
      const { cut, next } = r.value;
      t.diagnostic(`cut body → ${JSON.stringify({ kind: cut.kind, status: cut.status, message: cut.message })}`);
      assert.equal(cut.ok, false, JSON.stringify(cut));
      // The headers arrived (status known), the body did not: a truncated response, not an unreachable server.
      assert.equal(cut.kind, 'invalidResponse', JSON.stringify(cut));
      assert.equal(cut.status, 200);
      assert.match(cut.message, /cut off/);
      assert.equal(cut.isKratosError, true);
      assert.equal(next.ok, true, JSON.stringify(next));
      assert.deepEqual(proxy.log.map((l) => l.action).filter((a) => a !== 'pass'), ['cut']);
    } finally {
      await proxy.close();
    }
  });

  test('a lagging replica: whoami answers 401 right after login; the session state asks again and ends signed in', async () => {
    const s = stack();
    let lagging = 0;
    const proxy = await flakyProxy((method, path) => {
      if (method === 'POST' && path.startsWith('/self-service/login?')) lagging = 2;
      else if (path.startsWith('/sessions/whoami') && lagging > 0) return (lagging--, 'anonymous');
      return 'pass';
    });
    try {
      // Kratos' logout_url names its own origin, not the proxy's: an app behind such a proxy lists it.
      const page = await sdkPage(s, { publicUrl: proxy.origin, config: { allowedRedirectOrigins: [s.publicUrl] } });
      const email = uniqueEmail('lag');
      const password = strongPassword();
      await register(page, email, password);
      const out = await inPage(page, async (k, kb) => {
        const { logout_token } = await k.createBrowserLogoutFlow();
        await k.updateLogoutFlow({ token: logout_token });
        window.events = [];
        window.kb.onSessionChange(k, (e) => window.events.push([e.type, e.source, e.initial]));
        await kb.refreshSession(k);
        return kb.getSessionState(k).status;
      });
      assert.deepEqual(out, { value: 'signedOut' });
      const before = proxy.log.length;
      assert.equal((await login(page, email, password)).kind, 'success');
      // The login call resolves after the session state was revalidated (retries included).
      const after = await page.evaluate(() => ({ status: window.kb.getSessionState(window.kratos).status, events: window.events }));
      const whoami = proxy.log.slice(before).filter((l) => l.path.startsWith('/sessions/whoami')).map((l) => l.action);
      assert.deepEqual(whoami, ['anonymous', 'anonymous', 'pass'], 'two 401s from the "lagging replica", then the session');
      assert.equal(after.status, 'signedIn');
      assert.deepEqual(after.events, [['signedOut', 'initial', true], ['signedIn', 'call', false]], 'no signedOut flicker');
    } finally {
      await proxy.close();
    }
  });
});
