// A consumer project that installs the packed tarball with npm: plain Node import/require (SSR safety:
// no window, calls reject with `browserOnly`), and TypeScript against every entry's declarations.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { packTarball, run, PKG } from './lib.mjs';

let dir;

before(() => {
  const { tgz } = packTarball();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-consumer-'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', tgz], { cwd: dir });
});
after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function node(file, source, args = []) {
  fs.writeFileSync(path.join(dir, file), source);
  const r = spawnSync(process.execPath, [...args, file], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `node ${file} failed:\n${r.stdout}\n${r.stderr}`);
  const line = r.stdout.trim().split('\n').at(-1);
  return JSON.parse(line);
}

// Every browser global becomes a getter that records its use (and returns undefined, as in Node).
const TRAP = `
const touched = [];
for (const name of ['window', 'document', 'location', 'navigator', 'self', 'localStorage', 'sessionStorage', 'BroadcastChannel', 'history']) {
  const had = Object.getOwnPropertyDescriptor(globalThis, name);
  Object.defineProperty(globalThis, name, { configurable: true, get() { touched.push(name); return had?.get ? had.get.call(globalThis) : had?.value; } });
}
`;

describe('installed tarball in plain Node', () => {
  test('import of ".", "./svelte" touches no browser global; calls reject with KratosError kind browserOnly', () => {
    const out = node('esm.mjs', `${TRAP}
const kb = await import('kratos-browser');
const svelte = await import('kratos-browser/svelte');
const atImport = [...touched];
const k = new kb.KratosClient({ baseUrl: 'http://localhost:4433' });
const results = {};
for (const [name, call] of Object.entries({
  toSession: () => k.toSession(),
  createBrowserLoginFlow: () => k.createBrowserLoginFlow(),
  updateLoginFlow: () => k.updateLoginFlow({ flow: 'x', updateLoginFlowBody: { method: 'password', identifier: 'a', password: 'b' } }),
})) {
  try { await call(); results[name] = 'resolved'; }
  catch (e) { results[name] = { name: e.name, kind: e.kind, instance: e instanceof kb.KratosError, guard: kb.isKratosError(e, 'browserOnly') }; }
}
// Session state and stores are inert outside a browser: no throw, no fetch, state stays unknown.
const events = [];
const stop = kb.onSessionChange(k, (e) => events.push(e.type));
const seen = [];
const unsub = svelte.sessionStore(k).subscribe((s) => seen.push(s.status));
const flow = [];
const unflow = svelte.flowStore(k, 'login').subscribe((s) => flow.push(s.loading));
await new Promise((r) => setTimeout(r, 50));
stop(); unsub(); unflow();
console.log(JSON.stringify({ atImport, results, events, seen, flow, state: kb.getSessionState(k).status,
  err: kb.getSessionState(k).error?.kind, exports: Object.keys(kb).sort(), svelteExports: Object.keys(svelte).sort() }));
`);
    assert.deepEqual(out.atImport, [], `browser globals touched at import: ${out.atImport}`);
    for (const r of Object.values(out.results)) {
      assert.deepEqual(r, { name: 'KratosError', kind: 'browserOnly', instance: true, guard: true });
    }
    assert.deepEqual(out.events, []);
    assert.ok(out.seen.length >= 1 && out.seen.every((s) => s === 'unknown'), String(out.seen));
    assert.deepEqual(out.flow, [true]);
    assert.equal(out.state, 'unknown');
    assert.equal(out.err, 'browserOnly');
    for (const name of ['KratosClient', 'KratosError', 'isKratosError', 'isSignedOut', 'init', 'onSessionChange', 'getSessionState', 'refreshSession', 'notifySessionChange']) {
      assert.ok(out.exports.includes(name), `main entry exports ${name}`);
    }
    assert.deepEqual(out.svelteExports, ['flowStore', 'sessionStore']);
  });

  test('the wasm module loads in Node from the installed package (init(), then sync helpers work)', () => {
    const out = node('init.mjs', `
const kb = await import('kratos-browser');
const before = kb.isReady();
await kb.init();
const flow = { id: 'f', ui: { action: '', method: 'POST', nodes: [{ type: 'input', group: 'default', attributes: { node_type: 'input', name: 'csrf_token', type: 'hidden', value: 'tok' }, messages: [], meta: {} }] } };
console.log(JSON.stringify({ before, after: kb.isReady(), csrf: kb.csrfToken(flow) }));
`);
    assert.deepEqual(out, { before: false, after: true, csrf: 'tok' });
  });

  test('"./legacy": import touches no browser global; same API as "." plus the helpers; its own wasm loads in Node', () => {
    const out = node('legacy.mjs', `${TRAP}
const kb = await import('kratos-browser');
const lg = await import('kratos-browser/legacy');
const atImport = [...touched];
const k = new lg.KratosClient({ baseUrl: 'http://localhost:4433', apiVersion: 'v0.5' });
let call;
try { await k.toSession(); call = 'resolved'; } catch (e) { call = { kind: e.kind, instance: e instanceof kb.KratosError }; }
const before = [kb.isReady(), lg.isReady()];
await lg.init();
console.log(JSON.stringify({ atImport, call, before, after: [kb.isReady(), lg.isReady()], sub: k instanceof kb.KratosClient,
  missing: Object.keys(kb).filter((n) => !(n in lg)), extra: Object.keys(lg).filter((n) => !(n in kb)).sort(), v1Helpers: 'startBrowserFlow' in kb }));
`);
    assert.deepEqual(out.atImport, []);
    assert.deepEqual(out.call, { kind: 'browserOnly', instance: true });
    assert.deepEqual(out.before, [false, false]);
    assert.deepEqual(out.after, [false, true], 'init() of the legacy entry loads the legacy build only');
    assert.equal(out.sub, true);
    assert.deepEqual(out.missing, []);
    assert.deepEqual(out.extra, ['flowIdFromUrl', 'startBrowserFlow', 'submitFlowNatively', 'toFormEntries']);
    assert.equal(out.v1Helpers, false);
  });

  test('require() of the ESM package (Node ≥ 20.19 require(esm)) works', () => {
    const out = node('cjs.cjs', `
const kb = require('kratos-browser');
console.log(JSON.stringify({ client: typeof kb.KratosClient, session: typeof kb.onSessionChange }));
`, ['--no-warnings']);
    assert.deepEqual(out, { client: 'function', session: 'function' });
  });

  test('TypeScript (strict, skipLibCheck false) resolves every entry with moduleResolution bundler, nodenext and node10', () => {
    // @types/react comes from pkg/'s devDependencies (the consumer would install it with react).
    fs.mkdirSync(path.join(dir, 'node_modules', '@types'), { recursive: true });
    fs.symlinkSync(path.join(PKG, 'node_modules', '@types', 'react'), path.join(dir, 'node_modules', '@types', 'react'));
    fs.symlinkSync(path.join(PKG, 'node_modules', 'csstype'), path.join(dir, 'node_modules', 'csstype'));
    fs.writeFileSync(path.join(dir, 'consumer.ts'), `
import { KratosClient, onSessionChange, refreshSession, type SessionChangeEvent, type SessionState } from 'kratos-browser';
import { KratosProvider, useSession, useFlow } from 'kratos-browser/react';
import { sessionStore, flowStore, type Readable, type FlowState } from 'kratos-browser/svelte';
import { KratosFlow } from 'kratos-browser/react';
import { KratosFlow as SvelteFlow, type KratosFlowProps } from 'kratos-browser/svelte';
import { createElement } from 'react';
import { KratosClient as LegacyClient, startBrowserFlow, flowIdFromUrl, type NativeForm } from 'kratos-browser/legacy';

const kratos = new KratosClient({ baseUrl: 'http://localhost:4433' });
const stop: () => void = onSessionChange(kratos, (e: SessionChangeEvent) => {
  const t: 'signedIn' | 'signedOut' | 'refreshed' | 'aalChanged' = e.type;
  void t; void e.session?.identity?.traits;
});
stop();
export const state: Promise<SessionState> = refreshSession(kratos);

export function useThings() {
  const s = useSession();
  const st: 'unknown' | 'signedIn' | 'signedOut' = s.status;
  // SessionState is a union on status: signedIn narrows session (no null check), the others have none.
  if (s.status === 'signedIn') void s.session.identity?.traits;
  // @ts-expect-error: session is possibly null before narrowing
  void s.session.id;
  const login = useFlow('login', { returnTo: '/', create: { aal: 'aal2' } });
  void login.submit({ method: 'password', identifier: 'a', password: 'b' });
  // @ts-expect-error: a registration body is not a login body
  void login.submit({ method: 'profile', traits: {} });
  const settings = useFlow('settings');
  void settings.flow?.identity.traits;
  // @ts-expect-error: unknown flow kind
  useFlow('signup');
  return [st, KratosProvider] as const;
}

const old: KratosClient = new LegacyClient({ baseUrl: 'http://localhost:4433', apiVersion: 'v0.6' });
export const started: Promise<string> | null = flowIdFromUrl('http://x/?flow=1') ? null : startBrowserFlow(old, 'login');
export type Form = NativeForm;

// The flow components: React's <KratosFlow>, and the Svelte one's props (its code is .svelte source).
export const loginPage = createElement(KratosFlow<'login'>, {
  kind: 'login', locale: 'de', messages: { 4000006: 'Nope.' },
  onSuccess: (o) => void o.session.identity, components: { Button: ({ view, buttonProps }) => createElement('button', buttonProps, view.label) },
});
export const svelteProps: KratosFlowProps<'registration'> = { client: kratos, kind: 'registration', onsuccess: (o) => void o.identity.id };
void SvelteFlow;

const session: Readable<SessionState> = sessionStore(kratos);
const recovery = flowStore(kratos, 'recovery');
recovery.subscribe((s: FlowState<'recovery'>) => void s.flow?.state);
void recovery.submit({ method: 'code', email: 'a@example.com' });
// @ts-expect-error: stores are read-only
session.set(null);
`);
    const base = { strict: true, noEmit: true, skipLibCheck: false, target: 'es2022', lib: ['es2022', 'dom'], types: [], jsx: 'react-jsx' };
    for (const [name, opts] of Object.entries({
      bundler: { module: 'esnext', moduleResolution: 'bundler' },
      nodenext: { module: 'nodenext', moduleResolution: 'nodenext' },
      // Older setups (moduleResolution "node"/"node10" ignores "exports"): typesVersions serves the subpaths.
      node10: { module: 'esnext', moduleResolution: 'node10' },
    })) {
      fs.writeFileSync(path.join(dir, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions: { ...base, ...opts }, files: ['consumer.ts'] }));
      const r = spawnSync(path.join(PKG, 'node_modules', '.bin', 'tsc'), ['-p', `tsconfig.${name}.json`], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, `tsc (${name}):\n${r.stdout}${r.stderr}`);
    }
  });
});
