// Session state (issue 6): onSessionChange against the real Kratos in headless Chromium.
// Cross-tab: two pages of the SAME browser context (same cookies, same BroadcastChannel partition).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { stack } from '../harness/context.mjs';
import { uniqueEmail, strongPassword } from '../harness/util.mjs';
import { BLANK, sdkPage, attachSdk, inPage, register } from './sdk.mjs';

/** Loads the package into `page` (already on the app origin) and records session events in `window.events`. */
async function watch(page, { publicUrl, options = {} }) {
  if (!(await page.evaluate(() => Boolean(window.kb)))) await attachSdk(page, publicUrl, { onRedirect: false });
  await page.evaluate(async ({ options }) => {
    window.loadMarker = Math.random(); // survives only if the page is not reloaded
    window.events = [];
    window.stopWatching = window.kb.onSessionChange(window.kratos, (e) => {
      window.events.push({
        type: e.type, initial: e.initial, source: e.source, email: e.session?.identity?.traits?.email ?? null,
        previousEmail: e.previous?.identity?.traits?.email ?? null, aal: e.session?.authenticator_assurance_level ?? null,
        previousAal: e.previous?.authenticator_assurance_level ?? null, status: e.state.status,
      });
    }, options);
  }, { options });
}

/** Waits until `window.events` has an event matching `pred` (a function source run in the page). */
async function waitEvent(page, match, timeout = 10_000) {
  try {
    await page.waitForFunction((m) => window.events.some((e) => Object.entries(m).every(([k, v]) => e[k] === v)), match, { timeout });
  } catch (e) {
    const events = await page.evaluate(() => window.events);
    throw new Error(`no event ${JSON.stringify(match)} within ${timeout} ms; events: ${JSON.stringify(events)}`);
  }
  return page.evaluate((m) => window.events.find((e) => Object.entries(m).every(([k, v]) => e[k] === v)), match);
}

async function login(page, email, password, params = {}) {
  const r = await inPage(page, async (k, kb, { email, password, params }) => {
    const flow = await k.createBrowserLoginFlow(params);
    const out = await k.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'password', identifier: email, password } });
    return out.kind;
  }, { email, password, params });
  assert.deepEqual(r, { value: 'success' });
}

async function logout(page) {
  const r = await inPage(page, async (k) => {
    const { logout_token } = await k.createBrowserLogoutFlow();
    await k.updateLogoutFlow({ token: logout_token });
    return 'ok';
  });
  assert.deepEqual(r, { value: 'ok' });
}

async function newIdentity(s, publicUrl = s.publicUrl) {
  const email = uniqueEmail('session');
  const password = strongPassword();
  const page = await sdkPage(s, { publicUrl });
  await register(page, email, password);
  await page.context().close();
  return { email, password };
}

const storageIsEmpty = (page) => page.evaluate(() => localStorage.length === 0 && sessionStorage.length === 0);

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) from a base32 secret. */
function totp(base32, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of base32.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = crypto.createHmac('sha1', key).update(counter).digest();
  const off = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(off) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

describe('session state: onSessionChange', () => {
  test('two tabs, same cookies: login emits signedIn in both, logout in A emits signedOut in B without a reload', async () => {
    const s = stack();
    const { email, password } = await newIdentity(s);
    const a = await s.newPage(BLANK);
    try {
      const b = await a.context().newPage();
      await b.goto(s.appOrigin + BLANK);
      await watch(a, { publicUrl: s.publicUrl });
      await watch(b, { publicUrl: s.publicUrl });
      const markerB = await b.evaluate(() => window.loadMarker);

      // Each listener first gets the state as known.
      assert.equal((await waitEvent(a, { initial: true })).type, 'signedOut');
      assert.equal((await waitEvent(b, { initial: true })).type, 'signedOut');

      await login(a, email, password);
      const inA = await waitEvent(a, { type: 'signedIn', initial: false });
      assert.equal(inA.source, 'call');
      assert.equal(inA.email, email);
      const inB = await waitEvent(b, { type: 'signedIn', initial: false });
      assert.equal(inB.source, 'otherTab', 'tab B learned it from the BroadcastChannel');
      assert.equal(inB.email, email);

      await logout(a);
      const outA = await waitEvent(a, { type: 'signedOut', initial: false });
      assert.equal(outA.previousEmail, email);
      const outB = await waitEvent(b, { type: 'signedOut', initial: false });
      assert.equal(outB.source, 'otherTab');
      assert.equal(outB.previousEmail, email);
      assert.equal(await b.evaluate(() => window.loadMarker), markerB, 'tab B was not reloaded');
      assert.equal(await b.evaluate(() => window.kb.getSessionState(window.kratos).status), 'signedOut');

      const eventsB = await b.evaluate(() => window.events.map((e) => `${e.type}:${e.source}`));
      assert.deepEqual(eventsB, ['signedOut:initial', 'signedIn:otherTab', 'signedOut:otherTab']);
      assert.ok(await storageIsEmpty(a), 'nothing in localStorage/sessionStorage (A)');
      assert.ok(await storageIsEmpty(b), 'nothing in localStorage/sessionStorage (B)');
    } finally {
      await a.context().close();
    }
  });

  test('a short cache: many listeners and focus events share one whoami; online and unsubscribe behave', async () => {
    const s = stack();
    const { email, password } = await newIdentity(s);
    const page = await sdkPage(s, { config: { onRedirect: false } });
    try {
      await login(page, email, password);
      const whoamis = () => page.evaluate(() => window.wire.filter((w) => w.url.includes('/sessions/whoami')).length);
      const before = await whoamis();
      await watch(page, { publicUrl: s.publicUrl });
      // Five more listeners and a burst of focus/visibility events right away: still one request.
      await page.evaluate(() => {
        for (let i = 0; i < 5; i++) window.kb.onSessionChange(window.kratos, () => {});
        for (let i = 0; i < 5; i++) {
          window.dispatchEvent(new Event('focus'));
          document.dispatchEvent(new Event('visibilitychange'));
        }
      });
      const first = await waitEvent(page, { initial: true });
      assert.equal(first.type, 'signedIn');
      assert.equal(first.email, email);
      await page.evaluate(() => window.kb.refreshSession(window.kratos, { force: false }));
      assert.equal(await whoamis(), before + 1, 'one toSession for all listeners within the cache time');

      // The browser loses its cookies (e.g. cleared by the user); coming back online revalidates at once.
      await page.context().clearCookies();
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
      const out = await waitEvent(page, { type: 'signedOut', initial: false });
      assert.equal(out.source, 'online');

      // An unsubscribed listener hears nothing more (the other five still keep the store watching).
      const n = await page.evaluate(() => window.events.length);
      await page.evaluate(() => window.stopWatching());
      await page.context().addCookies(await page.context().cookies()); // no-op; cookies stay cleared
      await login(page, email, password);
      assert.equal(await page.evaluate(() => window.kb.getSessionState(window.kratos).status), 'signedIn');
      assert.equal(await page.evaluate(() => window.events.length), n);
      assert.ok(await storageIsEmpty(page));
    } finally {
      await page.context().close();
    }
  });

  test('focus revalidates after the cache time; a failing network keeps the state (no false signedOut)', async () => {
    const s = stack();
    const { email, password } = await newIdentity(s);
    const page = await sdkPage(s, { config: { onRedirect: false, retries: 0, timeoutMs: 3000 } });
    try {
      await login(page, email, password);
      await watch(page, { publicUrl: s.publicUrl, options: { cacheMs: 0 } });
      await waitEvent(page, { initial: true, type: 'signedIn' });

      // Kratos unreachable: the revalidation fails, state stays signedIn with an error.
      await page.route(`${s.publicUrl}/sessions/whoami*`, (route) => route.abort('connectionrefused'));
      const state = await page.evaluate(() => window.kb.refreshSession(window.kratos).then((st) => ({ status: st.status, kind: st.error?.kind })));
      assert.deepEqual(state, { status: 'signedIn', kind: 'network' });
      await page.unroute(`${s.publicUrl}/sessions/whoami*`);

      // Logged out behind the SDK's back (raw fetch): the next focus notices it.
      await page.evaluate(async (publicUrl) => {
        const opts = { credentials: 'include', headers: { Accept: 'application/json' } };
        const lf = await (await fetch(`${publicUrl}/self-service/logout/browser`, opts)).json();
        await fetch(`${publicUrl}/self-service/logout?token=${lf.logout_token}`, opts);
      }, s.publicUrl);
      await page.evaluate(() => window.dispatchEvent(new Event('focus')));
      const out = await waitEvent(page, { type: 'signedOut', initial: false });
      assert.equal(out.source, 'focus');
      assert.equal(out.previousEmail, email);
    } finally {
      await page.context().close();
    }
  });

  test('refreshed on re-authentication; aalChanged when TOTP is set up and on an aal2 step-up login', async () => {
    const s = stack();
    // whoami answers aal1 sessions here (the default profile wants the highest available AAL).
    const p = await s.startProfile({
      session: { whoami: { required_aal: 'aal1' } },
      selfservice: { flows: { settings: { required_aal: 'aal1' } } },
    }, { name: 'session-aal1' });
    try {
      const email = uniqueEmail('session-aal');
      const password = strongPassword();
      const page = await sdkPage(p, { config: { onRedirect: false } });
      try {
        await register(page, email, password);
        await watch(page, { publicUrl: p.publicUrl });
        const first = await waitEvent(page, { initial: true });
        assert.deepEqual([first.type, first.aal], ['signedIn', 'aal1']);

        await page.waitForTimeout(1100); // authenticated_at has second precision
        await login(page, email, password, { refresh: true });
        const refreshed = await waitEvent(page, { type: 'refreshed' });
        assert.equal(refreshed.source, 'call');
        assert.equal(refreshed.email, email);

        // Enable TOTP in settings, then log in with aal2.
        const secret = await inPage(page, async (k) => {
          const flow = await k.createBrowserSettingsFlow();
          const node = flow.ui.nodes.find((n) => n.attributes.id === 'totp_secret_key');
          return { flowId: flow.id, secret: node?.attributes?.text?.context?.secret ?? null };
        });
        assert.ok(secret.value?.secret, `settings flow offers a TOTP secret: ${JSON.stringify(secret)}`);
        const set = await inPage(page, async (k, kb, { flowId, code }) => {
          const out = await k.updateSettingsFlow({ flow: flowId, updateSettingsFlowBody: { method: 'totp', totp_code: code } });
          return out.kind;
        }, { flowId: secret.value.flowId, code: totp(secret.value.secret) });
        assert.deepEqual(set, { value: 'success' });
        // Kratos upgrades the session that just set up TOTP to aal2.
        const upgraded = await waitEvent(page, { type: 'aalChanged' });
        assert.deepEqual([upgraded.previousAal, upgraded.aal, upgraded.source], ['aal1', 'aal2', 'call']);

        // A fresh password login is aal1; the TOTP step-up changes the AAL of the same identity.
        await logout(page);
        await waitEvent(page, { type: 'signedOut', initial: false });
        await login(page, email, password);
        await page.waitForFunction(() => window.events.at(-1).type === 'signedIn');
        assert.equal(await page.evaluate(() => window.events.at(-1).aal), 'aal1');
        await page.evaluate(() => { window.events = []; });
        const step = await inPage(page, async (k, kb, code) => {
          const flow = await k.createBrowserLoginFlow({ aal: 'aal2' });
          const out = await k.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'totp', totp_code: code } });
          return { kind: out.kind, aal: out.session?.authenticator_assurance_level };
        }, totp(secret.value.secret));
        assert.deepEqual(step, { value: { kind: 'success', aal: 'aal2' } });
        const changed = await waitEvent(page, { type: 'aalChanged' });
        assert.deepEqual([changed.previousAal, changed.aal, changed.source], ['aal1', 'aal2', 'call']);
      } finally {
        await page.context().close();
      }
    } finally {
      await p.stop();
    }
  });

  test('invalid arguments are typed errors', async () => {
    const s = stack();
    const page = await sdkPage(s);
    try {
      const r = await inPage(page, (k, kb) => kb.onSessionChange(k, 'nope'));
      assert.equal(r.error?.kind, 'invalidArgument');
      const r2 = await inPage(page, (k, kb) => kb.onSessionChange({}, () => {}));
      assert.equal(r2.error?.kind, 'invalidArgument');
    } finally {
      await page.context().close();
    }
  });
});
