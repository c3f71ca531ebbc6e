#!/usr/bin/env node
// The benchmark (run it through ./scripts/bench.sh, which installs and builds first):
//   node bench/run.mjs [--quick]
// One stack (real Kratos v1.3.1 + static server + headless Chromium, from tests/harness), one run:
// bundle sizes, per-call latency vs raw fetch and @ory/client-fetch, transport-only overhead,
// cold init, decode cost, the cross-tab logout figure and the twiggy size profile. Prints the tables and writes
// bench/RESULTS.md + bench/results.json.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack, MIME, uniqueEmail, strongPassword } from '../tests/harness/index.mjs';
import { packageSizes, bundleSizes } from './lib/sizes.mjs';
import { componentSizes } from './lib/components.mjs';
import { runTwiggy } from './lib/twiggy.mjs';
import { summary, median, pairedMedianDiff } from './lib/stats.mjs';
import { renderMarkdown } from './lib/report.mjs';
import { profile } from './lib/profile.mjs';
import { crossTab } from './lib/crosstab.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, '..');
const OUT = path.join(BENCH, '.out');
const QUICK = process.argv.includes('--quick');
const CFG = QUICK
  ? { kratos: [40, 5], stat: [60, 10], mem: [80, 10], cpu: [100, 10], cold: 3, profileCalls: 300, crossTab: 5 }
  : { kratos: [200, 20], stat: [300, 30], mem: [400, 40], cpu: [500, 50], cold: 10, profileCalls: 2000, crossTab: 30 };
const REQUIRED_GROUPS = ['profile', 'password', 'totp', 'lookup_secret', 'webauthn', 'passkey', 'oidc'];

const log = (m) => process.stderr.write(`[bench] ${m}\n`);
const t0 = Date.now();

// ---- static routes: the benchmark page + bundles, and the recorded-body responder ----
const bodies = { session: null, settingsFlow: null };
const ISOLATED = {
  // Cross-origin isolation gives performance.now() 5 µs resolution (100 µs otherwise).
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};
function benchRoute(req, res, ctx) {
  const rel = ctx.url.pathname.slice('/__bench__/'.length);
  if (rel.startsWith('kratos/')) {
    const body = { 'kratos/sessions/whoami': bodies.session, 'kratos/self-service/settings/flows': bodies.settingsFlow }[rel];
    if (!body) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      return res.end('{"error":{"code":404,"status":"Not Found","message":"not recorded"}}');
    }
    // Kratos' own headers for these answers.
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'private, no-cache, no-store, must-revalidate',
      'Content-Length': Buffer.byteLength(body),
    });
    return res.end(body);
  }
  const [top, ...restParts] = rel.split('/');
  const base = { page: path.join(BENCH, 'page'), out: OUT }[top];
  const file = base && path.resolve(base, restParts.join('/'));
  if (!file || !file.startsWith(base + path.sep) || !fs.existsSync(file)) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    return res.end('not found');
  }
  const data = fs.readFileSync(file);
  res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream', 'Content-Length': data.length, ...ISOLATED });
  return res.end(data);
}

const PAGE = '/__bench__/page/index.html';

async function benchPage(s, staticBase) {
  const page = await s.newPage(PAGE);
  const info = await page.evaluate(async (a) => {
    window.B = await import('/__bench__/page/bench.mjs');
    return window.B.setup(a);
  }, { publicUrl: s.publicUrl, staticBase });
  return { page, info };
}

async function runOp(page, op, [rounds, warmup], arg, batch = 1) {
  const started = Date.now();
  const samples = await page.evaluate(({ op, rounds, warmup, arg, batch }) => window.B.run(op, { rounds, warmup, arg, batch }), { op, rounds, warmup, arg, batch });
  const stats = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summary(v)]));
  log(`${op}: ${Object.entries(stats).map(([k, v]) => `${k} ${v.median.toFixed(3)} ms`).join(', ')} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return { op, rounds, warmup, samples, stats };
}

/** Ratios and paired differences of every client against `base`. */
function compare(r, base = 'fetch+json') {
  const out = {};
  for (const [k, v] of Object.entries(r.stats)) {
    out[k] = {
      ...v,
      ratio: v.median / r.stats[base].median,
      pairedDiff: k === base ? 0 : pairedMedianDiff(r.samples[k], r.samples[base]),
    };
  }
  return out;
}

async function coldRuns(s, staticBase, runs) {
  const sdk = [];
  const parts = [];
  const ory = [];
  for (let i = 0; i < runs; i++) {
    // kratos-browser: import → init() (fetch + compile + instantiate the wasm) → first call.
    let page = await s.newPage(PAGE);
    sdk.push(
      await page.evaluate(async (staticBase) => {
        const t0 = performance.now();
        const m = await import('/pkg/index.js');
        const t1 = performance.now();
        await m.init();
        const t2 = performance.now();
        const session = await new m.KratosClient({ baseUrl: staticBase }).toSession();
        const t3 = performance.now();
        if (!session?.id) throw new Error('cold toSession failed');
        return { importMs: t1 - t0, initMs: t2 - t1, readyMs: t2 - t0, firstCallMs: t3 - t2 };
      }, staticBase),
    );
    await page.context().close();
    // The wasm alone: fetch its bytes, import the glue, then compile + instantiate from the bytes in memory.
    page = await s.newPage(PAGE);
    parts.push(
      await page.evaluate(async () => {
        await (await fetch('/__bench__/page/index.html')).text(); // connection already warm, like after import()
        const t0 = performance.now();
        const bytes = await (await fetch('/pkg/wasm/kratos_browser_bg.wasm')).arrayBuffer();
        const t1 = performance.now();
        const glue = await import('/pkg/wasm/kratos_browser.js');
        const t2 = performance.now();
        await glue.default({ module_or_path: bytes });
        const t3 = performance.now();
        return { fetchMs: t1 - t0, glueImportMs: t2 - t1, instantiateMs: t3 - t2 };
      }),
    );
    await page.context().close();
    // @ory/client-fetch: import the bundled library and construct the client (nothing else to load).
    page = await s.newPage(PAGE);
    ory.push(
      await page.evaluate(async (staticBase) => {
        const t0 = performance.now();
        const m = await import('/__bench__/out/ory-lib.js');
        new m.FrontendApi(new m.Configuration({ basePath: staticBase, credentials: 'include' }));
        const t1 = performance.now();
        return { readyMs: t1 - t0 };
      }, staticBase),
    );
    await page.context().close();
  }
  const col = (arr, k) => summary(arr.map((x) => x[k]));
  return {
    runs,
    samples: { sdk, parts, ory },
    sdk: { import: col(sdk, 'importMs'), init: col(sdk, 'initMs'), ready: col(sdk, 'readyMs'), firstCall: col(sdk, 'firstCallMs') },
    wasm: { fetch: col(parts, 'fetchMs'), glueImport: col(parts, 'glueImportMs'), instantiate: col(parts, 'instantiateMs') },
    ory: { ready: col(ory, 'readyMs') },
  };
}

function gitInfo() {
  try {
    const sha = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['-C', ROOT, 'status', '--porcelain', '--', 'src', 'pkg/src', 'Cargo.toml', 'Cargo.lock'], { encoding: 'utf8' }).trim();
    return dirty ? `${sha} (+ uncommitted changes in src/pkg)` : sha;
  } catch {
    return 'unknown';
  }
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const results = {
    generatedAt: new Date().toISOString(),
    commit: gitInfo(),
    quick: QUICK,
    config: CFG,
    machine: { loadAvgAtStart: os.loadavg().map((x) => +x.toFixed(2)), cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  };

  log('bundle sizes (pkg/dist, esbuild bundles)');
  results.sizes = { package: packageSizes(path.join(ROOT, 'pkg', 'dist')), bundles: await bundleSizes({ root: ROOT, benchDir: BENCH, outDir: OUT }) };
  results.sizes.components = await componentSizes({ root: ROOT, benchDir: BENCH, outDir: OUT });

  const twiggy = process.env.KB_TWIGGY;
  const namedWasm = path.join(OUT, 'names', 'kratos_browser_bg.wasm');
  if (twiggy && fs.existsSync(twiggy) && fs.existsSync(namedWasm)) {
    log('twiggy top on the wasm with names');
    results.twiggy = { version: execFileSync(twiggy, ['--version'], { encoding: 'utf8' }).trim(), ...runTwiggy(twiggy, namedWasm) };
  } else {
    log('twiggy or the named wasm missing: skipping the size profile (scripts/bench.sh provides both)');
  }

  log('starting Kratos + static server + Chromium');
  const s = await startStack({ routes: [{ path: '/__bench__/*', handler: benchRoute }] });
  const staticBase = `${s.appOrigin}/__bench__/kratos`;
  try {
    results.browser = { version: s.browser.version() };
    results.kratos = { publicUrl: s.publicUrl, bin: process.env.KRATOS_BIN ?? 'default (~/.cache/kratos-browser/kratos-v1.3.1/kratos)' };

    // Signed-in context: one fresh identity (password), its session, and a settings flow recorded from Kratos.
    const signedIn = await benchPage(s, staticBase);
    results.browser.crossOriginIsolated = signedIn.info.crossOriginIsolated;
    results.browser.userAgent = signedIn.info.userAgent;
    if (!signedIn.info.crossOriginIsolated) log('WARNING: page not cross-origin isolated; performance.now() is coarsened to 100 µs');
    const identity = { email: uniqueEmail('bench'), password: strongPassword() };
    await signedIn.page.evaluate(({ e, p }) => window.B.register(e, p), { e: identity.email, p: identity.password });
    const rec = await signedIn.page.evaluate(() => window.B.record());
    bodies.session = rec.session;
    bodies.settingsFlow = rec.settingsFlow;
    const missing = REQUIRED_GROUPS.filter((g) => !rec.groups.includes(g));
    if (missing.length) throw new Error(`recorded settings flow lacks groups ${missing.join(', ')} (has ${rec.groups.join(', ')})`);
    results.recorded = {
      sessionBytes: Buffer.byteLength(rec.session),
      settingsFlowBytes: Buffer.byteLength(rec.settingsFlow),
      settingsNodes: rec.nodes,
      settingsGroups: rec.groups,
      settingsNodeTypes: rec.types,
    };
    await signedIn.page.evaluate((b) => window.B.setMemoryBodies(b), bodies);
    log(`recorded session ${results.recorded.sessionBytes} B, settings flow ${results.recorded.settingsFlowBytes} B (${rec.nodes} nodes: ${rec.groups.join(', ')})`);

    const signedOut = await benchPage(s, staticBase);
    const loginFlowId = await signedOut.page.evaluate(() => window.B.newLoginFlowId());

    // 2. Per-call latency against the real Kratos.
    const kratos = [];
    kratos.push(await runOp(signedIn.page, 'kratos.toSession', CFG.kratos));
    kratos.push(await runOp(signedOut.page, 'kratos.createBrowserLoginFlow', CFG.kratos));
    kratos.push(await runOp(signedOut.page, 'kratos.getLoginFlow', CFG.kratos, { id: loginFlowId }));
    results.latency = kratos.map((r) => ({ op: r.op, rounds: r.rounds, warmup: r.warmup, clients: compare(r) }));

    // 3. Transport-only: the recorded session from the static responder (same origin, Kratos' time out).
    const st = await runOp(signedIn.page, 'static.toSession', CFG.stat);
    results.transport = { op: st.op, rounds: st.rounds, warmup: st.warmup, clients: compare(st) };

    // 5. Decode: the recorded settings flow, over the static responder and from an in-memory fetch.
    const id = JSON.parse(rec.settingsFlow).id;
    const dNet = await runOp(signedIn.page, 'static.getSettingsFlow', CFG.stat, { id });
    const dMem = await runOp(signedIn.page, 'memory.getSettingsFlow', CFG.mem, { id });
    const sMem = await runOp(signedIn.page, 'memory.toSession', CFG.mem);
    const cpu = await runOp(signedIn.page, 'cpu.settingsFlow', CFG.cpu, { text: rec.settingsFlow }, 10);
    const parse = cpu.stats['JSON.parse'].median;
    const sdkMinusText = pairedMedianDiff(dMem.samples['kratos-browser'], dMem.samples['fetch+text']);
    const fixed = pairedMedianDiff(sMem.samples['kratos-browser'], sMem.samples['fetch+text']);
    results.decode = {
      network: { rounds: dNet.rounds, clients: compare(dNet, 'fetch+text') },
      memory: { rounds: dMem.rounds, clients: compare(dMem, 'fetch+text') },
      memorySession: { rounds: sMem.rounds, clients: compare(sMem, 'fetch+text') },
      cpu: { rounds: cpu.rounds, clients: cpu.stats },
      jsonParseMs: parse,
      sdkMinusTransportMs: sdkMinusText,
      sdkMinusTransportNetworkMs: pairedMedianDiff(dNet.samples['kratos-browser'], dNet.samples['fetch+text']),
      sdkFixedPerCallMs: fixed,
      sdkSizeDependentMs: sdkMinusText - fixed,
      responseJsonMinusTextMs: pairedMedianDiff(dMem.samples['fetch+json'], dMem.samples['fetch+text']),
      oryMinusTransportMs: pairedMedianDiff(dMem.samples['@ory/client-fetch'], dMem.samples['fetch+text']),
      ratioToJsonParse: sdkMinusText / parse,
    };

    // Where the SDK's time goes: a sampled CPU profile of SDK-only getSettingsFlow calls (in-memory fetch).
    log('CPU profile of kratos-browser getSettingsFlow (in-memory fetch)');
    results.profile = await profile(
      signedIn.page,
      () =>
        signedIn.page.evaluate(({ id, n }) => window.B.run('memory.sdkOnly.getSettingsFlow', { rounds: n, warmup: 0, arg: { id } }), { id, n: CFG.profileCalls }),
      { gluePath: path.join(ROOT, 'pkg', 'dist', 'wasm', 'kratos_browser.js') },
    );
    results.profile.calls = CFG.profileCalls;

    // 4. Cold init, each run in fresh contexts.
    log(`cold init: ${CFG.cold} × 3 fresh contexts`);
    results.cold = await coldRuns(s, staticBase, CFG.cold);
    log(`cold: import→ready ${results.cold.sdk.ready.median.toFixed(2)} ms (init ${results.cold.sdk.init.median.toFixed(2)} ms)`);

    // 7. Cross-tab: a logout in one tab until the other tab's listener hears it (two pages, one context).
    log(`cross-tab logout: ${CFG.crossTab} runs`);
    const ct = await crossTab(s, CFG.crossTab, identity);
    results.crossTab = { runs: ct.runs, logoutToOtherTabMs: ct.logoutToOtherTabMs, logoutCallMs: ct.logoutCallMs };
    log(`cross-tab: logout → other tab ${ct.logoutToOtherTabMs.median.toFixed(1)} ms median`);

    results.raw = {
      latency: Object.fromEntries(kratos.map((r) => [r.op, r.samples])),
      transport: st.samples,
      decode: { network: dNet.samples, memory: dMem.samples, memorySession: sMem.samples, cpu: cpu.samples },
      cold: results.cold.samples,
      crossTab: ct.samples,
    };
    delete results.cold.samples;
  } finally {
    await s.stop();
  }
  results.durationS = (Date.now() - t0) / 1000;
  results.machine.loadAvgAtEnd = os.loadavg().map((x) => +x.toFixed(2));

  // Pretty, but every array of numbers (the raw samples, rounded to 0.1 µs) on one line.
  const json = JSON.stringify(results, (k, v) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1e4) / 1e4 : v), 1)
    .replace(/\[\s*(-?[\d.e+-]+(?:,\s*-?[\d.e+-]+)*)\s*\]/g, (m, body) => `[${body.split(/,\s*/).join(',')}]`);
  fs.writeFileSync(path.join(BENCH, 'results.json'), json + '\n');
  const md = renderMarkdown(results, {
    diagnosis: fs.existsSync(path.join(BENCH, 'DIAGNOSIS.md')) ? fs.readFileSync(path.join(BENCH, 'DIAGNOSIS.md'), 'utf8') : '',
  });
  fs.writeFileSync(path.join(BENCH, 'RESULTS.md'), md);
  process.stdout.write(md);
  log(`wrote bench/RESULTS.md and bench/results.json in ${results.durationS.toFixed(0)} s`);
}

main().catch((e) => {
  process.stderr.write(`[bench] FAILED: ${e?.stack ?? e}\n`);
  process.exitCode = 1;
});
