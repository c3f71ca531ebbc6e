// The npm tarball (`npm pack` of pkg/): exactly the files users need, an exports map that resolves,
// no sources, no DOM-typed wasm-bindgen d.ts, sane package.json fields.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { packTarball, run, filesUnder } from './lib.mjs';

let tgz, info, dir, files, pj;

before(() => {
  ({ tgz, info } = packTarball());
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-tarball-'));
  run('tar', ['xzf', tgz, '-C', dir], { quiet: true });
  files = filesUnder(path.join(dir, 'package'));
  pj = JSON.parse(fs.readFileSync(path.join(dir, 'package', 'package.json'), 'utf8'));
  process.stderr.write(`[pack] ${path.basename(tgz)}: ${info.size} B packed, ${info.unpackedSize} B unpacked, ${files.length} files:\n  ${files.join('\n  ')}\n`);
});
after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const read = (f) => fs.readFileSync(path.join(dir, 'package', f));

describe('npm pack tarball', () => {
  test('everything lives under package/ and npm lists the same files', () => {
    const listed = run('tar', ['tzf', tgz], { quiet: true }).trim().split('\n').filter((l) => !l.endsWith('/'));
    assert.ok(listed.every((l) => l.startsWith('package/')), listed.join(', '));
    assert.deepEqual([...info.files.map((f) => f.path)].sort(), [...files].sort());
  });

  test('only dist/, package.json, the README and the LICENSE: no sources, maps, lockfiles, node_modules or tarballs', () => {
    const stray = files.filter((f) => !(f.startsWith('dist/') || ['package.json', 'README.md', 'LICENSE'].includes(f)));
    assert.deepEqual(stray, []);
    const bad = files.filter((f) =>
      /(^|\/)(src|node_modules|tests?)\//.test(f) ||
      (f.endsWith('.ts') && !f.endsWith('.d.ts')) || /\.(tsx|map|tgz|rs|toml|lock)$/.test(f) ||
      /(^|\/)(tsconfig\.json|package-lock\.json|\.npmrc|\.gitignore)$/.test(f));
    assert.deepEqual(bad, []);
  });

  // Two builds: `kratos-browser` (dist/wasm/) and `kratos-browser/legacy` (dist/legacy/wasm/, Kratos v0.4–v0.6 too).
  const BUILDS = [
    { dir: 'dist/wasm', name: 'kratos_browser', init: 'dist/init.js' },
    { dir: 'dist/legacy/wasm', name: 'kratos_browser_legacy', init: 'dist/legacy/init.js' },
  ];

  test('each build: the WebAssembly module, its glue and the inline (gzip, base64) fallback are present and agree', () => {
    for (const { dir, name, init } of BUILDS) {
      for (const f of [`${dir}/${name}_bg.wasm`, `${dir}/${name}.js`, `${dir}/${name}_bg.inline.js`, init]) {
        assert.ok(files.includes(f), `${f} in the tarball`);
      }
      const wasm = read(`${dir}/${name}_bg.wasm`);
      assert.deepEqual([...wasm.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d], 'wasm magic');
      const chunk = read(`${dir}/${name}_bg.inline.js`).toString('utf8');
      const m = /^export default "([A-Za-z0-9+/=]+)";\s*$/.exec(chunk);
      assert.ok(m, 'the inline chunk is one default-exported string');
      assert.ok(zlib.gunzipSync(Buffer.from(m[1], 'base64')).equals(wasm), 'the inline copy inflates to the .wasm');
      // Served gzip-compressed, the fallback costs no more than the asset (it is zopfli-compressed inside).
      const gz = (b) => zlib.gzipSync(b, { level: 9 }).length;
      assert.ok(gz(Buffer.from(chunk)) <= gz(wasm), `${name}: inline chunk gzip ${gz(Buffer.from(chunk))} B > asset gzip ${gz(wasm)} B`);
      // The glue must not reference the asset itself (the wrapper owns the only new URL(…)).
      assert.doesNotMatch(read(`${dir}/${name}.js`).toString(), /_bg\.wasm/);
      assert.ok(read(init).toString().includes(`new URL('./wasm/${name}_bg.wasm', import.meta.url)`), `${init}: literal new URL of the asset`);
    }
  });

  test('the v1 entries never reach the legacy build; the legacy build has what only it needs', async () => {
    // Every module reachable from ".", "./react", "./svelte" by static or dynamic import.
    const seen = new Set();
    const visit = (f) => {
      if (seen.has(f) || !f.endsWith('.js')) return;
      seen.add(f);
      const text = read(f).toString().replace(/\/\*[\s\S]*?\*\//g, '');
      for (const m of text.matchAll(/(?:from\s+|import\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) {
        visit(path.posix.normalize(path.posix.join(path.posix.dirname(f), m[1])));
      }
    };
    for (const sub of ['.', './react', './svelte']) visit(pj.exports[sub].default.slice(2));
    assert.deepEqual([...seen].filter((f) => f.startsWith('dist/legacy')), [], 'no legacy module in the v1 graph');
    assert.ok(seen.has('dist/wasm/kratos_browser.js') && seen.has('dist/wasm/kratos_browser_bg.inline.js'));
    const exportsOf = async (f) => WebAssembly.Module.exports(await WebAssembly.compile(read(f))).map((e) => e.name);
    const v1 = await exportsOf('dist/wasm/kratos_browser_bg.wasm');
    const legacy = await exportsOf('dist/legacy/wasm/kratos_browser_legacy_bg.wasm');
    for (const binding of ['kratosclient_nativeForm', 'kratosclient_flowInitUrl']) {
      assert.ok(!v1.includes(binding), `v1 wasm has no ${binding}`);
      assert.ok(legacy.includes(binding), `legacy wasm has ${binding}`);
    }
    assert.ok(read('dist/wasm/kratos_browser_bg.wasm').length < read('dist/legacy/wasm/kratos_browser_legacy_bg.wasm').length);
  });

  test('no wasm-bindgen d.ts and no DOM-typed init block in any shipped declaration', () => {
    assert.ok(!files.some((f) => /^dist\/wasm\/.*\.d\.ts$/.test(f)), 'no d.ts under dist/wasm');
    for (const f of files.filter((f) => f.endsWith('.d.ts'))) {
      const text = read(f).toString();
      assert.doesNotMatch(text, /\bInitInput\b|\binitSync\b|\bRequestInfo\b|\bWebAssembly\.|SyncInitInput/, f);
      assert.doesNotMatch(text, /from '\.\/wasm\//, `${f} does not import the glue's types`);
    }
  });

  test('package.json: ESM, side-effect free, files, exports map (".", "./react", "./svelte", "./legacy") resolving to shipped files', () => {
    assert.equal(pj.name, 'kratos-browser');
    assert.match(pj.version, /^\d+\.\d+\.\d+/);
    assert.equal(pj.type, 'module');
    assert.equal(pj.sideEffects, false);
    assert.deepEqual(pj.files, ['dist']);
    assert.equal(pj.license, 'Apache-2.0');
    assert.match(read('LICENSE').toString(), /^\s*Apache License\s+Version 2\.0, January 2004/, 'the Apache-2.0 text ships as LICENSE');
    assert.match(pj.repository?.url ?? '', /^git\+https:\/\/github\.com\/.+\.git$/, 'repository.url');
    for (const k of ['devDependencies', 'scripts']) assert.equal(pj[k], undefined, `no build-only ${k} in the published package.json`);
    // moduleResolution node10 ignores "exports": typesVersions maps each subpath to the shipped declarations.
    for (const sub of ['react', 'svelte', 'legacy']) {
      const [target] = pj.typesVersions?.['*']?.[sub] ?? [];
      assert.equal(target, pj.exports[`./${sub}`].types, `typesVersions ${sub}`);
      assert.ok(files.includes(target.slice(2)), target);
    }
    assert.equal(pj.dependencies, undefined, 'no runtime dependencies');
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare', 'prepack', 'postpack']) {
      assert.equal(pj.scripts?.[hook], undefined, `no ${hook} script`);
    }
    for (const peer of ['react', 'svelte']) {
      assert.ok(pj.peerDependencies?.[peer], `${peer} peer dependency`);
      assert.equal(pj.peerDependenciesMeta?.[peer]?.optional, true, `${peer} is optional`);
    }
    assert.deepEqual(Object.keys(pj.exports).sort(),
      ['.', './kratos_browser_bg.wasm', './kratos_browser_legacy_bg.wasm', './legacy', './package.json', './react', './style.css', './svelte'].sort());
    for (const [sub, target] of Object.entries(pj.exports)) {
      if (typeof target === 'string') {
        assert.ok(target === './package.json' || files.includes(target.slice(2)), `${sub} → ${target}`);
        continue;
      }
      // "./svelte" also has the `svelte` condition: Svelte apps get the stores plus the <KratosFlow> source.
      assert.deepEqual(Object.keys(target), sub === './svelte' ? ['types', 'svelte', 'default'] : ['types', 'default'], `${sub}: "types" first, then "default"`);
      for (const [cond, file] of Object.entries(target)) {
        assert.ok(files.includes(file.slice(2)), `${sub} [${cond}] → ${file} is shipped`);
      }
      assert.equal(target.types, (target.svelte ?? target.default).replace(/\.js$/, '.d.ts'), `${sub}: types next to the code`);
    }
    for (const f of [pj.main, pj.module, pj.types]) assert.ok(files.includes(f.slice(2)), f);
  });

  test('every relative import of every shipped module and declaration resolves inside the tarball', () => {
    const problems = [];
    for (const f of files.filter((f) => /\.(js|d\.ts)$/.test(f))) {
      // Code only: the doc comments show usage examples with imports.
      const text = read(f).toString().replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      for (const m of text.matchAll(/(?:from\s+|import\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(f), m[1]));
        const candidates = f.endsWith('.d.ts') ? [target, target.replace(/\.js$/, '.d.ts')] : [target];
        if (!candidates.some((c) => files.includes(c))) problems.push(`${f}: ${m[1]}`);
      }
      // Only the React entry may import a framework, and only `react`.
      const bare = [...text.matchAll(/(?:from\s+|import\(\s*|import\s+)['"]([^'".][^'"]*)['"]/g)].map((m) => m[1]);
      const allowed = ['dist/react.js', 'dist/react.d.ts', 'dist/components/react.js', 'dist/components/react.d.ts'].includes(f) ? ['react'] : [];
      for (const b of bare) if (!allowed.includes(b)) problems.push(`${f}: bare import ${b}`);
    }
    assert.deepEqual(problems, []);
  });

  test('size stays reasonable (what apps download is budgeted by scripts/size.mjs)', () => {
    // Two builds, each as asset + inline copy: about 4 × 65 KB compressed.
    assert.ok(info.size < 400_000, `packed ${info.size} B`);
    assert.ok(read('dist/wasm/kratos_browser_bg.wasm').length < 400_000);
  });
});
