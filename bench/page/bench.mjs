// Runs inside the benchmark page (served cross-origin isolated, so performance.now() has 5 µs
// resolution instead of 100 µs). Loaded as /__bench__/page/bench.mjs; driven by bench/run.mjs.
import * as kb from '/pkg/index.js';
import { Configuration, FrontendApi } from '/__bench__/out/ory-lib.js';

const ACCEPT = { Accept: 'application/json' };
const c = {};

function fail(what, got) {
  throw new Error(`${what}: unexpected result ${JSON.stringify(got)?.slice(0, 300)}`);
}

async function rawResponse(url) {
  const res = await fetch(url, { credentials: 'include', headers: ACCEPT });
  if (!res.ok) throw new Error(`HTTP ${res.status} from ${url}`);
  return res;
}
/** What an app without an SDK writes: fetch + status check + json(). */
const rawJson = (url) => rawResponse(url).then((r) => r.json());
/** Transport only: fetch + status check + text() (no JSON parse). */
const rawText = (url) => rawResponse(url).then((r) => r.text());
/** Plain JS doing what the SDK's transport does per call (Request + Headers, abort signal, timeout
 * timer, text() then JSON.parse): the browser's own cost of that request shape, without wasm. */
async function sdkShaped(url) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 30_000);
  try {
    const headers = new Headers({ Accept: 'application/json' });
    const req = new Request(url, { method: 'GET', credentials: 'include', mode: 'cors', signal: controller.signal, headers });
    const res = await fetch(req);
    res.headers.get('link');
    const text = await res.text();
    if (!res.ok) throw new Error(`HTTP ${res.status} from ${url}`);
    return JSON.parse(text);
  } finally {
    clearTimeout(timer);
  }
}

/** Clients for real Kratos (`publicUrl`) and for the static responder (`staticBase`). */
export function setup({ publicUrl, staticBase }) {
  c.pub = publicUrl;
  c.st = staticBase;
  c.sdk = new kb.KratosClient({ baseUrl: publicUrl });
  c.sdkStatic = new kb.KratosClient({ baseUrl: staticBase });
  // Ory's own SPA setup: credentials include; Accept JSON so browser-flow inits answer JSON (else 303 → HTML).
  c.ory = new FrontendApi(new Configuration({ basePath: publicUrl, credentials: 'include', headers: ACCEPT }));
  c.oryStatic = new FrontendApi(new Configuration({ basePath: staticBase, credentials: 'include', headers: ACCEPT }));
  return { crossOriginIsolated: globalThis.crossOriginIsolated === true, userAgent: navigator.userAgent };
}

/** Two-step registration through the SDK (leaves this context signed in). */
export async function register(email, password) {
  const flow = await c.sdk.createBrowserRegistrationFlow();
  const step1 = await c.sdk.updateRegistrationFlow({ flow, updateRegistrationFlowBody: { method: 'profile', traits: { email } } });
  if (step1.kind !== 'flow') fail('registration step 1', step1);
  const done = await c.sdk.updateRegistrationFlow({
    flow: step1.flow,
    updateRegistrationFlowBody: { method: 'password', traits: { email }, password },
  });
  if (done.kind !== 'success') fail('registration step 2', done);
  return done.identity.id;
}

/** Records the real bodies the static responder will serve: this user's session and a settings flow. */
export async function record() {
  const session = await rawText(`${c.pub}/sessions/whoami`);
  const settingsFlow = await rawText(`${c.pub}/self-service/settings/browser`);
  const flow = JSON.parse(settingsFlow);
  const groups = [...new Set(flow.ui.nodes.map((n) => n.group))];
  const types = [...new Set(flow.ui.nodes.map((n) => n.type))];
  return { session, settingsFlow, settingsId: flow.id, groups, types, nodes: flow.ui.nodes.length };
}

/** A login flow of this (signed-out) context, for getLoginFlow. */
export async function newLoginFlowId() {
  return (await rawJson(`${c.pub}/self-service/login/browser`)).id;
}

const isFlow = (v, what) => (typeof v?.id === 'string' && Array.isArray(v?.ui?.nodes) ? v : fail(what, v));
const isSession = (v, what) => (typeof v?.id === 'string' && v?.identity ? v : fail(what, v));

/** The operations: each maps a client name to a zero-argument function returning (a promise of) the result. */
const OPS = {
  'kratos.toSession': () => ({
    'kratos-browser': () => c.sdk.toSession(),
    'fetch+json': () => rawJson(`${c.pub}/sessions/whoami`),
    '@ory/client-fetch': () => c.ory.toSession(),
  }),
  'kratos.createBrowserLoginFlow': () => ({
    'kratos-browser': () => c.sdk.createBrowserLoginFlow(),
    'fetch+json': () => rawJson(`${c.pub}/self-service/login/browser`),
    '@ory/client-fetch': () => c.ory.createBrowserLoginFlow(),
  }),
  'kratos.getLoginFlow': ({ id }) => ({
    'kratos-browser': () => c.sdk.getLoginFlow({ id }),
    'fetch+json': () => rawJson(`${c.pub}/self-service/login/flows?id=${encodeURIComponent(id)}`),
    '@ory/client-fetch': () => c.ory.getLoginFlow({ id }),
  }),
  'static.toSession': () => ({
    'kratos-browser': () => c.sdkStatic.toSession(),
    'fetch+json': () => rawJson(`${c.st}/sessions/whoami`),
    '@ory/client-fetch': () => c.oryStatic.toSession(),
    'fetch+text+JSON.parse': () => rawText(`${c.st}/sessions/whoami`).then(JSON.parse),
    'SDK-shaped fetch (JS)': () => sdkShaped(`${c.st}/sessions/whoami`),
  }),
  'static.getSettingsFlow': ({ id }) => ({
    'kratos-browser': () => c.sdkStatic.getSettingsFlow({ id }),
    'fetch+text': () => rawText(`${c.st}/self-service/settings/flows?id=${id}`),
    'fetch+json': () => rawJson(`${c.st}/self-service/settings/flows?id=${id}`),
    '@ory/client-fetch': () => c.oryStatic.getSettingsFlow({ id }),
  }),
  // In-memory fetch (see withMemoryFetch): no socket, so only CPU work is left.
  'memory.getSettingsFlow': ({ id }) => ({
    'kratos-browser': () => c.sdkStatic.getSettingsFlow({ id }),
    'fetch+text': () => rawText(`${c.st}/self-service/settings/flows?id=${id}`),
    'fetch+json': () => rawJson(`${c.st}/self-service/settings/flows?id=${id}`),
    '@ory/client-fetch': () => c.oryStatic.getSettingsFlow({ id }),
  }),
  'memory.sdkOnly.getSettingsFlow': ({ id }) => ({
    'kratos-browser': () => c.sdkStatic.getSettingsFlow({ id }),
  }),
  'memory.toSession': () => ({
    'kratos-browser': () => c.sdkStatic.toSession(),
    'fetch+text': () => rawText(`${c.st}/sessions/whoami`),
    'fetch+json': () => rawJson(`${c.st}/sessions/whoami`),
  }),
  // Synchronous CPU work on the recorded settings-flow text.
  'cpu.settingsFlow': ({ text }) => {
    const flow = JSON.parse(text);
    const enc = new TextEncoder();
    const dec = new TextDecoder('utf-8', { ignoreBOM: true });
    const buf = new Uint8Array(text.length * 3);
    return {
      'JSON.parse': () => JSON.parse(text),
      'UTF-16→UTF-8→UTF-16 copy (emulated)': () => dec.decode(buf.subarray(0, enc.encodeInto(text, buf).written)),
      'kb.csrfToken(flow)': () => kb.csrfToken(flow),
    };
  },
};

// What each client's result must look like (fetch+text returns the raw text).
const CHECKS = {
  'kratos.toSession': isSession,
  'static.toSession': isSession,
  'memory.toSession': isSession,
  'kratos.createBrowserLoginFlow': isFlow,
  'kratos.getLoginFlow': isFlow,
  'static.getSettingsFlow': isFlow,
  'memory.getSettingsFlow': isFlow,
  'memory.sdkOnly.getSettingsFlow': isFlow,
};
function check(op, name, v) {
  if (name === 'fetch+text') return typeof v === 'string' && v.startsWith('{') ? v : fail(`${op} via ${name}`, v);
  return CHECKS[op] ? CHECKS[op](v, `${op} via ${name}`) : v;
}

let memoryBodies = null;
/** Replaces the global fetch with one answering the static-responder URLs from memory. */
function withMemoryFetch(bodies) {
  const real = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input.url;
    const body = url.includes('/sessions/whoami') ? bodies.session : url.includes('/self-service/settings/flows') ? bodies.settingsFlow : null;
    if (body === null) return real(input, init);
    return Promise.resolve(new Response(body, { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' } }));
  };
  return () => {
    globalThis.fetch = real;
  };
}
export function setMemoryBodies(bodies) {
  memoryBodies = bodies;
}

/**
 * Interleaved timing: every round calls each client once; the order rotates by one each round
 * (A B C, B C A, C A B, …) so no client always runs first or after the same neighbour.
 * Returns per-client samples in ms (warm-up rounds dropped). `batch` > 1 (synchronous ops only) times
 * that many back-to-back calls per sample and divides, for sub-10 µs work.
 */
export async function run(op, { rounds, warmup, arg = {}, batch = 1 }) {
  const restore = op.startsWith('memory.') ? withMemoryFetch(memoryBodies) : () => {};
  try {
    const fns = OPS[op](arg);
    const names = Object.keys(fns);
    for (const n of names) check(op, n, await fns[n]());
    const samples = Object.fromEntries(names.map((n) => [n, []]));
    for (let r = 0; r < warmup + rounds; r++) {
      for (let i = 0; i < names.length; i++) {
        const n = names[(r + i) % names.length];
        const f = fns[n];
        const t0 = performance.now();
        const v = f();
        if (v && typeof v.then === 'function') await v;
        for (let k = 1; k < batch; k++) f();
        const t1 = performance.now();
        if (r >= warmup) samples[n].push((t1 - t0) / batch);
      }
    }
    return samples;
  } finally {
    restore();
  }
}
