// Cross-tab session changes at once (issue 13 §3), against the real Kratos in headless Chromium: two pages of
// one browser context (same cookies, same BroadcastChannel partition). The logout in tab A reaches tab B as a
// signed-out hint, applied before B's own request to Kratos answers, then confirmed by that request; a tab that
// comes back from a logout done by navigation (no SDK call to announce it) tells the other tabs by its first
// answer. Nothing but hints crosses tabs (no session data, nothing in Web Storage). Waits on state, no sleeps;
// the timing figure is in the benchmark (bench/lib/crosstab.mjs), not here.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { stack } from '../harness/context.mjs';
import { uniqueEmail, strongPassword } from '../harness/util.mjs';
import { BLANK, attachSdk, inPage, register, login } from './sdk.mjs';

/** Starts watching in `page`: every event records how many whoami answers the page had seen at that moment. */
async function watch(page) {
  await page.evaluate(() => {
    window.events = [];
    window.whoamis = () => window.wire.filter((w) => w.url.includes('/sessions/whoami'));
    window.stopWatching = window.kb.onSessionChange(window.kratos, (e) => {
      window.events.push({ type: e.type, initial: e.initial, source: e.source, whoamisSoFar: window.whoamis().length,
        email: e.session?.identity?.traits?.email ?? null, previousEmail: e.previous?.identity?.traits?.email ?? null });
    });
  });
  await page.waitForFunction(() => window.events.some((e) => e.initial));
}

async function waitEvent(page, match, from = 0) {
  try {
    const h = await page.waitForFunction(({ match, from }) =>
      window.events.slice(from).find((e) => Object.entries(match).every(([k, v]) => e[k] === v)), { match, from }, { timeout: 10_000 });
    return await h.jsonValue();
  } catch {
    throw new Error(`no event ${JSON.stringify(match)}; events: ${JSON.stringify(await page.evaluate(() => window.events))}`);
  }
}

async function twoTabs(s) {
  const a = await s.newPage(BLANK);
  const b = await a.context().newPage();
  await b.goto(s.appOrigin + BLANK);
  await attachSdk(a, s.publicUrl, { onRedirect: false });
  await attachSdk(b, s.publicUrl, { onRedirect: false });
  return { a, b };
}

const storageIsEmpty = (page) => page.evaluate(() => localStorage.length === 0 && sessionStorage.length === 0);

describe('cross-tab session changes at once', () => {
  test('logout in tab A: tab B hears signedOut from the hint before its own whoami answers, then Kratos confirms it', async () => {
    const s = stack();
    const { a, b } = await twoTabs(s);
    try {
      const email = uniqueEmail('xtab');
      await register(a, email, strongPassword());
      await watch(a);
      await watch(b);
      assert.equal((await waitEvent(b, { initial: true })).type, 'signedIn');
      assert.equal((await waitEvent(b, { initial: true })).email, email);
      const whoamisBefore = await b.evaluate(() => window.whoamis().length);
      const from = await b.evaluate(() => window.events.length);

      const r = await inPage(a, async (k) => {
        const { logout_token } = await k.createBrowserLogoutFlow();
        await k.updateLogoutFlow({ token: logout_token });
        return 'ok';
      });
      assert.deepEqual(r, { value: 'ok' });

      const out = await waitEvent(b, { type: 'signedOut' }, from);
      assert.equal(out.source, 'otherTab');
      assert.equal(out.previousEmail, email);
      assert.equal(out.whoamisSoFar, whoamisBefore, 'B applied the signed-out hint before any whoami of its own answered');
      // …and confirmed it with Kratos: one more whoami, answered 401, with no second event.
      await b.waitForFunction((n) => window.whoamis().length > n, whoamisBefore);
      const confirm = await b.evaluate(() => window.whoamis().at(-1).status);
      assert.equal(confirm, 401);
      assert.equal(await b.evaluate(() => window.kb.getSessionState(window.kratos).status), 'signedOut');
      assert.deepEqual(await b.evaluate(() => window.events.map((e) => `${e.type}:${e.source}`)), ['signedIn:initial', 'signedOut:otherTab']);
      assert.ok(await storageIsEmpty(a) && await storageIsEmpty(b), 'nothing in localStorage/sessionStorage');
    } finally {
      await a.context().close();
    }
  });

  test('a signed-in hint is not trusted: tab B signs in only after Kratos says so', async () => {
    const s = stack();
    const { a, b } = await twoTabs(s);
    try {
      const email = uniqueEmail('xtab-in');
      const password = strongPassword();
      await register(a, email, password);
      await inPage(a, async (k) => {
        const { logout_token } = await k.createBrowserLogoutFlow();
        await k.updateLogoutFlow({ token: logout_token });
      });
      await watch(a);
      await watch(b);
      assert.equal((await waitEvent(b, { initial: true })).type, 'signedOut');
      const whoamisBefore = await b.evaluate(() => window.whoamis().length);
      await login(a, email, password);
      const inB = await waitEvent(b, { type: 'signedIn', initial: false });
      assert.equal(inB.source, 'otherTab');
      assert.equal(inB.email, email);
      assert.ok(inB.whoamisSoFar > whoamisBefore, 'B asked Kratos before it reported signedIn');
      assert.equal(await b.evaluate(() => window.whoamis().at(-1).status), 200);
    } finally {
      await a.context().close();
    }
  });

  test('logout by navigation in tab A (Kratos logout_url, no SDK call): its first answer after the redirect flips tab B', async () => {
    const s = stack();
    const { a, b } = await twoTabs(s);
    try {
      const email = uniqueEmail('xtab-nav');
      await register(a, email, strongPassword());
      await watch(b);
      assert.equal((await waitEvent(b, { initial: true })).type, 'signedIn');
      const from = await b.evaluate(() => window.events.length);
      const marker = await b.evaluate(() => (window.marker = Math.random()));

      // What a newcomer's <a href={logout_url}> does: a full navigation to Kratos, redirected back to the app.
      const logoutUrl = await inPage(a, async (k, kb, returnTo) => (await k.createBrowserLogoutFlow({ returnTo })).logout_url, s.appOrigin + BLANK);
      await a.goto(logoutUrl.value);
      await a.waitForURL((u) => u.href.startsWith(s.appOrigin + BLANK));
      // Tab B heard nothing yet: the SDK made no call. Tab A's app starts again and asks Kratos once.
      assert.equal(await b.evaluate(() => window.kb.getSessionState(window.kratos).status), 'signedIn');
      await attachSdk(a, s.publicUrl, { onRedirect: false });
      await watch(a);
      assert.equal((await waitEvent(a, { initial: true })).type, 'signedOut');

      const out = await waitEvent(b, { type: 'signedOut' }, from);
      assert.equal(out.source, 'otherTab');
      assert.equal(out.previousEmail, email);
      assert.equal(await b.evaluate(() => window.marker), marker, 'tab B was not reloaded');
      await b.waitForFunction(() => window.whoamis().at(-1)?.status === 401);
    } finally {
      await a.context().close();
    }
  });
});
