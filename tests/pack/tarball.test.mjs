// The npm tarball (`npm pack` of pkg/): exactly the files users need, an exports map that resolves,
// no sources, no DOM-typed wasm-bindgen d.ts, sane package.json fields.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

  test('only dist/, package.json and the README: no sources, maps, lockfiles, node_modules or tarballs', () => {
    const stray = files.filter((f) => !(f.startsWith('dist/') || ['package.json', 'README.md'].includes(f)));
    assert.deepEqual(stray, []);
    const bad = files.filter((f) =>
      /(^|\/)(src|node_modules|tests?)\//.test(f) ||
      (f.endsWith('.ts') && !f.endsWith('.d.ts')) || /\.(tsx|map|tgz|rs|toml|lock)$/.test(f) ||
      /(^|\/)(tsconfig\.json|package-lock\.json|\.npmrc|\.gitignore)$/.test(f));
    assert.deepEqual(bad, []);
  });

  test('the WebAssembly module, its glue and the base64 fallback are present and agree', () => {
    for (const f of ['dist/wasm/kratos_browser_bg.wasm', 'dist/wasm/kratos_browser.js', 'dist/wasm/kratos_browser_bg.wasm.b64.js']) {
      assert.ok(files.includes(f), `${f} in the tarball`);
    }
    const wasm = read('dist/wasm/kratos_browser_bg.wasm');
    assert.deepEqual([...wasm.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d], 'wasm magic');
    const b64 = read('dist/wasm/kratos_browser_bg.wasm.b64.js').toString('utf8');
    const m = /^export default "([A-Za-z0-9+/=]+)";\s*$/.exec(b64);
    assert.ok(m, 'b64 chunk is one default-exported string');
    assert.ok(Buffer.from(m[1], 'base64').equals(wasm), 'base64 copy equals the .wasm');
    // The glue must not reference the asset itself (the wrapper owns the only new URL(…)).
    assert.doesNotMatch(read('dist/wasm/kratos_browser.js').toString(), /_bg\.wasm/);
    assert.match(read('dist/init.js').toString(), /new URL\('\.\/wasm\/kratos_browser_bg\.wasm', import\.meta\.url\)/);
  });

  test('no wasm-bindgen d.ts and no DOM-typed init block in any shipped declaration', () => {
    assert.ok(!files.some((f) => /^dist\/wasm\/.*\.d\.ts$/.test(f)), 'no d.ts under dist/wasm');
    for (const f of files.filter((f) => f.endsWith('.d.ts'))) {
      const text = read(f).toString();
      assert.doesNotMatch(text, /\bInitInput\b|\binitSync\b|\bRequestInfo\b|\bWebAssembly\.|SyncInitInput/, f);
      assert.doesNotMatch(text, /from '\.\/wasm\//, `${f} does not import the glue's types`);
    }
  });

  test('package.json: ESM, side-effect free, files, exports map (".", "./react", "./svelte") resolving to shipped files', () => {
    assert.equal(pj.name, 'kratos-browser');
    assert.match(pj.version, /^\d+\.\d+\.\d+/);
    assert.equal(pj.type, 'module');
    assert.equal(pj.sideEffects, false);
    assert.deepEqual(pj.files, ['dist']);
    assert.equal(pj.license, 'Apache-2.0');
    assert.equal(pj.dependencies, undefined, 'no runtime dependencies');
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare', 'prepack', 'postpack']) {
      assert.equal(pj.scripts?.[hook], undefined, `no ${hook} script`);
    }
    for (const peer of ['react', 'svelte']) {
      assert.ok(pj.peerDependencies?.[peer], `${peer} peer dependency`);
      assert.equal(pj.peerDependenciesMeta?.[peer]?.optional, true, `${peer} is optional`);
    }
    assert.deepEqual(Object.keys(pj.exports).sort(), ['.', './kratos_browser_bg.wasm', './package.json', './react', './svelte'].sort());
    for (const [sub, target] of Object.entries(pj.exports)) {
      if (typeof target === 'string') {
        assert.ok(target === './package.json' || files.includes(target.slice(2)), `${sub} → ${target}`);
        continue;
      }
      assert.deepEqual(Object.keys(target), ['types', 'default'], `${sub}: "types" first, then "default"`);
      for (const [cond, file] of Object.entries(target)) {
        assert.ok(files.includes(file.slice(2)), `${sub} [${cond}] → ${file} is shipped`);
      }
      assert.equal(target.types, target.default.replace(/\.js$/, '.d.ts'), `${sub}: types next to the code`);
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
      const allowed = f === 'dist/react.js' || f === 'dist/react.d.ts' ? ['react'] : [];
      for (const b of bare) if (!allowed.includes(b)) problems.push(`${f}: bare import ${b}`);
    }
    assert.deepEqual(problems, []);
  });

  test('size stays reasonable', () => {
    assert.ok(info.size < 300_000, `packed ${info.size} B`);
    assert.ok(read('dist/wasm/kratos_browser_bg.wasm').length < 400_000);
  });
});
