// The decision table's rules as an app meets them, in Chromium: a flow of the wrong kind, a submit
// by id long after the flow was fetched, and answers no correct Kratos sends (a submit's 204, unsafe
// URLs in a logout flow or a step-up) — each a typed outcome or error, never an untyped failure.
// Kratos is real; the few answers a correct Kratos never gives come from a stub route on the app
// server (`/__stub__/…`, named so in each test).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { stack } from '../harness/context.mjs';
import { sdkPage, inPage } from './sdk.mjs';

/** Serves `status` + `body` for every request below `/__stub__<prefix>`; returns the stub base URL. */
function stub(s, prefix, status, body) {
  s.server.route(new RegExp(`^/__stub__${prefix}/`), (req, res) => {
    res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  });
  return `${s.appOrigin}/__stub__${prefix}`;
}

describe('decision table in the browser', () => {
  test('a registration flow passed to updateLoginFlow is refused before any request', async () => {
    const page = await sdkPage(stack());
    const r = await inPage(page, async (k) => {
      const flow = await k.createBrowserRegistrationFlow();
      const before = window.wire.length;
      try {
        await k.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'password', identifier: 'a@b.c', password: 'x' } });
        return { resolved: true };
      } catch (e) {
        return { kind: e.kind, message: e.message, requests: window.wire.length - before };
      }
    });
    assert.equal(r.value.kind, 'invalidArgument', JSON.stringify(r.value));
    assert.match(r.value.message, /registration flow; pass it to updateRegistrationFlow/);
    assert.equal(r.value.requests, 0);
  });

  test('a submit by flow id after 40 newer flows still carries the CSRF token (Kratos answers the flow, not 403)', async () => {
    const page = await sdkPage(stack());
    const r = await inPage(page, async (k) => {
      const first = await k.createBrowserLoginFlow();
      for (let i = 0; i < 40; i++) await k.createBrowserLoginFlow();
      const out = await k.updateLoginFlow({ flow: first.id, updateLoginFlowBody: { method: 'password', identifier: 'nobody@example.com', password: 'wrong-password-123' } });
      return { kind: out.kind, ids: (out.flow?.ui.messages ?? []).map((m) => m.id) };
    });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.equal(r.value.kind, 'flow');
    assert.deepEqual(r.value.ids, [4000006]);
  });

  test('stub: a submit answered 204 is invalidResponse for every flow kind, and the next call works', async () => {
    const s = stack();
    const base = stub(s, '/nocontent', 204);
    const page = await sdkPage(s);
    const r = await inPage(page, async (k, kb, { base }) => {
      const c = new kb.KratosClient({ baseUrl: base });
      const out = {};
      for (const kind of ['Login', 'Registration', 'Settings', 'Recovery', 'Verification']) {
        try {
          out[kind] = await c[`update${kind}Flow`]({ flow: 'f', [`update${kind}FlowBody`]: { method: 'password', csrf_token: 't' } });
        } catch (e) {
          out[kind] = { kind: e.kind, status: e.status, isKratosError: kb.isKratosError(e) };
        }
      }
      out.after = (await k.createBrowserLoginFlow()).ui.nodes.length > 0;
      return out;
    }, { base });
    for (const kind of ['Login', 'Registration', 'Settings', 'Recovery', 'Verification']) {
      assert.deepEqual(r.value[kind], { kind: 'invalidResponse', status: 204, isKratosError: true }, kind);
    }
    assert.equal(r.value.after, true);
  });

  test('stub: unsafe URLs in a logout flow or a step-up never reach the app', async () => {
    const s = stack();
    const logout = stub(s, '/logout', 200, { logout_url: 'javascript:alert(1)', logout_token: 't' });
    const aal2 = stub(s, '/aal2', 403, { error: { id: 'session_aal2_required', code: 403, message: 'm' }, redirect_browser_to: 'javascript:alert(1)' });
    const refresh = stub(s, '/refresh', 403, { error: { id: 'session_refresh_required', code: 403, message: 'm' }, redirect_browser_to: 'https://evil.example/login' });
    const twoPorts = stub(s, '/ports', 422, { error: { id: 'browser_location_change_required', code: 422, message: 'm' }, redirect_browser_to: `${s.publicUrl}:80/x` });
    const page = await sdkPage(s);
    const r = await inPage(page, async (k, kb, bases) => {
      const grab = async (f) => { try { return { resolved: await f() }; } catch (e) { return { kind: e.kind, redirectTo: e.redirectTo }; } };
      const body = { updateSettingsFlowBody: { method: 'password', password: 'x', csrf_token: 't' }, flow: 'f' };
      return {
        logout: await grab(() => new kb.KratosClient({ baseUrl: bases.logout }).createBrowserLogoutFlow()),
        aal2: await grab(() => new kb.KratosClient({ baseUrl: bases.aal2 }).updateSettingsFlow(body)),
        refresh: await grab(() => new kb.KratosClient({ baseUrl: bases.refresh }).updateSettingsFlow(body)),
        twoPorts: await grab(() => new kb.KratosClient({ baseUrl: bases.twoPorts, onRedirect: (u) => window.redirects.push(u) }).updateSettingsFlow(body)),
        redirects: window.redirects.length,
      };
    }, { logout, aal2, refresh, twoPorts });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    for (const name of ['logout', 'aal2', 'refresh', 'twoPorts']) assert.equal(r.value[name].kind, 'unsafeRedirect', `${name}: ${JSON.stringify(r.value[name])}`);
    assert.equal(r.value.logout.redirectTo, 'javascript:alert(1)');
    assert.equal(r.value.redirects, 0, 'nothing navigated');
  });
});
