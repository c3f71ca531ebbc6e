// One complete e2e stack: mail capture + static app server + Kratos + headless Debian Chromium.
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { pickPorts, freePorts } from './ports.mjs';
import { startMailCapture } from './mail.mjs';
import { startStaticServer } from './static.mjs';
import { startKratos, killAllKratosSync } from './kratos.mjs';
import { createOidcIssuer, startOidcIssuer } from './oidc.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const CONSOLE_RING = 500;
let signalHooksInstalled = false;
const liveStacks = new Set();

function installSignalHooks() {
  if (signalHooksInstalled) return;
  signalHooksInstalled = true;
  // Kratos children are SIGKILLed synchronously; Chromium is killed by playwright-core's own 'exit' hook.
  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ]) {
    process.on(sig, () => {
      process.stderr.write(`\n[harness] ${sig}: killing Kratos and Chromium\n`);
      killAllKratosSync();
      process.exit(code);
    });
  }
}

/**
 * @param {{
 *   overlayYaml?: string|object|Array<string|object>,   // profile overlay for the main Kratos
 *   routes?: Array<{method?, path, handler}>,            // extra static-server handlers (see static.mjs)
 *   oidcIssuer?: string,                                 // default: `${appOrigin}/__oidc__`, served by `stack.oidc`
 *                                                        // (tests/harness/oidc.mjs) whenever it is on the app server
 *   ports?: {publicPort?, adminPort?, appPort?, mailPort?},  // default: env KB_*_PORT, else free ports
 *   chromiumPath?: string, headless?: boolean, launchArgs?: string[],
 *   echoConsole?: boolean,                               // also print browser console to stderr (env KB_ECHO_CONSOLE=1)
 * }} [opts]
 * @returns {Promise<Stack>}
 *
 * Stack = {
 *   publicUrl: 'http://localhost:P', adminUrl: 'http://127.0.0.1:A', appOrigin: 'http://localhost:APP',
 *   mailUrl, oidcIssuer, ports: {publicPort, adminPort, appPort, mailPort},
 *   oidc: OidcIssuer | undefined,                        // the mock issuer at `oidcIssuer` (oidc.mjs), if on the app server
 *   startOidcIssuer(opts?) -> Promise<OidcIssuer>,       // another issuer on its own origin (stopped with the stack)
 *   mail: MailCapture, server: StaticServer, browser: playwright Browser, kratos: KratosInstance,
 *   kratosInstances: () => KratosInstance[],             // main + live profiles
 *   newPage(path='/', {contextOptions?, goto?=true}) -> Promise<Page>   // fresh BrowserContext each time
 *   consoleOf(page) -> string[],  consoleTail(n=40) -> string,
 *   startProfile(overlayYaml, {name?, oidcIssuer?}) -> Promise<Profile>,   // oidcIssuer: this profile's {{OIDC_ISSUER}}
 *   logTail(n=60) -> string,  stop({keepLogs?}) -> Promise<void>
 * }
 * Profile = { publicUrl, adminUrl, appOrigin, mailUrl, oidcIssuer, mail, server, browser, kratos,
 *             newPage, consoleOf, consoleTail, logTail, stop,
 *             running: boolean, start() -> Promise<KratosInstance>, restart() -> Promise<KratosInstance> }
 *   `kratos` is the current process: `await p.kratos.stop()` stops it, `await p.start()` starts a new Kratos with
 *   the same config on the same ports (fresh in-memory DB), `restart()` does both.
 */
export async function startStack(opts = {}) {
  installSignalHooks();
  const ports = await pickPorts(opts.ports ?? {});
  const cleanups = [];
  const echoConsole = opts.echoConsole ?? process.env.KB_ECHO_CONSOLE === '1';
  const consoleRing = [];
  const pageConsole = new WeakMap();
  const contexts = new Set();
  const kratosList = [];
  let stopped = false;
  let keepLogs = false;

  const runCleanups = async () => {
    while (cleanups.length) {
      const c = cleanups.pop();
      await c().catch((e) => process.stderr.write(`[harness] cleanup error: ${e?.message ?? e}\n`));
    }
  };

  try {
    const mail = await startMailCapture({ port: ports.mailPort });
    cleanups.push(() => mail.close());
    const server = await startStaticServer({ port: ports.appPort, routes: opts.routes });
    cleanups.push(() => server.close());
    const appOrigin = server.origin;
    const oidcIssuer = opts.oidcIssuer ?? `${appOrigin}/__oidc__`;
    let oidc;
    if (new URL(oidcIssuer).origin === appOrigin) {
      oidc = createOidcIssuer({ issuer: oidcIssuer });
      oidc.mount(server);
    }

    const kratosOpts = { appOrigin, mailUrl: mail.url, oidcIssuer };
    // Kratos and Chromium start in parallel; if either fails, the other is still awaited and cleaned up.
    const [kratosRes, browserRes] = await Promise.allSettled([
      startKratos({
        ...kratosOpts,
        publicPort: ports.publicPort,
        adminPort: ports.adminPort,
        overlayYaml: opts.overlayYaml,
        name: 'kratos',
      }),
      chromium.launch({
        executablePath: opts.chromiumPath || process.env.CHROMIUM_PATH || '/usr/bin/chromium',
        headless: opts.headless ?? true,
        args: opts.launchArgs ?? CHROMIUM_ARGS,
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      }),
    ]);
    if (kratosRes.status === 'fulfilled') {
      const k = kratosRes.value;
      kratosList.push(k);
      cleanups.push(() => k.stop({ keepDir: keepLogs || undefined }));
    }
    if (browserRes.status === 'fulfilled') {
      const b = browserRes.value;
      cleanups.push(() => b.close());
    }
    if (kratosRes.status === 'rejected') throw kratosRes.reason;
    if (browserRes.status === 'rejected') throw browserRes.reason;
    const kratos = kratosRes.value;
    const browser = browserRes.value;

    let ctxCounter = 0;
    async function newPage(pathOrUrl = '/', { contextOptions = {}, goto = true } = {}) {
      const context = await browser.newContext(contextOptions);
      contexts.add(context);
      context.on('close', () => contexts.delete(context));
      const page = await context.newPage();
      const tag = `ctx${++ctxCounter}`;
      const lines = [];
      pageConsole.set(page, lines);
      const record = (line) => {
        lines.push(line);
        consoleRing.push(`[${tag}] ${line}`);
        if (consoleRing.length > CONSOLE_RING) consoleRing.shift();
        if (echoConsole) process.stderr.write(`[browser ${tag}] ${line}\n`);
      };
      page.on('console', (m) => record(`${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => record(`pageerror: ${e?.stack ?? e}`));
      page.on('requestfailed', (r) => record(`requestfailed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`));
      if (goto && pathOrUrl !== null) {
        const url = /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : appOrigin + pathOrUrl;
        await page.goto(url);
      }
      return page;
    }
    const consoleOf = (page) => pageConsole.get(page) ?? [];
    const consoleTail = (n = 40) => consoleRing.slice(-n).join('\n');

    const stack = {
      publicUrl: kratos.publicUrl,
      adminUrl: kratos.adminUrl,
      appOrigin,
      mailUrl: mail.url,
      oidcIssuer,
      oidc,
      ports: { ...ports, appPort: server.port, mailPort: mail.port },
      mail,
      server,
      browser,
      kratos,
      kratosInstances: () => kratosList.filter((k) => k.running),
      newPage,
      consoleOf,
      consoleTail,
      logTail: (n = 60) => kratos.logTail(n),

      async startOidcIssuer(issuerOpts = {}) {
        if (stopped) throw new Error('stack already stopped');
        const iss = await startOidcIssuer(issuerOpts);
        cleanups.push(() => iss.close());
        return iss;
      },

      async startProfile(overlayYaml, { name, oidcIssuer: profileIssuer } = {}) {
        if (stopped) throw new Error('stack already stopped');
        const [publicPort, adminPort] = await freePorts(2);
        const startOpts = {
          ...kratosOpts,
          oidcIssuer: profileIssuer ?? oidcIssuer,
          publicPort,
          adminPort,
          overlayYaml,
          name: name ?? `profile-${publicPort}`,
        };
        let k = await startKratos(startOpts);
        kratosList.push(k);
        const previous = [];                       // earlier (exited) processes of this profile, after restarts
        let profileStopped = false;
        const stopProfile = async () => {
          if (profileStopped) return;
          profileStopped = true;
          // Earlier processes already exited (no second kill); only their temp dirs are left to remove.
          if (!keepLogs && !process.env.KB_KEEP_TMP) {
            for (const old of previous) await fs.promises.rm(old.dir, { recursive: true, force: true }).catch(() => {});
          }
          await k.stop({ keepDir: keepLogs || undefined });
        };
        cleanups.push(stopProfile);
        const start = async () => {
          if (profileStopped) throw new Error('profile already stopped');
          if (k.running) return k;
          // The old process has exited (running is false only after 'exit'); a temp dir it may have left is
          // removed when the profile stops.
          previous.push(k);
          k = await startKratos(startOpts);
          kratosList.push(k);
          return k;
        };
        return {
          publicUrl: k.publicUrl,
          adminUrl: k.adminUrl,
          appOrigin,
          mailUrl: mail.url,
          oidcIssuer: startOpts.oidcIssuer,
          mail,
          server,
          browser,
          get kratos() {
            return k;
          },
          get running() {
            return k.running;
          },
          newPage,
          consoleOf,
          consoleTail,
          logTail: (n = 60) => k.logTail(n),
          stop: stopProfile,
          start,
          async restart() {
            if (k.running) await k.stop({ keepDir: true });
            return start();
          },
        };
      },

      /** @param {{keepLogs?: boolean}} [o] keepLogs: keep every Kratos temp dir (config + kratos.log) */
      async stop({ keepLogs: keep = false } = {}) {
        if (stopped) return;
        stopped = true;
        keepLogs = keep;
        liveStacks.delete(stack);
        for (const c of [...contexts]) await c.close().catch(() => {});
        await runCleanups();
      },
    };
    liveStacks.add(stack);
    return stack;
  } catch (e) {
    stopped = true;
    await runCleanups();
    throw e;
  }
}
