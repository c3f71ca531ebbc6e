// Spawns a real Ory Kratos (v1.3.1 or v26.2.0; KRATOS_BIN) for the e2e rig.
import { execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const KRATOS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'kratos');
export const DEFAULT_KRATOS_BIN = path.join(os.homedir(), '.cache', 'kratos-browser', 'kratos-v1.3.1', 'kratos');
const SUPPORT_FILES = ['identity.schema.json', 'courier.jsonnet', 'oidc.mapper.jsonnet'];
const RING = 200;

/** Every Kratos child that is still alive, so process exit handlers can kill them. */
const live = new Set();
let exitHooksInstalled = false;

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

/** Kill every live Kratos process group synchronously (used from process exit/signal handlers). */
export function killAllKratosSync() {
  for (const k of live) {
    killGroup(k.pid, 'SIGKILL');
    if (!k.keepDir()) {
      try {
        fs.rmSync(k.dir, { recursive: true, force: true });
      } catch {
        /* best effort */
      }
    }
  }
  live.clear();
}

function installExitHooks() {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', killAllKratosSync);
}

export function kratosBin() {
  return process.env.KRATOS_BIN || DEFAULT_KRATOS_BIN;
}

/** What `bin version` reports, e.g. 'v26.2.0'. */
export function binaryVersion(bin = kratosBin()) {
  if (!fs.existsSync(bin)) throw new Error(`Kratos binary not found at ${bin} (set KRATOS_BIN or run scripts/setup.sh kratos)`);
  const out = execFileSync(bin, ['version'], { encoding: 'utf8', timeout: 30_000 });
  const m = /Version:\s*(v\S+)/.exec(out);
  if (!m) throw new Error(`${bin} version: no "Version: v…" in ${JSON.stringify(out)}`);
  return m[1];
}

/**
 * The release the e2e run uses (env KRATOS_VERSION, set by tests/e2e/run.mjs from the binary), for tests
 * whose assertions differ between releases.
 */
export function kratosVersion() {
  return (process.env.KRATOS_VERSION ||= binaryVersion());
}

/** `kratosVersion()` is `v` or later (numeric compare of vX.Y.Z). */
export function kratosAtLeast(v) {
  const parts = (s) => s.replace(/^v/, '').split(/[.-]/).slice(0, 3).map(Number);
  const [a, b] = [parts(kratosVersion()), parts(v)];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

/** Replace {{NAME}} placeholders; unknown placeholders are an error (catches typos in templates/overlays). */
export function renderTemplate(text, vars) {
  return text.replace(/\{\{\s*([A-Z_][A-Z0-9_]*)\s*\}\}/g, (m, name) => {
    if (!(name in vars)) throw new Error(`unknown placeholder ${m} in Kratos config`);
    return String(vars[name]);
  });
}

function overlayToText(overlay) {
  if (overlay === undefined || overlay === null || overlay === '') return undefined;
  // JSON is valid YAML, so plain objects can be passed as overlays too.
  return typeof overlay === 'string' ? overlay : JSON.stringify(overlay, null, 2);
}

async function waitReady(url, deadline, signal) {
  let lastErr = 'no attempt';
  while (Date.now() < deadline) {
    if (signal.aborted) throw signal.reason;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        await res.arrayBuffer();
        return;
      }
      lastErr = `HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`;
    } catch (e) {
      lastErr = e?.cause?.code ?? e?.message ?? String(e);
    }
    await new Promise((r) => setTimeout(r, 50)); // retry interval of the readiness poll
  }
  throw new Error(`${url} not ready before deadline (last: ${lastErr})`);
}

/** `kratos migrate sql -c <config> -e --yes`: creates the schema of a file DSN before `serve`. */
function migrateSql(bin, configPath, cwd, env) {
  const args = ['migrate', 'sql', '-c', configPath, '-e', '--yes'];
  return new Promise((resolve, reject) => {
    execFile(bin, args, { cwd, env, timeout: 60_000, maxBuffer: 8 << 20 }, (err, stdout, stderr) => {
      if (!err) return resolve();
      const out = `${stdout}${stderr}`.split('\n').slice(-30).join('\n');
      reject(new Error(`${bin} ${args.join(' ')} failed (${err.code ?? err.signal}):\n${out}`));
    });
  });
}

/**
 * Start Kratos.
 * @param {{
 *   publicPort: number, adminPort: number, appOrigin: string, mailUrl: string, oidcIssuer: string,
 *   overlayYaml?: string | object | Array<string|object>,  // extra `-c` files, later wins (deep merge, arrays replaced)
 *   bin?: string, name?: string, readyTimeoutMs?: number, env?: Record<string,string>, keepDir?: boolean,
 * }} opts
 * @returns {Promise<KratosInstance>}
 *
 * KratosInstance = {
 *   name, pid, publicUrl: 'http://localhost:P', adminUrl: 'http://127.0.0.1:A', publicPort, adminPort,
 *   dir, configPath, overlayPaths: string[], logFile, args: string[],
 *   exited: Promise<{code, signal}>, running: boolean,
 *   logTail(n=60) -> string, logLines() -> string[], waitForLog(re, timeoutMs=10000) -> Promise<string>,
 *   courierIdle(timeoutMs=15000) -> Promise<void>,   // the courier's writes are over (see there)
 *   stop({keepDir?}) -> Promise<void>
 * }
 */
export async function startKratos({
  publicPort,
  adminPort,
  appOrigin,
  mailUrl,
  oidcIssuer,
  overlayYaml,
  bin = kratosBin(),
  configDir = KRATOS_DIR, // another directory with kratos.yml.tmpl (+ support files), e.g. tests/kratos/legacy/v0.5
  vars: extraVars = {}, // extra {{PLACEHOLDERS}} (e.g. SMTP_URL for the legacy templates)
  serveFlags = ['--dev', '--watch-courier', '--sqa-opt-out'],
  name = 'kratos',
  readyTimeoutMs = 60000,
  env = {},
  keepDir = !!process.env.KB_KEEP_TMP,
  migrate = false, // run `migrate sql -e --yes` on the config's DSN before `serve` (releases without `dsn: memory`)
} = {}) {
  for (const [k, v] of Object.entries({ publicPort, adminPort, appOrigin, mailUrl, oidcIssuer })) {
    if (v === undefined || v === null || v === '') throw new Error(`startKratos: ${k} is required`);
  }
  if (!fs.existsSync(bin)) {
    throw new Error(`Kratos binary not found at ${bin} (set KRATOS_BIN or run scripts/setup.sh kratos)`);
  }
  installExitHooks();

  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), `kb-${name}-`));
  const vars = {
    PUBLIC_PORT: publicPort,
    ADMIN_PORT: adminPort,
    APP_ORIGIN: appOrigin.replace(/\/+$/, ''),
    MAIL_URL: mailUrl,
    OIDC_ISSUER: oidcIssuer,
    DIR: dir,
    ...extraVars,
  };
  const configPath = path.join(dir, 'kratos.yml');
  const overlayPaths = [];
  try {
    for (const f of SUPPORT_FILES) {
      const src = fs.existsSync(path.join(configDir, f)) ? path.join(configDir, f) : path.join(KRATOS_DIR, f);
      await fs.promises.copyFile(src, path.join(dir, f));
    }
    const tmpl = await fs.promises.readFile(path.join(configDir, 'kratos.yml.tmpl'), 'utf8');
    await fs.promises.writeFile(configPath, renderTemplate(tmpl, vars));

    const overlays = (Array.isArray(overlayYaml) ? overlayYaml : [overlayYaml]).map(overlayToText).filter(Boolean);
    for (const [i, text] of overlays.entries()) {
      const p = path.join(dir, `overlay-${i}.yml`);
      await fs.promises.writeFile(p, renderTemplate(text, vars));
      overlayPaths.push(p);
    }

    if (migrate) await migrateSql(bin, configPath, dir, { ...process.env, SQA_OPT_OUT: 'true', ...env });
  } catch (e) {
    await fs.promises.rm(dir, { recursive: true, force: true });
    throw e;
  }

  const args = ['serve', '-c', configPath, ...overlayPaths.flatMap((p) => ['-c', p]), ...serveFlags];
  const logFile = path.join(dir, 'kratos.log');
  const logStream = fs.createWriteStream(logFile);
  const ring = [];
  const lineWaiters = new Set();
  const pushLine = (line) => {
    ring.push(line);
    if (ring.length > RING) ring.shift();
    for (const w of lineWaiters) w(line);
  };

  const child = spawn(bin, args, {
    cwd: dir,
    env: { ...process.env, SQA_OPT_OUT: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: stop() kills Kratos and its jsonnet workers together
  });
  const entry = { pid: child.pid, dir, keepDir: () => keepDir };
  live.add(entry);

  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      logStream.write(chunk);
      const parts = (partial + chunk).split('\n');
      partial = parts.pop();
      for (const p of parts) pushLine(p);
    });
    stream.on('end', () => {
      if (partial) pushLine(partial);
      partial = '';
    });
  }

  let running = true;
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      running = false;
      live.delete(entry);
      resolve({ code, signal });
    });
    child.on('error', (err) => {
      running = false;
      live.delete(entry);
      pushLine(`[harness] spawn error: ${err.message}`);
      resolve({ code: -1, signal: null, error: err });
    });
  });
  // 'close' = process gone and its stdio drained; then the log file has everything.
  const closed = new Promise((resolve) => {
    child.once('close', resolve);
    child.once('error', resolve);
  }).then(() => new Promise((r) => logStream.end(r)));

  const logTail = (n = 60) => ring.slice(-n).join('\n');
  const settledMessages = new Set(); // courier messages known to be fully written (courierIdle)

  const instance = {
    name,
    get pid() {
      return child.pid;
    },
    publicUrl: `http://localhost:${publicPort}`,
    adminUrl: `http://127.0.0.1:${adminPort}`,
    publicPort,
    adminPort,
    dir,
    configPath,
    overlayPaths,
    logFile,
    args,
    exited,
    get running() {
      return running;
    },
    logTail,
    logLines: () => [...ring],
    waitForLog(re, timeoutMs = 10000) {
      const hit = ring.find((l) => re.test(l));
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const w = (line) => {
          if (!re.test(line)) return;
          done();
          resolve(line);
        };
        const t = setTimeout(() => {
          done();
          reject(new Error(`${name}: no log line matching ${re} within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(t);
          lineWaiters.delete(w);
        };
        lineWaiters.add(w);
      });
    },
    /**
     * Resolves once the courier's writes are over: nothing queued or being sent, and the newest sent
     * messages have their dispatch recorded (Kratos writes that after the delivery). On `dsn: memory`
     * (SQLite shared cache) a write that overlaps another write fails at once with 400 "Unable to
     * serialize access due to a concurrent update", e.g. a logout right after a registration that
     * queued a verification mail.
     */
    async courierIdle(timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      // These reads collide with the courier's writes too (400 concurrent update): null = ask again.
      const get = async (p) => {
        const res = await fetch(`${instance.adminUrl}/admin/courier/messages${p}`, { signal: AbortSignal.timeout(5000) });
        if (res.ok) return res.json();
        last = `GET /admin/courier/messages${p}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`;
        return null;
      };
      for (;;) {
        const lists = [];
        for (const st of ['queued', 'processing', 'sent']) lists.push(await get(`?status=${st}&page_size=10`));
        const [queued, processing, sent] = lists;
        let idle = lists.every(Boolean) && queued.length === 0 && processing.length === 0;
        for (const m of idle ? sent : []) {
          if (settledMessages.has(m.id)) continue;
          if (!((await get(`/${m.id}`))?.dispatches?.length > 0)) { idle = false; break; }
          settledMessages.add(m.id);
        }
        if (idle) return;
        if (Date.now() > deadline) throw new Error(`${name}: courier still busy after ${timeoutMs} ms (last: ${last || 'messages pending'})`);
        await new Promise((r) => setTimeout(r, 25)); // poll interval
      }
    },
    /** @param {{keepDir?: boolean}} [o] keepDir: keep the temp dir (config + kratos.log) for post-mortems */
    async stop({ keepDir: keep = keepDir } = {}) {
      if (running) {
        killGroup(child.pid, 'SIGTERM');
        const t = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      // jsonnet worker children share the group; make sure none survive a graceful Kratos exit.
      killGroup(child.pid, 'SIGKILL');
      await closed;
      if (!keep) await fs.promises.rm(dir, { recursive: true, force: true }).catch(() => {});
    },
  };

  // Readiness: admin and public /health/ready, racing against an early exit and a deadline.
  const deadline = Date.now() + readyTimeoutMs;
  const abort = new AbortController();
  const earlyExit = exited.then(({ code, signal, error }) => {
    const why = error ? `could not be spawned (${error.message})` : `exited early (code ${code}, signal ${signal})`;
    const err = new Error(`${name} ${why}; args: ${args.join(' ')}\n--- last log lines ---\n${logTail(60)}`);
    abort.abort(err);
    throw err;
  });
  try {
    await Promise.race([
      (async () => {
        await waitReady(`${instance.adminUrl}/health/ready`, deadline, abort.signal);
        await waitReady(`http://127.0.0.1:${publicPort}/health/ready`, deadline, abort.signal);
      })(),
      earlyExit,
    ]);
  } catch (e) {
    const tail = logTail(60);
    await instance.stop().catch(() => {});
    if (String(e.message).includes('--- last log lines ---')) throw e;
    throw new Error(`${e.message}\n--- last log lines of ${name} ---\n${tail}`);
  }
  earlyExit.catch(() => {}); // later exits are reported through `exited`/`running`
  return instance;
}
