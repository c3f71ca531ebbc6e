// The native-form model (Kratos v0.4–v0.6): flows start by navigation, are read by AJAX (normalised
// to v1 nodes by the SDK) and submitted with a real form post; Kratos answers 302 only.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { legacyStack, legacyBin, sdk, run, navigating, flowId, BLANK } from './stack.mjs';
import { uniqueEmail, strongPassword } from '../harness/util.mjs';

/**
 * `proxyPrefix`/`migrate`: passed to legacyStack. `notBuilt`: the skip reason when the binary is not
 * cached. `verifiedUi`: the `ui=` of verification's after-URL, where v0.4 sends both the submit and
 * the link (it never returns to the verification UI).
 */
export function nativeSuite({ version, api, line, idParam = 'flow', serveFlags, proxyPrefix, migrate, notBuilt, verifiedUi }) {
  const skip = legacyBin(version) ? false : (notBuilt ?? `kratos ${version} not built (scripts/setup.sh kratos-legacy)`);
  describe(`Kratos ${version} (apiVersion ${api}): native forms`, { skip, timeout: 600_000 }, () => {
    let s;
    before(async () => { s = await legacyStack({ version, line, serveFlags, proxyPrefix, migrate }); }, { timeout: 120_000 });
    after(async () => { await s?.stop(); });

    async function page() {
      const p = await s.newPage(BLANK);
      await sdk(p, s, api);
      return p;
    }
    /** startBrowserFlow(kind) → Kratos 302 → the UI URL with ?flow= → getXFlow by AJAX. */
    async function start(p, kind) {
      await navigating(p, (k, kb, kind) => kb.startBrowserFlow(k, kind), kind);
      const q = new URL(p.url()).searchParams;
      if (!(q.get('ui') === kind && q.get(idParam))) assert.fail(await landedWrong(p, `not redirected to the ${kind} UI with ?${idParam}=`));
      return fetchFlow(p, kind);
    }
    async function fetchFlow(p, kind) {
      await sdk(p, s, api);
      const getter = `get${kind[0].toUpperCase()}${kind.slice(1)}Flow`;
      const r = await run(p, (k, kb, { getter, id }) => k[getter]({ id }), { getter, id: flowId(p) });
      assert.ok(r.value, JSON.stringify(r));
      return r.value;
    }
    /** What the old release answered instead, and its own last words: for a failure that does not reproduce. */
    async function landedWrong(p, what) {
      const body = (await p.content().catch((e) => String(e))).slice(0, 600);
      return `${what}: ${p.url()}\n--- page ---\n${body}\n--- kratos log ---\n${s.kratos.logTail(30)}`;
    }
    async function submit(p, kind, flow, body) {
      const url = await navigating(p, (k, kb, { kind, flow, body }) => kb.submitFlowNatively(k, kind, flow, body), { kind, flow, body });
      if (new URL(url).origin !== s.appOrigin) assert.fail(await landedWrong(p, `the ${kind} submit did not come back to the app`));
      await sdk(p, s, api);
      return url;
    }
    const inputs = (flow) => flow.ui.nodes.filter((n) => n.type === 'input').map((n) => `${n.group}:${n.attributes.name}:${n.attributes.type}`);
    async function register(p, email, password) {
      const flow = await start(p, 'registration');
      await submit(p, 'registration', flow, { method: 'password', traits: { email }, password });
    }

    test('registration: v1-shaped flow, native submit, session', async () => {
      const p = await page();
      const flow = await start(p, 'registration');
      assert.equal(typeof flow.id, 'string');
      assert.ok(inputs(flow).includes('default:csrf_token:hidden'), inputs(flow).join(' '));
      assert.ok(inputs(flow).includes('password:password:password'), inputs(flow).join(' '));
      assert.ok(inputs(flow).includes('password:traits.email:email') || inputs(flow).includes('password:traits.email:text'), inputs(flow).join(' '));
      assert.ok(inputs(flow).includes('password:method:submit'), inputs(flow).join(' '));
      assert.ok(flow.ui.nodes.every((n) => n.attributes.node_type === n.type && Array.isArray(n.messages)), 'v1 node shape');
      const email = uniqueEmail(`n${line}`);
      const landed = await submit(p, 'registration', flow, { method: 'password', traits: { email }, password: strongPassword() });
      assert.match(landed, /ui=home/, 'redirected to default_browser_return_url');
      const who = await run(p, (k) => k.toSession());
      assert.equal(who.value?.identity?.traits?.email, email, JSON.stringify(who));
    });

    test('login: wrong password comes back as the flow with an error message; then success', async () => {
      const email = uniqueEmail(`n${line}`);
      const password = strongPassword();
      await register(await page(), email, password);
      const p = await page();
      let flow = await start(p, 'login');
      const back = await submit(p, 'login', flow, { method: 'password', identifier: email, password: 'wrong-password-123' });
      assert.match(back, /ui=login/);
      flow = await fetchFlow(p, 'login');
      const messages = [...(flow.ui.messages ?? []), ...flow.ui.nodes.flatMap((n) => n.messages)];
      assert.ok(messages.some((m) => m.type === 'error'), JSON.stringify(messages));
      assert.ok(!messages.some((m) => /missing/i.test(m.text)), `only the credentials were wrong: ${JSON.stringify(messages)}`);
      assert.ok(flow.ui.nodes.some((n) => n.attributes.name === 'identifier'), 'v1 field name identifier');
      const landed = await submit(p, 'login', flow, { method: 'password', identifier: email, password });
      assert.match(landed, /ui=home/, JSON.stringify((await fetchFlow(p, 'login').catch((e) => ({ ui: String(e) }))).ui));
      const who = await run(p, (k) => k.toSession());
      assert.equal(who.value?.identity?.traits?.email, email, JSON.stringify(who));
    });

    test('logout: createBrowserLogoutFlow gives the old logout URL; navigating there ends the session', async () => {
      const p = await page();
      await register(p, uniqueEmail(`n${line}`), strongPassword());
      const lf = await run(p, (k) => k.createBrowserLogoutFlow());
      assert.match(lf.value?.logout_url ?? '', /\/self-service\/browser\/flows\/logout$/, JSON.stringify(lf));
      assert.equal(lf.value.logout_token, '');
      const upd = await run(p, (k) => k.updateLogoutFlow({ token: 'x' }));
      assert.equal(upd.error?.kind, 'unsupported');
      await p.goto(lf.value.logout_url);
      assert.match(p.url(), /ui=logged-out/);
      await sdk(p, s, api);
      const who = await run(p, (k) => k.toSession().then(() => 'session', (e) => window.kb.isSignedOut(e)));
      assert.equal(who.value, true);
    });

    test('settings: profile and password groups; a password change and a profile change end in state success', async () => {
      const p = await page();
      await register(p, uniqueEmail(`n${line}`), strongPassword());
      const flow = await start(p, 'settings');
      assert.ok(inputs(flow).includes('password:password:password'), inputs(flow).join(' '));
      assert.ok(inputs(flow).some((i) => i.startsWith('profile:traits.email')), inputs(flow).join(' '));
      const back = await submit(p, 'settings', flow, { method: 'password', password: strongPassword() });
      assert.match(back, /ui=settings/);
      const after = await fetchFlow(p, 'settings');
      assert.equal(after.state, 'success', JSON.stringify(after.ui));
      const email = uniqueEmail(`n${line}`);
      const profile = await start(p, 'settings');
      assert.match(await submit(p, 'settings', profile, { method: 'profile', traits: { email } }), /ui=settings/);
      const changed = await fetchFlow(p, 'settings');
      assert.equal(changed.state, 'success', JSON.stringify(changed.ui));
      const who = await run(p, (k) => k.toSession());
      assert.equal(who.value?.identity?.traits?.email, email, JSON.stringify(who));
    });

    test('recovery (link): email sent, the link signs in and opens settings', async () => {
      const email = uniqueEmail(`n${line}`);
      await register(await page(), email, strongPassword());
      const p = await page();
      const flow = await start(p, 'recovery');
      assert.ok(inputs(flow).includes('link:email:email'), inputs(flow).join(' '));
      await submit(p, 'recovery', flow, { method: 'link', email });
      const sent = await fetchFlow(p, 'recovery');
      assert.equal(sent.state, 'sent_email', JSON.stringify(sent.ui));
      const link = await s.smtp.waitForLink(email, /\/self-service\/.*recovery/);
      await p.goto(link);
      assert.match(p.url(), /ui=settings/, `recovery link led to ${p.url()}`);
      await sdk(p, s, api);
      const who = await run(p, (k) => k.toSession());
      assert.equal(who.value?.identity?.traits?.email, email, JSON.stringify(who));
    });

    test('verification (link): email sent, the link verifies the address', async () => {
      const email = uniqueEmail(`n${line}`);
      const p = await page();
      await register(p, email, strongPassword());
      const flow = await start(p, 'verification');
      assert.ok(inputs(flow).includes('link:email:email'), inputs(flow).join(' '));
      if (verifiedUi) return verifyV04(p, flow, email);
      await submit(p, 'verification', flow, { method: 'link', email });
      const sent = await fetchFlow(p, 'verification');
      assert.equal(sent.state, 'sent_email', JSON.stringify(sent.ui));
      const link = await verificationLink(email);
      await p.goto(link);
      assert.match(p.url(), /ui=verification/, `verification link led to ${p.url()}`);
      const done = await fetchFlow(p, 'verification');
      assert.equal(done.state, 'passed_challenge', JSON.stringify(done.ui));
      const who = await run(p, (k) => k.toSession());
      assert.equal(who.value?.identity?.verifiable_addresses?.[0]?.verified, true, JSON.stringify(who.value?.identity));
    });

    /** The link of the last verification mail to `email` (registration may have sent one too). */
    async function verificationLink(email) {
      await s.smtp.waitForLink(email, /\/self-service\/.*verification/);
      return await s.smtp.waitForLink(email, /\/self-service\/.*verification/, { timeoutMs: 5000 }).catch(() => null)
        ?? s.smtp.messages.filter((m) => m.to === email.toLowerCase()).flatMap((m) => m.links).filter((l) => /verification/.test(l)).pop();
    }

    /** v0.4: submit and link both end at verification's after-URL; the request is read back by its id. */
    async function verifyV04(p, flow, email) {
      const landed = await submit(p, 'verification', flow, { method: 'link', email });
      assert.match(landed, new RegExp(`ui=${verifiedUi}`), 'submit redirected to verification.after');
      const sent = await run(p, (k, kb, id) => k.getVerificationFlow({ id }), flow.id);
      assert.equal(sent.value?.state, 'sent_email', JSON.stringify(sent));
      assert.deepEqual(sent.value.ui.nodes, [], 'the sent request has no form');
      const before = await run(p, (k) => k.toSession());
      assert.equal(before.value?.identity?.verifiable_addresses?.[0]?.verified, false, JSON.stringify(before));
      const link = await verificationLink(email);
      await p.goto(link);
      assert.match(p.url(), new RegExp(`ui=${verifiedUi}`), `verification link led to ${p.url()}`);
      await sdk(p, s, api);
      const who = await run(p, (k) => k.toSession());
      assert.equal(who.value?.identity?.verifiable_addresses?.[0]?.verified, true, JSON.stringify(who.value?.identity));
    }

    test('AJAX init and JSON submit are refused as unsupported, without a request', async () => {
      const p = await page();
      const init = await run(p, (k) => k.createBrowserLoginFlow());
      assert.equal(init.error?.kind, 'unsupported', JSON.stringify(init));
      assert.match(init.error.message, /startBrowserFlow/);
      const sub = await run(p, (k) => k.updateLoginFlow({ flow: 'x', updateLoginFlowBody: { method: 'password', identifier: 'a', password: 'b' } }));
      assert.equal(sub.error?.kind, 'unsupported', JSON.stringify(sub));
    });
  });
}
