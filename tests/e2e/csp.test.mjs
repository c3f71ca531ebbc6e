// Content-Security-Policy (issue 13 §2): the policy README.md documents lets the package run against the real
// Kratos; a policy without 'wasm-unsafe-eval' fails every call with its own error kind (`wasmBlocked`) whose
// message names the missing directive, instead of an "internal error". The pages are served with the CSP as an
// HTTP header and run the SDK from a same-origin module script (nothing injected by the test runner).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { stack } from '../harness/context.mjs';

const APP = `
const out = (window.results = []);
const kb = await import('/pkg/index.js');
const kratos = new kb.KratosClient({ baseUrl: new URL(location.href).searchParams.get('kratos') });
for (let i = 0; i < 2; i++) {
  try {
    const s = await kratos.toSession();
    out.push({ ok: true, id: s.id });
  } catch (e) {
    out.push({ ok: false, name: e.name, kind: e.kind, status: e.status, message: e.message, signedOut: kb.isSignedOut(e) });
  }
}
window.done = true;
`;

/** Serves /__csp__/<name>/ (page + module script) with `policy` as the Content-Security-Policy header. */
function servePolicy(s, name, policy) {
  return s.server.route(new RegExp(`^/__csp__/${name}/`), (req, res, ctx) => {
    const js = ctx.url.pathname.endsWith('/app.js');
    res.writeHead(200, {
      'Content-Type': js ? 'text/javascript' : 'text/html; charset=utf-8',
      'Content-Security-Policy': policy,
      'Cache-Control': 'no-store',
    });
    res.end(js ? APP : `<!doctype html><html><head><meta charset="utf-8"><script type="module" src="/__csp__/${name}/app.js"></script></head><body>csp</body></html>`);
  });
}

async function run(s, name) {
  const page = await s.newPage(null, { goto: false });
  const violations = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  await page.goto(`${s.appOrigin}/__csp__/${name}/index.html?kratos=${encodeURIComponent(s.publicUrl)}`);
  await page.waitForFunction(() => window.done === true, null, { timeout: 20_000 });
  const results = await page.evaluate(() => window.results);
  return { page, results, violations };
}

describe('Content-Security-Policy', () => {
  test("the README's policy (script-src 'self' 'wasm-unsafe-eval') runs the SDK against Kratos", async () => {
    const s = stack();
    const policy = `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' ${s.publicUrl}`;
    const off = servePolicy(s, 'ok', policy);
    const { page, results, violations } = await run(s, 'ok');
    try {
      // A fresh context has no session: both calls reach Kratos and get its 401.
      assert.equal(results.length, 2);
      for (const r of results) assert.deepEqual([r.kind, r.status, r.signedOut], ['api', 401, true], JSON.stringify(r));
      assert.deepEqual(violations, [], 'no CSP violation reported');
    } finally {
      off();
      await page.context().close();
    }
  });

  test("a policy without 'wasm-unsafe-eval' fails each call as wasmBlocked, naming the directive", async () => {
    const s = stack();
    const off = servePolicy(s, 'blocked', `default-src 'self'; script-src 'self'; connect-src 'self' ${s.publicUrl}`);
    const { page, results } = await run(s, 'blocked');
    try {
      assert.equal(results.length, 2);
      for (const r of results) {
        assert.equal(r.name, 'KratosError');
        assert.equal(r.kind, 'wasmBlocked', JSON.stringify(r));
        assert.match(r.message, /'wasm-unsafe-eval'/);
        assert.match(r.message, /script-src/);
        assert.doesNotMatch(r.message, /internal error/);
      }
    } finally {
      off();
      await page.context().close();
    }
  });
});
