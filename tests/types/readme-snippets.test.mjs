// Every TypeScript/TSX snippet of README.md compiles under `tsc --strict` against the built package (issue 13 §2).
// Each ```ts / ```tsx fence becomes one module in tests/.artifacts/readme-snippets/ (named by a first-line
// comment such as `// kratos.ts`, else snippet-<n>.ts[x], so later snippets can `import { kratos } from
// './kratos.js'`), `kratos-browser` resolves to pkg/ through node_modules (its exports map and pkg/dist's
// declarations, as an app gets them), and nothing is declared for the snippets: a name they use and do not
// define or import is an error, as it would be for a reader who copies them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PKG = path.join(ROOT, 'pkg');
const OUT = path.join(ROOT, 'tests', '.artifacts', 'readme-snippets');

/** The ts/tsx fences of a Markdown text: [{ lang, code, line }]. */
export function snippets(markdown) {
  const out = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|tsx|typescript)\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    out.push({ lang: open[1] === 'typescript' ? 'ts' : open[1], code: lines.slice(start, end).join('\n'), line: start + 1 });
    i = end;
  }
  return out;
}

test('README.md: every ts/tsx snippet compiles with tsc --strict against the built package', () => {
  assert.ok(fs.existsSync(path.join(PKG, 'dist', 'index.d.ts')), 'pkg/dist is built (./scripts/build.sh)');
  const found = snippets(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
  assert.ok(found.length >= 5, `README has its snippets (found ${found.length})`);
  assert.ok(found.some((s) => s.lang === 'tsx'), 'the React snippet is among them');

  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(path.join(OUT, 'node_modules', '@types'), { recursive: true });
  fs.symlinkSync(PKG, path.join(OUT, 'node_modules', 'kratos-browser'));
  // React's types as an app installs them with react (pkg/ builds its React bindings against the same).
  fs.symlinkSync(path.join(PKG, 'node_modules', '@types', 'react'), path.join(OUT, 'node_modules', '@types', 'react'));
  fs.symlinkSync(path.join(PKG, 'node_modules', '@types', 'react-dom'), path.join(OUT, 'node_modules', '@types', 'react-dom'));
  fs.symlinkSync(path.join(PKG, 'node_modules', 'csstype'), path.join(OUT, 'node_modules', 'csstype'));
  const files = [];
  const where = {};
  found.forEach((s, i) => {
    const named = /^\/\/\s*([\w.-]+\.tsx?)\b/.exec(s.code.split('\n')[0]);
    const name = named ? named[1] : `snippet-${i + 1}.${s.lang}`;
    assert.ok(!files.includes(name), `two snippets named ${name}`);
    // `export {}`: each snippet is a module (top-level await, no clashes between snippets).
    fs.writeFileSync(path.join(OUT, name), `${s.code}\nexport {};\n`);
    files.push(name);
    where[name] = s.line;
  });
  fs.writeFileSync(path.join(OUT, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, skipLibCheck: false, target: 'es2022', module: 'esnext', moduleResolution: 'bundler',
      lib: ['es2022', 'dom', 'dom.iterable'], jsx: 'react-jsx', types: [], isolatedModules: true,
    },
    files,
  }, null, 2));
  const r = spawnSync(path.join(PKG, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json', '--pretty', 'false'], { cwd: OUT, encoding: 'utf8' });
  // Point each error at README.md's line.
  const report = `${r.stdout}${r.stderr}`.replace(/^([\w.-]+\.tsx?)\((\d+),(\d+)\)/gm,
    (m, f, l, c) => (where[f] ? `README.md:${where[f] + Number(l) - 1}:${c} (${f})` : m));
  assert.equal(r.status, 0, `tsc --strict on the README's snippets (tests/.artifacts/readme-snippets/):\n${report}`);
  process.stderr.write(`[readme] ${files.length} snippets compiled: ${files.join(', ')}\n`);
});
