// The wasm in a real browser: wrong arguments, network failures, timeouts, aborts, non-JSON bodies
// and unsafe redirects are typed KratosErrors, and the next call still works.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { stack } from '../harness/context.mjs';
import { freePort } from '../harness/ports.mjs';
import { sdkPage, inPage } from './sdk.mjs';

describe('robustness of the wasm client in Chromium', () => {
  test('wrong argument types are invalidArgument errors, and the client keeps working', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const cases = await inPage(page, async (k) => {
      const out = {};
      const grab = async (name, f) => { try { await f(); out[name] = 'resolved'; } catch (e) { out[name] = { kind: e.kind, message: e.message, isError: e instanceof Error }; } };
      await grab('numberId', () => k.getLoginFlow({ id: 42 }));
      await grab('missingParams', () => k.getLoginFlow());
      await grab('badParams', () => k.createBrowserLoginFlow('nope'));
      await grab('badFlowRef', () => k.updateLoginFlow({ flow: 7, updateLoginFlowBody: { method: 'password' } }));
      await grab('missingBody', async () => { const flow = await k.createBrowserLoginFlow(); return k.updateLoginFlow({ flow }); });
      await grab('badSignal', () => k.toSession({}, { signal: 'x' }));
      out.after = (await k.createBrowserLoginFlow()).ui.nodes.length > 0;
      return out;
    });
    const v = cases.value;
    for (const name of ['numberId', 'missingParams', 'badParams', 'badFlowRef', 'missingBody', 'badSignal']) {
      assert.equal(v[name].kind, 'invalidArgument', `${name}: ${JSON.stringify(v[name])}`);
      assert.equal(v[name].isError, true);
    }
    assert.match(v.numberId.message, /`id` must be a non-empty string, got a number/);
    assert.equal(v.after, true, 'a call after the errors still works');
  });

  test('apiVersion v0.4–v0.6 in the v1 entry: invalidArgument naming kratos-browser/legacy before any request; the legacy entry takes them', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const requested = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    const r = await inPage(page, async (k, kb, publicUrl) => {
      const out = { before: window.wire.length };
      for (const v of ['v0.6', 'v0.5.5-alpha.1', 'v0.4']) {
        const c = new kb.KratosClient({ baseUrl: publicUrl, apiVersion: v });
        try { await c.createBrowserLoginFlow(); out[v] = 'resolved'; } catch (e) { out[v] = { kind: e.kind, message: e.message }; }
      }
      out.after = window.wire.length;
      out.v1HasHelpers = typeof kb.startBrowserFlow;
      const legacy = await import('/pkg/legacy.js');
      const old = new legacy.KratosClient({ baseUrl: publicUrl, apiVersion: 'v0.5' });
      try { await old.createBrowserLoginFlow(); } catch (e) { out.legacyInit = { kind: e.kind, message: e.message }; }
      out.startUrl = await legacy.startBrowserFlow(old, 'login', { returnTo: 'http://x/' }, () => {});
      try { await legacy.startBrowserFlow(k, 'login', {}, () => {}); } catch (e) { out.v1Client = { kind: e.kind, message: e.message }; }
      out.session = legacy.isSignedOut(await new legacy.KratosClient({ baseUrl: publicUrl }).toSession().catch((e) => e));
      return out;
    }, s.publicUrl);
    const v = r.value;
    assert.ok(v, JSON.stringify(r));
    for (const ver of ['v0.6', 'v0.5.5-alpha.1', 'v0.4']) {
      assert.equal(v[ver].kind, 'invalidArgument', `${ver}: ${JSON.stringify(v[ver])}`);
      assert.match(v[ver].message, /kratos-browser\/legacy/);
    }
    assert.equal(v.after, v.before, 'nothing was sent');
    assert.equal(v.v1HasHelpers, 'undefined', 'the v1 entry has no legacy helpers');
    assert.equal(v.legacyInit.kind, 'unsupported');
    assert.match(v.legacyInit.message, /startBrowserFlow\('login'\)/);
    assert.equal(v.startUrl, `${s.publicUrl}/self-service/login/browser?return_to=http%3A%2F%2Fx%2F`);
    assert.equal(v.v1Client.kind, 'invalidArgument');
    assert.match(v.v1Client.message, /kratos-browser\/legacy/);
    assert.equal(v.session, true, 'a v1 call through the legacy build works (signed out: 401)');
    const before = requested.indexOf('/pkg/legacy.js');
    assert.ok(before > 0, requested.join(', '));
    assert.deepEqual(requested.slice(0, before).filter((p) => p.includes('legacy')), [], 'the v1 entry loaded nothing of the legacy build');
    assert.ok(requested.some((p) => p.endsWith('/pkg/legacy/wasm/kratos_browser_legacy_bg.inline.js')), requested.join(', '));
  });

  test('constructor rejects a bad baseUrl with a typed error', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const r = await inPage(page, async (k, kb) => {
      const c = new kb.KratosClient({ baseUrl: 'javascript:alert(1)' });
      return c.toSession();
    });
    assert.equal(r.error.kind, 'invalidArgument');
    assert.match(r.error.message, /baseUrl/);
  });

  // Chromium has AbortSignal.timeout/any (the transport's native path); older browsers get a closure
  // timer + AbortController, tested by removing those two methods from the page.
  for (const variant of ['native AbortSignal.timeout/any', 'without AbortSignal.timeout/any (older browsers)']) {
    test(`a closed port is a network error; a slow endpoint a timeout; an abort is aborted (${variant})`, async () => {
      const s = stack();
      const closed = await freePort();
      let hits = 0;
      s.server.route('/__slow__/sessions/whoami', (req, res) => { hits++; setTimeout(() => { res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': s.appOrigin, 'access-control-allow-credentials': 'true' }); res.end('{}'); }, 3000); });
      const page = await sdkPage(s);
      const r = await inPage(page, async (k, kb, { closed, slow, old }) => {
        if (old) { delete AbortSignal.timeout; delete AbortSignal.any; }
        const grab = async (f) => { try { await f(); return 'resolved'; } catch (e) { return { kind: e.kind, message: e.message }; } };
        const net = await grab(() => new kb.KratosClient({ baseUrl: `http://localhost:${closed}`, retries: 1 }).toSession());
        const t0 = performance.now();
        const timeout = await grab(() => new kb.KratosClient({ baseUrl: slow, timeoutMs: 300 }).toSession());
        const timeoutMs = performance.now() - t0;
        // A caller's signal that never fires does not hide the timeout (signals combined).
        const idle = new AbortController();
        const both = await grab(() => new kb.KratosClient({ baseUrl: slow, timeoutMs: 300 }).toSession({}, { signal: idle.signal }));
        const ctrl = new AbortController();
        setTimeout(() => ctrl.abort(), 100);
        const aborted = await grab(() => new kb.KratosClient({ baseUrl: slow }).toSession({}, { signal: ctrl.signal }));
        const ctrl2 = new AbortController();
        setTimeout(() => ctrl2.abort(), 100);
        const abortedNoTimeout = await grab(() => new kb.KratosClient({ baseUrl: slow, timeoutMs: 0 }).toSession({}, { signal: ctrl2.signal }));
        const after = (await k.createBrowserLoginFlow()).id.length > 0;
        return { net, timeout, timeoutMs, both, aborted, abortedNoTimeout, after, native: typeof AbortSignal.any === 'function' };
      }, { closed, slow: `${s.appOrigin}/__slow__`, old: variant.startsWith('without') });
      assert.equal(r.error, undefined, JSON.stringify(r.error));
      assert.equal(r.value.native, !variant.startsWith('without'));
      assert.equal(r.value.net.kind, 'network', JSON.stringify(r.value.net));
      assert.equal(r.value.timeout.kind, 'timeout', JSON.stringify(r.value.timeout));
      assert.ok(r.value.timeoutMs < 2500, `timeout fired after ${r.value.timeoutMs} ms`);
      assert.equal(r.value.both.kind, 'timeout', JSON.stringify(r.value.both));
      assert.equal(r.value.aborted.kind, 'aborted', JSON.stringify(r.value.aborted));
      assert.equal(r.value.abortedNoTimeout.kind, 'aborted', JSON.stringify(r.value.abortedNoTimeout));
      assert.equal(r.value.after, true);
      assert.ok(hits >= 4);
    });
  }

  test('HTML and truncated bodies are invalidResponse errors with status and excerpt', async () => {
    const s = stack();
    const cors = { 'access-control-allow-origin': s.appOrigin, 'access-control-allow-credentials': 'true' };
    s.server.route('/__bad__/sessions/whoami', (req, res) => { res.writeHead(502, { 'content-type': 'text/html', ...cors }); res.end('<html><body>502 Bad Gateway from proxy</body></html>'); });
    s.server.route('/__bad__/self-service/login/browser', (req, res) => { res.writeHead(200, { 'content-type': 'application/json', ...cors }); res.end('{"id":"x","ui":{"nodes":[{"type":"inp'); });
    s.server.route('/__bad__/self-service/registration/browser', (req, res) => { res.writeHead(200, { 'content-type': 'application/json', ...cors }); res.end('{"hello":"world"}'); });
    const page = await sdkPage(s, { publicUrl: `${s.appOrigin}/__bad__`, config: { retries: 0 } });
    const r = await inPage(page, async (k) => {
      const grab = async (f) => { try { await f(); return 'resolved'; } catch (e) { return { kind: e.kind, status: e.status, excerpt: e.excerpt }; } };
      return { html: await grab(() => k.toSession()), truncated: await grab(() => k.createBrowserLoginFlow()), shape: await grab(() => k.createBrowserRegistrationFlow()) };
    });
    assert.deepEqual([r.value.html.kind, r.value.html.status], ['invalidResponse', 502]);
    assert.match(r.value.html.excerpt, /Bad Gateway/);
    assert.equal(r.value.truncated.kind, 'invalidResponse');
    assert.equal(r.value.shape.kind, 'invalidResponse');
    assert.match(r.value.shape.excerpt, /hello/);
  });

  test('unsafe redirect targets are refused; Kratos and page origins are allowed', async () => {
    const s = stack();
    const page = await sdkPage(s, { config: { allowedRedirectOrigins: ['https://idp.example.com'] } });
    const r = await inPage(page, async (k, kb, { publicUrl, appOrigin }) => {
      const check = async (u) => { try { return await k.checkRedirect(u); } catch (e) { return e.kind; } };
      return Promise.all(['javascript:alert(1)', 'data:text/html,x', 'https://evil.example.com/', `${publicUrl}/self-service/login/browser`, `${appOrigin}/settings`, 'https://idp.example.com/auth'].map(check));
    }, { publicUrl: s.publicUrl, appOrigin: s.appOrigin });
    assert.deepEqual(r.value.slice(0, 3), ['unsafeRedirect', 'unsafeRedirect', 'unsafeRedirect']);
    assert.equal(r.value[3], `${s.publicUrl}/self-service/login/browser`);
    assert.equal(r.value[4], `${s.appOrigin}/settings`);
    assert.equal(r.value[5], 'https://idp.example.com/auth');
  });
});
