// One stack per old Kratos release: SMTP capture + static app server + that release's binary
// (~/.cache/kratos-browser/kratos-<version>/kratos, built by `scripts/setup.sh kratos-legacy`) with its
// own config template (tests/kratos/legacy/<line>/) + headless Chromium.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { freePorts } from '../harness/ports.mjs';
import { startStaticServer } from '../harness/static.mjs';
import { startKratos, KRATOS_DIR } from '../harness/kratos.mjs';
import { startSmtpCapture } from '../harness/smtp.mjs';
import { startHibpStub } from '../harness/hibp.mjs';
import { CHROMIUM_ARGS } from '../harness/stack.mjs';

const CACHE = process.env.KB_CACHE || path.join(os.homedir(), '.cache', 'kratos-browser');

/** The cached binary of `version`, or null when it was not built on this machine. */
export function legacyBin(version) {
  const bin = path.join(CACHE, `kratos-${version}`, 'kratos');
  return fs.existsSync(bin) ? bin : null;
}

export const BLANK = '/__test__/blank.html';

/**
 * `proxyPrefix` (e.g. '/api/kratos/public'): serve Kratos' public API same-origin under that prefix of
 * the app server (as Ory Network does), and give the SDK `appOrigin + prefix` as baseUrl.
 */
export async function legacyStack({ version, line, serveFlags, proxyPrefix, migrate }) {
  const bin = legacyBin(version);
  if (!bin) throw new Error(`kratos ${version} is not built: run scripts/setup.sh kratos-legacy`);
  const cleanups = [];
  try {
    const smtp = await startSmtpCapture();
    cleanups.push(() => smtp.close());
    const hibp = await startHibpStub();
    cleanups.push(() => hibp.close());
    const server = await startStaticServer({ port: 0 });
    cleanups.push(() => server.close());
    const [publicPort, adminPort] = await freePorts(2);
    if (proxyPrefix) {
      server.route(`${proxyPrefix}/*`, (req, res) => new Promise((resolve) => {
        const up = http.request(
          { host: '127.0.0.1', port: publicPort, path: req.url.slice(proxyPrefix.length) || '/', method: req.method, headers: req.headers },
          (ur) => { res.writeHead(ur.statusCode, ur.headers); ur.pipe(res); ur.on('end', resolve); },
        );
        up.on('error', (e) => { res.writeHead(502); res.end(String(e)); resolve(); });
        req.pipe(up);
      }));
    }
    const publicBase = proxyPrefix ? `${server.origin}${proxyPrefix}` : `http://localhost:${publicPort}`;
    const start = () => startKratos({
      publicPort, adminPort, appOrigin: server.origin, mailUrl: 'unused', oidcIssuer: `${server.origin}/__oidc__`,
      bin, name: `kratos-${version}`, configDir: path.join(KRATOS_DIR, 'legacy', line), vars: { SMTP_URL: smtp.url, PUBLIC_BASE: `${publicBase}/` }, env: { ...hibp.env, NO_PROXY: '', no_proxy: '' },
      ...(serveFlags ? { serveFlags } : {}), migrate: !!migrate,
    });
    // Kratos v0.5.5 sometimes panics at start-up ("a handle is already registered for path
    // '/self-service/recovery/methods/link'", about 1 start in 4 here): its strategies register routes in
    // map order. That is the old release's own start-up race, not a test outcome: start again (max 3 tries).
    let kratos;
    for (let attempt = 1; ; attempt++) {
      try {
        kratos = await start();
        break;
      } catch (e) {
        if (attempt >= 3 || !/a handle is already registered for path/.test(String(e?.message))) throw e;
        process.stderr.write(`[legacy] ${version} hit its start-up route race; starting again (${attempt}/3)\n`);
      }
    }
    // A crash mid-suite shows up in the report with Kratos' own last lines, not just as odd redirects.
    let stopping = false;
    kratos.exited.then(({ code, signal }) => {
      if (!stopping) process.stdout.write(`# kratos ${version} exited (code ${code}, signal ${signal}); last log lines:\n# ${kratos.logTail(40).split('\n').join('\n# ')}\n`);
    });
    cleanups.push(() => { stopping = true; return kratos.stop(); });
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    cleanups.push(() => browser.close());
    const consoleLines = [];
    return {
      version, publicUrl: publicBase, appOrigin: server.origin, smtp, kratos, browser, consoleLines,
      async newPage(p = BLANK) {
        const ctx = await browser.newContext();
        const page = await ctx.newPage();
        page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
        page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e}`));
        await page.goto(server.origin + p);
        return page;
      },
      async stop() {
        // Each step bounded: a wedged old release (seen once with v0.6.3 on a loaded machine) must not hold the
        // file until the runner's 5-minute timeout.
        while (cleanups.length) await bounded(cleanups.pop()(), 15_000);
      },
    };
  } catch (e) {
    while (cleanups.length) await cleanups.pop()().catch(() => {});
    throw e;
  }
}

/** Waits for `promise` (its failure ignored) at most `ms`. */
function bounded(promise, ms) {
  let timer;
  return Promise.race([promise.catch(() => {}), new Promise((r) => { timer = setTimeout(r, ms); })]).finally(() => clearTimeout(timer));
}

/**
 * Loads the package into the current document as `window.kb` / `window.kratos` (again after each
 * navigation): `kratos-browser/legacy` (pkg/dist/legacy.js) for v0.4–v0.6, which only it speaks;
 * the v1 entry for the others (v0.8–v0.11 are in the core).
 */
export async function sdk(page, s, apiVersion) {
  const entry = /^v?0\.[4-6](\D|$)/.test(apiVersion) ? '/pkg/legacy.js' : '/pkg/index.js';
  await page.evaluate(async ({ publicUrl, apiVersion, entry }) => {
    window.kb = await import(entry);
    window.kratos = new window.kb.KratosClient({ baseUrl: publicUrl, apiVersion, onRedirect: false });
  }, { publicUrl: s.publicUrl, apiVersion, entry });
}

/** Runs `fn(kratos, kb, arg)` in the page; a rejection comes back as `{ error }`. */
export async function run(page, fn, arg) {
  return page.evaluate(async ({ src, arg }) => {
    const f = new Function(`return (${src})`)();
    try {
      return { value: await f(window.kratos, window.kb, arg) };
    } catch (e) {
      return { error: { kind: e?.kind, status: e?.status, id: e?.id, message: e?.message } };
    }
  }, { src: fn.toString(), arg });
}

/**
 * Runs `fn` in the page, expecting it to navigate (native post / start flow), and waits until a NEW
 * document has loaded (a failed submit comes back to the same URL, so the URL alone cannot tell).
 * Kratos v0.5/v0.6 check passwords against HIBP with retries (~15 s without network): generous timeout.
 */
export async function navigating(page, fn, arg, timeoutMs = 60_000) {
  const before = await page.evaluate(() => performance.timeOrigin);
  await page.evaluate(({ src, arg }) => {
    const f = new Function(`return (${src})`)();
    void f(window.kratos, window.kb, arg);
  }, { src: fn.toString(), arg });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const origin = await page.evaluate(() => performance.timeOrigin).catch(() => before);
    if (origin !== before) break;
    if (Date.now() > deadline) throw new Error(`no navigation within ${timeoutMs} ms (still at ${page.url()})`);
    await page.waitForTimeout(100);
  }
  await page.waitForLoadState('load');
  return page.url();
}

/** The `?flow=` / `?request=` id in the page URL. */
export function flowId(page) {
  const q = new URL(page.url()).searchParams;
  return q.get('flow') ?? q.get('request');
}
