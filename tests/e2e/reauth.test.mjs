// Issue 12 §5 (user pain #12): a settings change that Kratos refuses with 403 session_refresh_required is kept
// in memory and submitted again once the refresh login succeeded — no page load, nothing typed twice, one
// `success` for the app (updateSettingsFlowWithReauth). Profile tests/kratos/profiles/short-lifespans.yml
// (privileged_session_max_age 2s).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stack } from '../harness/context.mjs';
import { uniqueEmail, strongPassword } from '../harness/util.mjs';
import { sdkPage, inPage, register, login } from './sdk.mjs';
import { profile, captureRequests } from './profiles.mjs';

/** Waits until the session of `registered` is older than the profile's privileged_session_max_age (2 s). */
const untilStale = (registered) => new Promise((r) => setTimeout(r, Math.max(0, Date.parse(registered.session.authenticated_at) + 2000 - Date.now()) + 300));

describe('resume a settings change after re-authentication (profile short-lifespans)', () => {
  let p;
  before(async () => { p = await stack().startProfile(profile('short-lifespans'), { name: 'reauth' }); });
  after(async () => { await p?.stop(); });

  test('refreshRequired → refresh login (a wrong password first) → the pending change is submitted: one success, no page load', async () => {
    const page = await sdkPage(p);
    const email = uniqueEmail('reauth');
    const password = strongPassword();
    const registered = await register(page, email, password);
    await untilStale(registered);
    const wire = captureRequests(page, p.publicUrl);
    let navigations = 0;
    page.on('framenavigated', () => { navigations += 1; });
    const newPassword = strongPassword();
    const r = await inPage(page, async (k, kb, { email, password, newPassword }) => {
      window.marker = 'same document';
      const flow = await k.createBrowserSettingsFlow();
      const seen = [];
      const out = await kb.updateSettingsFlowWithReauth(k, {
        flow,
        updateSettingsFlowBody: { method: 'password', password: newPassword },
        reauthenticate: async (loginFlow, redirectTo) => {
          seen.push({ refresh: loginFlow.refresh, returnTo: loginFlow.return_to, redirectTo });
          const wrong = await k.updateLoginFlow({ flow: loginFlow, updateLoginFlowBody: { method: 'password', identifier: email, password: `${password}-nope` } });
          seen.push(wrong.kind);
          return k.updateLoginFlow({ flow: wrong.flow, updateLoginFlowBody: { method: 'password', identifier: email, password } });
        },
      });
      const stored = JSON.stringify([{ ...localStorage }, { ...sessionStorage }]);
      return { out: { kind: out.kind, state: out.flow?.state, messages: out.flow?.ui.messages?.map((m) => m.id) }, seen, marker: window.marker,
        newPasswordStored: stored.includes(newPassword), redirects: window.redirects, location: location.href };
    }, { email, password, newPassword });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    const { out, seen, marker, newPasswordStored, redirects } = r.value;
    assert.deepEqual(out, { kind: 'success', state: 'success', messages: [1050001] });
    assert.equal(seen[0].refresh, true, 'reauthenticate got a refresh login flow');
    assert.equal(seen[0].returnTo, r.value.location, 'the refresh flow returns to the app page, not Kratos\' POST URL');
    assert.match(seen[0].redirectTo, /\/self-service\/login\/browser\?refresh=true/);
    assert.equal(seen[1], 'flow', 'a wrong password is shown on the refresh flow; the change stays pending');
    assert.equal(marker, 'same document');
    assert.equal(navigations, 0, 'no page load');
    // The refresh login's success carries Kratos' redirect to its return_to, the app page itself: an `onRedirect`
    // function hears it (a router stays on the page); by default nothing navigates (no page load, above).
    assert.deepEqual(redirects, [r.value.location], 'onRedirect only heard the refresh login\'s return to this same page');
    assert.equal(newPasswordStored, false, 'the pending change is not in localStorage / sessionStorage');
    // On the wire: the refused change, the refresh login (two tries), the same change again.
    const calls = wire.all().filter((q) => q.method === 'POST' || q.url.pathname.endsWith('/browser'))
      .map((q) => `${q.method} ${q.url.pathname}${q.url.pathname.endsWith('/browser') ? `?refresh=${q.url.searchParams.get('refresh')}` : ''}`);
    assert.deepEqual(calls.slice(1), [
      'POST /self-service/settings', 'GET /self-service/login/browser?refresh=true', 'POST /self-service/login', 'POST /self-service/login', 'POST /self-service/settings',
    ]);
    const [firstSubmit, secondSubmit] = wire.to('/self-service/settings').map((q) => q.body);
    assert.deepEqual(secondSubmit, firstSubmit, 'the very same body was submitted again');
    assert.equal(secondSubmit.password, newPassword);
    // The change took effect: the new password signs in.
    assert.equal((await login(await sdkPage(p), email, newPassword)).kind, 'success');
  });

  test('the user gives up: refreshRequired comes back, nothing is resubmitted; a bad reauthenticate is an invalidArgument', async () => {
    const page = await sdkPage(p);
    const email = uniqueEmail('reauth-cancel');
    const registered = await register(page, email, strongPassword());
    await untilStale(registered);
    const wire = captureRequests(page, p.publicUrl);
    const r = await inPage(page, async (k, kb, password) => {
      const flow = await k.createBrowserSettingsFlow();
      let called = 0;
      const out = await kb.updateSettingsFlowWithReauth(k, {
        flow, updateSettingsFlowBody: { method: 'password', password }, reauthenticate: async () => { called += 1; },
      });
      let bad;
      try { await kb.updateSettingsFlowWithReauth(k, { flow, updateSettingsFlowBody: { method: 'password', password }, reauthenticate: 'nope' }); } catch (e) { bad = { kind: e.kind, isKratosError: kb.isKratosError(e) }; }
      return { kind: out.kind, called, bad };
    }, strongPassword());
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.deepEqual(r.value, { kind: 'refreshRequired', called: 1, bad: { kind: 'invalidArgument', isKratosError: true } });
    assert.equal(wire.to('/self-service/settings').length, 1, 'one settings submit only');
  });
});
