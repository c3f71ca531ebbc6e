// Cross-tab figure: how long a logout in one tab takes to reach another tab of the same browser.
// Two pages of one Chromium context (same cookies, same BroadcastChannel partition), both on the app origin
// with the built package (/pkg/). Tab B watches the session (`onSessionChange`); each run signs in through
// tab A (password login, B hears it), then logs out through tab A. The figure is the time from A calling
// `updateLogoutFlow` to B's listener getting `signedOut`, on one clock (`performance.timeOrigin + now()`
// of each page; both pages live in one browser process). Also: A's logout call itself, and whether B
// received the logout as a hint before Kratos confirmed it.
import { summary } from './stats.mjs';

const BLANK = '/__test__/blank.html';

async function attach(page, publicUrl) {
  await page.evaluate(async (publicUrl) => {
    window.kb = await import('/pkg/index.js');
    window.kratos = new window.kb.KratosClient({ baseUrl: publicUrl, onRedirect: false });
    window.now = () => performance.timeOrigin + performance.now();
  }, publicUrl);
}

/**
 * @param s a started stack (tests/harness)
 * @param runs how many logouts to time
 * @param identity {email, password} of an existing identity
 * @returns {{ runs, logoutToOtherTabMs: summary, logoutCallMs: summary, samples: number[] }}
 */
export async function crossTab(s, runs, { email, password }) {
  const a = await s.newPage(BLANK);
  const context = a.context();
  try {
    const b = await context.newPage();
    await b.goto(s.appOrigin + BLANK);
    await attach(a, s.publicUrl);
    await attach(b, s.publicUrl);
    // Both tabs watch (as apps do: every tab of the app has its session store).
    for (const p of [a, b]) {
      await p.evaluate(() => {
        window.events = [];
        window.kb.onSessionChange(window.kratos, (e) => window.events.push({ type: e.type, initial: e.initial, at: window.now() }));
      });
      await p.waitForFunction(() => window.events.some((e) => e.initial));
    }
    const samples = [];
    const calls = [];
    for (let i = 0; i < runs; i++) {
      const login = await a.evaluate(async ({ email, password }) => {
        const flow = await window.kratos.createBrowserLoginFlow();
        const out = await window.kratos.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'password', identifier: email, password } });
        return out.kind;
      }, { email, password });
      if (login !== 'success') throw new Error(`cross-tab bench: login gave ${login}`);
      await b.waitForFunction(() => window.kb.getSessionState(window.kratos).status === 'signedIn', null, { timeout: 10_000 });
      const mark = await b.evaluate(() => window.events.length);
      const { start, end } = await a.evaluate(async () => {
        const { logout_token } = await window.kratos.createBrowserLogoutFlow();
        const start = window.now();
        await window.kratos.updateLogoutFlow({ token: logout_token });
        return { start, end: window.now() };
      });
      const handle = await b.waitForFunction(
        (mark) => window.events.slice(mark).find((e) => e.type === 'signedOut'),
        mark,
        { timeout: 10_000 },
      );
      const ev = await handle.jsonValue();
      samples.push(ev.at - start);
      calls.push(end - start);
    }
    return { runs, logoutToOtherTabMs: summary(samples), logoutCallMs: summary(calls), samples };
  } finally {
    await context.close();
  }
}
