// The example apps (examples/react-vite, examples/svelte-vite), built with Vite 7 from the PACKED tarball
// (tests/pack/lib.mjs: npm pack → npm ci → vite build, cached), each served on its own origin with a Kratos
// profile whose UI URLs point at it, and driven like a user in headless Chromium: register, logout, login,
// a wrong password (400 → flow), recovery by code (422 → settings, SPA navigation), cross-tab logout; and the
// Vite dev server (whose dependency pre-bundling cannot serve the .wasm: the inline fallback is used, without asking for the asset).
// Plus the webpack 5 build of examples/webpack served on the app origin: the wasm asset resolves.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { stack } from '../harness/context.mjs';
import { startStaticServer, MIME } from '../harness/static.mjs';
import { uniqueEmail, strongPassword } from '../harness/util.mjs';
import { spawn } from 'node:child_process';
import { freePorts } from '../harness/ports.mjs';
import { ensureExample } from '../pack/lib.mjs';
import { createRequire } from 'node:module';

const AXE = fs.readFileSync(createRequire(new URL('../package.json', import.meta.url)).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core on the page: the serious and critical violations (none expected). */
async function axeSerious(page) {
  await page.addScriptTag({ content: AXE });
  const r = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations);
  return r.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}


const APPS = { react: 'react-vite', svelte: 'svelte-vite' };

/** True once something answers HTTP at `url` (any status). */
async function answers(url) {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

/** Kratos overlay: every UI URL, return URL and CORS origin on the example's origin. */
function overlayFor(origin, extraOrigins = []) {
  return {
    serve: { public: { cors: { allowed_origins: [origin, ...extraOrigins] } } },
    selfservice: {
      default_browser_return_url: `${origin}/`,
      allowed_return_urls: [origin],
      flows: {
        error: { ui_url: `${origin}/error` },
        login: { ui_url: `${origin}/login` },
        registration: { ui_url: `${origin}/registration` },
        settings: { ui_url: `${origin}/settings` },
        recovery: { ui_url: `${origin}/recovery` },
        verification: { ui_url: `${origin}/verification`, after: { default_browser_return_url: `${origin}/` } },
        logout: { after: { default_browser_return_url: `${origin}/login` } },
      },
    },
  };
}

for (const [label, name] of Object.entries(APPS)) {
  describe(`example ${name} (packed tarball, vite build) against Kratos`, () => {
    let server, profile, origin, devPort;

    before(async () => {
      const built = ensureExample(name);
      const dist = built.out;
      assert.ok(fs.readdirSync(path.join(dist, 'assets')).some((f) => f.endsWith('.wasm')), 'vite emitted the .wasm asset');
      let kratosUrl = 'about:blank';
      server = await startStaticServer({
        mounts: { '/': dist },
        routes: [{
          path: '/config.js',
          handler: (req, res) => {
            res.writeHead(200, { 'Content-Type': MIME['.js'], 'Cache-Control': 'no-store' });
            res.end(`window.KRATOS_PUBLIC_URL = ${JSON.stringify(kratosUrl)};\n`);
          },
        }],
      });
      origin = server.origin;
      [devPort] = await freePorts(1);
      profile = await stack().startProfile(overlayFor(origin, [`http://localhost:${devPort}`]), { name: `example-${label}` });
      kratosUrl = profile.publicUrl;
    }, { timeout: 20 * 60_000 });

    after(async () => {
      await profile?.stop();
      await server?.close();
    });

    async function openApp(pathname = '/') {
      const page = await profile.newPage(`${origin}${pathname}`);
      const wasm = [];
      page.on('response', (r) => {
        if (r.url().endsWith('.wasm') || r.url().includes('_bg.inline')) wasm.push(`${r.status()} ${new URL(r.url()).pathname}`);
      });
      return { page, wasm };
    }
    const status = (page, s) => page.waitForSelector(`header[data-status="${s}"]`, { timeout: 15_000 });

    test(`${label}: register (two steps) → signed in → logout → login; wrong password shows Kratos' message`, async () => {
      const email = uniqueEmail(`ex-${label}`);
      const password = strongPassword();
      const { page } = await openApp('/registration');
      try {
        await page.fill('input[name="traits.email"]', email);
        await page.click('button[name="method"][value="profile"]');
        await page.fill('input[name="password"]', password); // step 2 of the registration flow
        await page.click('button[name="method"][value="password"]');
        await status(page, 'signedIn');
        assert.equal(new URL(page.url()).pathname, '/');
        assert.match(await page.textContent('#whoami'), new RegExp(email.replace(/[.+]/g, '\\$&')));

        await page.click('#logout');
        await status(page, 'signedOut');
        await page.waitForURL((u) => u.pathname === '/login');
        await page.waitForSelector('input[name="identifier"]');

        await page.fill('input[name="identifier"]', email);
        await page.fill('input[name="password"]', 'definitely-not-it-1234');
        await page.click('button[name="method"][value="password"]');
        await page.waitForSelector('[data-message-id="4000006"]'); // "The provided credentials are invalid"
        assert.match(page.url(), /[?&]flow=/, 'the flow id is kept in the URL');

        await page.fill('input[name="identifier"]', email);
        await page.fill('input[name="password"]', password);
        await page.click('button[name="method"][value="password"]');
        await status(page, 'signedIn');
        assert.equal(new URL(page.url()).pathname, '/');
        const storage = await page.evaluate(() => localStorage.length + sessionStorage.length);
        assert.equal(storage, 0, 'nothing in Web Storage');
      } finally {
        await page.context().close();
      }
    });

    test(`${label}: recovery code → Kratos 422 → settings flow (SPA navigation) → new password → login with it`, async () => {
      const email = uniqueEmail(`ex-${label}-rec`);
      const { page, wasm } = await openApp('/registration');
      try {
        await page.fill('input[name="traits.email"]', email);
        await page.click('button[name="method"][value="profile"]');
        await page.fill('input[name="password"]', strongPassword());
        await page.click('button[name="method"][value="password"]');
        await status(page, 'signedIn');
        await page.click('#logout');
        await status(page, 'signedOut');

        await page.goto(`${origin}/recovery`);
        await page.fill('input[name="email"]', email);
        await page.click('button[name="method"][value="code"]');
        await page.waitForSelector('input[name="code"]');
        const code = await profile.mail.waitForCode(email, 'recovery');
        await page.fill('input[name="code"]', code);
        const marker = await page.evaluate(() => (window.__marker = Math.random()));
        await page.click('button[name="method"][value="code"]');

        await page.waitForURL((u) => u.pathname === '/settings' && u.searchParams.has('flow'), { timeout: 15_000 });
        await status(page, 'signedIn'); // the recovery issued a session; useSession/$session noticed
        assert.equal(await page.evaluate(() => window.__marker), marker, 'no page reload: the SPA handled the 422');
        const newPassword = strongPassword();
        await page.fill('input[name="password"]', newPassword);
        await page.click('button[name="method"][value="password"]');
        await page.waitForSelector('#saved');
        await page.waitForSelector('[data-message-id="1050001"]'); // "Your changes have been saved!"

        await page.goto(`${origin}/`);
        await page.click('#logout');
        await status(page, 'signedOut');
        await page.fill('input[name="identifier"]', email);
        await page.fill('input[name="password"]', newPassword);
        await page.click('button[name="method"][value="password"]');
        await status(page, 'signedIn');
        assert.ok(wasm.some((w) => /^200 \/assets\/kratos_browser_bg-[\w-]+\.wasm$/.test(w)), `the hashed .wasm asset was used: ${wasm}`);
        assert.ok(!wasm.some((w) => w.includes('.inline')), `no inline fallback needed: ${wasm}`);
      } finally {
        await page.context().close();
      }
    });

    test(`${label}: the Vite dev server (dependency pre-bundling) works without config: wasm falls back to the inline copy`, async () => {
      const dir = path.dirname(ensureExample(name).out);
      const child = spawn(path.join(dir, 'node_modules', '.bin', 'vite'), ['--port', String(devPort), '--strictPort', '--host', 'localhost'], {
        // NO_COLOR: the log is only for failure messages; readiness is the port answering, not a log line
        // (a CI with FORCE_COLOR wraps vite's "Local:" in escape codes).
        cwd: dir, env: { ...process.env, VITE_KRATOS_PUBLIC_URL: profile.publicUrl, BROWSER: 'none', NO_COLOR: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let log = '';
      child.stdout.on('data', (d) => (log += d));
      child.stderr.on('data', (d) => (log += d));
      const exited = new Promise((r) => child.once('exit', r));
      const page = await profile.newPage(null, { goto: false });
      try {
        const deadline = Date.now() + 60_000;
        while (!(await answers(`http://localhost:${devPort}/`))) {
          if (Date.now() > deadline || child.exitCode !== null) throw new Error(`vite dev did not start:\n${log}`);
          await new Promise((r) => setTimeout(r, 200));
        }
        const wasm = [];
        page.on('response', (r) => {
          if (/\.wasm|_bg\.inline/.test(r.url())) wasm.push(`${r.status()} ${r.headers()['content-type']} ${new URL(r.url()).pathname}`);
        });
        await page.goto(`http://localhost:${devPort}/login`, { timeout: 60_000 });
        await page.waitForSelector('input[name="identifier"]', { timeout: 60_000 }); // a login flow from Kratos: the wasm client ran
        await status(page, 'signedOut');
        assert.ok(wasm.some((w) => w.includes('_bg.inline')), `the inline fallback was used: ${wasm.join(', ')}`);
        // Decided up front: the pre-bundled copy never asks for the asset it cannot have (no 404, no index.html).
        assert.ok(!wasm.some((w) => /\.wasm$/.test(w)), `no request for the .wasm asset: ${wasm.join(', ')}`);
      } finally {
        await page.context().close();
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    });

    test(`${label}: <KratosFlow> pages pass axe-core (no serious/critical) before and after errors; settings shows TOTP QR + secret and backup codes`, async () => {
      const email = uniqueEmail(`ex-${label}-a11y`);
      // The German locale is its own chunk (dynamic import), not in the entry, and never fetched by an English page.
      const assets = path.join(ensureExample(name).out, 'assets');
      const js = fs.readdirSync(assets).filter((f) => f.endsWith('.js'));
      const withDe = js.filter((f) => fs.readFileSync(path.join(assets, f), 'utf8').includes('Mit Passwort anmelden'));
      assert.ok(withDe.length === 1 && /^de-/.test(withDe[0]), `German only in its own chunk: ${withDe}`);
      const { page } = await openApp('/login');
      const fetched = [];
      page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
      try {
        const problems = [];
        const scan = async (what) => { for (const v of await axeSerious(page)) problems.push(`${what}: ${v}`); };
        await page.waitForSelector('input[name="identifier"]');
        await scan('login');
        await page.click('button[name="method"][value="password"]'); // empty: Kratos' "Property … is missing." per field
        await page.waitForSelector('[aria-invalid="true"]');
        assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid')), 'true', 'focus moved to the first invalid field');
        const described = await page.evaluate(() => {
          const el = document.querySelector('[aria-invalid="true"]');
          return document.getElementById(el.getAttribute('aria-describedby'))?.textContent;
        });
        assert.match(described ?? '', /missing/, 'the message is the field\'s description');
        await scan('login with errors');
        for (const p of ['/registration', '/recovery', '/verification']) {
          await page.goto(`${origin}${p}`);
          await page.waitForSelector('form.kratos-form');
          await scan(p);
        }
        await page.goto(`${origin}/registration`);
        await page.fill('input[name="traits.email"]', email);
        await page.click('button[name="method"][value="profile"]');
        await page.waitForSelector('input[name="password"]');
        await scan('registration step 2');
        assert.ok(await page.$('button[name="screen"][value="previous"]'), 'two-step registration offers "back"');
        await page.fill('input[name="password"]', strongPassword());
        await page.click('button[name="method"][value="password"]');
        await status(page, 'signedIn');
        await page.goto(`${origin}/settings`);
        await page.waitForSelector('fieldset[data-group="totp"] img.kratos-image');
        assert.ok((await page.textContent('fieldset[data-group="totp"] .kratos-secret code')).trim().length >= 16, 'TOTP secret as text');
        assert.ok((await page.getAttribute('fieldset[data-group="totp"] img', 'alt')).length > 0, 'the QR code has a text alternative');
        await scan('settings');
        await page.click('button[name="lookup_secret_regenerate"]'); // a new identity has no codes yet: generate them
        await page.waitForSelector('.kratos-codes li code');
        assert.ok((await page.$$('.kratos-codes li')).length >= 10, 'backup codes listed');
        assert.ok(await page.$('button[name="lookup_secret_confirm"]'), 'then confirm them');
        await scan('settings with backup codes');
        assert.deepEqual(problems, []);
        assert.ok(!fetched.some((p) => p.includes('/assets/de-')), 'the German chunk is not loaded on an English page');
      } finally {
        await page.context().close();
      }
    });

    test(`${label}: keyboard only: Tab to the identifier, type, Tab, type the password, Enter → signed in`, async () => {
      const email = uniqueEmail(`ex-${label}-kbd`);
      const password = strongPassword();
      const { page } = await openApp('/registration');
      try {
        await page.waitForSelector('input[name="traits.email"]');
        const tabTo = async (selector) => {
          for (let i = 0; i < 30; i++) {
            await page.keyboard.press('Tab');
            if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
          }
          throw new Error(`Tab never reached ${selector}`);
        };
        await tabTo('input[name="traits.email"]');
        await page.keyboard.type(email);
        await page.keyboard.press('Enter');
        await page.waitForSelector('input[name="password"]');
        await tabTo('input[name="password"]');
        await page.keyboard.type(password);
        await page.keyboard.press('Enter');
        await status(page, 'signedIn');
        await tabTo('#logout');
        await page.keyboard.press('Enter');
        await status(page, 'signedOut');
        await page.waitForSelector('input[name="identifier"]');
        await tabTo('input[name="identifier"]');
        await page.keyboard.type(email);
        await tabTo('input[name="password"]');
        await page.keyboard.type('wrong-password-1234');
        await page.keyboard.press('Enter');
        await page.waitForSelector('[data-message-id="4000006"]');
        assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('kratos-messages')), 'focus on the form-level error');
        await tabTo('input[name="identifier"]');
        await page.keyboard.press('Control+A');
        await page.keyboard.type(email);
        await tabTo('input[name="password"]');
        await page.keyboard.type(password);
        await page.keyboard.press('Enter');
        await status(page, 'signedIn');
      } finally {
        await page.context().close();
      }
    });

    test(`${label}: verification by code through <KratosFlow> (code input, resend, passed_challenge)`, async () => {
      const email = uniqueEmail(`ex-${label}-ver`);
      const { page } = await openApp('/registration');
      try {
        await page.fill('input[name="traits.email"]', email);
        await page.click('button[name="method"][value="profile"]');
        await page.fill('input[name="password"]', strongPassword());
        await page.click('button[name="method"][value="password"]');
        await status(page, 'signedIn');
        await profile.mail.waitForCode(email, 'verification', { timeoutMs: 5000 }).catch(() => undefined); // the one sent on registration, if any
        await page.goto(`${origin}/verification`);
        await page.fill('input[name="email"]', email);
        await page.click('button[name="method"][value="code"]');
        await page.waitForSelector('input[name="code"]');
        assert.ok(await page.$('button[name="email"].kratos-button--secondary'), 'resend is a secondary button');
        const code = await profile.mail.waitForCode(email, 'verification');
        await page.fill('input[name="code"]', code);
        await page.click('button[name="method"][value="code"]');
        await page.waitForSelector('.kratos-flow[data-state="passed_challenge"]');
        assert.ok(await page.$('[data-message-id="1080002"]'), 'verified message');
      } finally {
        await page.context().close();
      }
    });

    test(`${label}: two tabs of one browser: logout in one flips the other to signed out without a reload`, async () => {
      const email = uniqueEmail(`ex-${label}-tabs`);
      const { page: a } = await openApp('/registration');
      try {
        await a.fill('input[name="traits.email"]', email);
        await a.click('button[name="method"][value="profile"]');
        await a.fill('input[name="password"]', strongPassword());
        await a.click('button[name="method"][value="password"]');
        await status(a, 'signedIn');
        const b = await a.context().newPage();
        await b.goto(`${origin}/`);
        await status(b, 'signedIn');
        const marker = await b.evaluate(() => (window.__marker = Math.random()));
        await a.bringToFront();
        await a.click('#logout');
        await status(a, 'signedOut');
        await status(b, 'signedOut');
        assert.equal(await b.evaluate(() => window.__marker), marker, 'tab B was not reloaded');
        assert.equal(await b.textContent('#whoami'), 'Not signed in.');
      } finally {
        await a.context().close();
      }
    });
  });
}

describe('example webpack (packed tarball, webpack 5, no plugins, no config beyond entry/output)', () => {
  test('the bundle loads the emitted .wasm asset and talks to Kratos', async () => {
    const s = stack();
    const built = ensureExample('webpack');
    const off = s.server.route('/ex/webpack/*', async (req, res, ctx) => {
      const rel = ctx.url.pathname.slice('/ex/webpack/'.length) || 'index.html';
      const file = path.join(built.out, path.normalize(rel).replace(/^(\.\.[/\\])+/, ''));
      if (!file.startsWith(built.out) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        res.writeHead(404);
        return res.end();
      }
      res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
      res.end(fs.readFileSync(file));
    });
    const page = await s.newPage(null, { goto: false });
    try {
      const wasm = [];
      page.on('response', (r) => {
        if (r.url().includes('.wasm') || r.url().includes('_bg.inline')) wasm.push(`${r.status()} ${new URL(r.url()).pathname}`);
      });
      await page.goto(`${s.appOrigin}/ex/webpack/?kratos=${encodeURIComponent(s.publicUrl)}`);
      await page.waitForFunction(() => window.result !== undefined, null, { timeout: 15_000 });
      const result = await page.evaluate(() => window.result);
      assert.deepEqual(result.error, undefined, JSON.stringify(result));
      assert.equal(result.readyBefore, false);
      assert.equal(result.ready, true);
      assert.equal(result.flowType, 'browser');
      assert.equal(result.signedOut, true);
      assert.ok(wasm.some((w) => /^200 \/ex\/webpack\/.*\.wasm$/.test(w)), `webpack's emitted .wasm was fetched: ${wasm}`);
      assert.ok(!wasm.some((w) => w.includes('.inline')), `no inline fallback: ${wasm}`);
    } finally {
      off();
      await page.context().close();
    }
  });
});
