// The example apps install the PACKED tarball (npm pack → npm ci) and build with pinned tools, no wasm
// plugins: Vite 7 (React, Svelte), webpack 5 (Node API, entry/output only), Next.js 15 (App Router client
// component, build only). Builds are cached (tests/pack/lib.mjs). The browser runs are in
// tests/e2e/examples.test.mjs.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ensureExample, filesUnder, EXAMPLES, PKG } from './lib.mjs';

const read = (f) => fs.readFileSync(f, 'utf8');

function report(name, r) {
  process.stderr.write(`[pack] ${name}: ${r.installed ? 'installed' : 'install cached'}, ${r.built ? 'built' : 'build cached'} (${(r.ms / 1000).toFixed(1)} s)\n`);
}

describe('example builds from the packed tarball', () => {
  test('committed lockfiles pin every tool and carry no stale integrity for the local tarball', () => {
    for (const name of ['react-vite', 'svelte-vite', 'webpack', 'nextjs']) {
      const pj = JSON.parse(read(path.join(EXAMPLES, name, 'package.json')));
      const lock = JSON.parse(read(path.join(EXAMPLES, name, 'package-lock.json')));
      for (const [dep, spec] of Object.entries({ ...pj.dependencies, ...pj.devDependencies })) {
        if (dep === 'kratos-browser') assert.equal(spec, 'file:../../pkg/kratos-browser-0.1.0.tgz', `${name}: the packed tarball`);
        else assert.match(spec, /^\d+\.\d+\.\d+$/, `${name}: ${dep}@${spec} is an exact pin`);
      }
      const kb = lock.packages['node_modules/kratos-browser'];
      assert.ok(kb, `${name}: lockfile lists kratos-browser`);
      assert.equal(kb.integrity, undefined, `${name}: no integrity for the local tarball (npm ci would reuse a cached old build)`);
    }
  });

  for (const name of ['react-vite', 'svelte-vite']) {
    test(`${name}: vite build emits the .wasm asset and a separate, lazily imported inline fallback chunk`, () => {
      const r = ensureExample(name);
      report(name, r);
      const assets = fs.readdirSync(path.join(r.out, 'assets'));
      const wasm = assets.filter((f) => /^kratos_browser_bg-[\w-]+\.wasm$/.test(f));
      assert.equal(wasm.length, 1, assets.join(', '));
      assert.ok(fs.readFileSync(path.join(r.out, 'assets', wasm[0])).equals(fs.readFileSync(path.join(PKG, 'dist/wasm/kratos_browser_bg.wasm'))));
      const entry = assets.find((f) => /^index-[\w-]+\.js$/.test(f));
      const code = read(path.join(r.out, 'assets', entry));
      assert.ok(code.includes(wasm[0]), 'the entry chunk references the hashed .wasm');
      assert.ok(assets.some((f) => /kratos_browser_bg\.inline-[\w-]+\.js$/.test(f)), 'the inline fallback is its own chunk');
      assert.ok(!assets.some((f) => /legacy/.test(f)), `no legacy build in a v1 app: ${assets.join(', ')}`);
      assert.ok(code.length < 300_000 && !/[A-Za-z0-9+/]{20000}/.test(code), 'the base64 copy is not inlined in the entry chunk');
    });
  }

  test('react-vite: server rendering useSession/useFlow in Node shows the loading state and touches no browser global', () => {
    const dir = ensureExample('react-vite').dir;
    const script = `
const touched = [];
for (const name of ['window', 'document', 'location', 'localStorage', 'sessionStorage', 'BroadcastChannel', 'history']) {
  Object.defineProperty(globalThis, name, { configurable: true, get() { touched.push(name); return undefined; } });
}
const { createElement: h } = await import('react');
const { renderToString } = await import('react-dom/server');
const { KratosClient } = await import('kratos-browser');
const { KratosProvider, useSession, useFlow } = await import('kratos-browser/react');
const kratos = new KratosClient({ baseUrl: 'http://localhost:4433' });
function Page() {
  const s = useSession();
  const f = useFlow('login');
  return h('p', null, s.status + ':' + (f.loading ? 'loading' : 'ready') + ':' + (f.flow === null));
}
const html = renderToString(h(KratosProvider, { client: kratos }, h(Page)));
console.log(JSON.stringify({ html, touched }));
`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1));
    assert.equal(out.html, '<p>unknown:loading:true</p>');
    assert.deepEqual(out.touched, []);
  });

  test('svelte-vite: the stores satisfy svelte/store Readable (tsc against svelte 5 types)', () => {
    const dir = ensureExample('svelte-vite').dir;
    const tmp = fs.mkdtempSync(path.join(dir, 'node_modules', '.kb-typecheck-'));
    try {
      fs.writeFileSync(path.join(tmp, 'check.ts'), `
import type { Readable } from 'svelte/store';
import { derived, get } from 'svelte/store';
import { KratosClient, type SessionState } from 'kratos-browser';
import { sessionStore, flowStore, type FlowState } from 'kratos-browser/svelte';
const kratos = new KratosClient({ baseUrl: 'http://localhost:4433' });
const session: Readable<SessionState> = sessionStore(kratos);
const login: Readable<FlowState<'login'>> = flowStore(kratos, 'login');
const email = derived(session, ($s) => $s.session?.identity?.traits.email);
export const values = [get(email), get(login).loading];
`);
      fs.writeFileSync(path.join(tmp, 'tsconfig.json'), JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler', lib: ['es2022', 'dom'], types: [] },
        files: ['check.ts'],
      }));
      const r = spawnSync(path.join(PKG, 'node_modules', '.bin', 'tsc'), ['-p', tmp], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stdout + r.stderr);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('webpack 5 (entry/output only): the .wasm is an emitted asset referenced by the bundle', () => {
    const r = ensureExample('webpack');
    report('webpack', r);
    const files = filesUnder(r.out);
    const wasm = files.filter((f) => f.endsWith('.wasm'));
    assert.equal(wasm.length, 1, files.join(', '));
    const js = files.filter((f) => f.endsWith('.js')).map((f) => read(path.join(r.out, f))).join('\n');
    assert.ok(js.includes(wasm[0]), 'a chunk references the emitted .wasm');
    assert.ok(files.includes('index.html') && files.includes('main.js'));
  });

  test('Next.js 15 (App Router, no config): client component build emits the .wasm; prerender in Node is safe', () => {
    const r = ensureExample('nextjs');
    report('nextjs', r);
    const media = fs.readdirSync(path.join(r.out, 'static', 'media')).filter((f) => /^kratos_browser_bg\.[\w]+\.wasm$/.test(f));
    assert.equal(media.length, 1, 'one hashed .wasm in .next/static/media');
    const chunks = filesUnder(path.join(r.out, 'static', 'chunks')).filter((f) => f.endsWith('.js'));
    assert.ok(chunks.some((f) => read(path.join(r.out, 'static', 'chunks', f)).includes(`static/media/${media[0]}`)),
      'a client chunk references /_next/static/media/<hash>.wasm');
    const html = read(path.join(r.out, 'server', 'app', 'index.html'));
    assert.match(html, /data-status="unknown"/, 'the client component was prerendered (session unknown on the server)');
  });
});
