// pkg/src/types.ts against Kratos' own JSON (tests/fixtures, typed by tests/fixtures/manifest.json).
//
// Each fixture is written out as a TypeScript object literal assigned to its exported type
// (`export const fixture: LoginFlow = {…}`) and type-checked with `strict`, in one program. An object
// literal, unlike a `resolveJsonModule` import, keeps its string literals (so `type: 'input'` selects the
// UiNode variant) and gets excess-property checks, so this fails on drift in both directions:
//   - a field types.ts requires that Kratos does not send, or a field typed differently from the wire;
//   - a field Kratos sends that types.ts does not name (at any depth, except in free-form maps such as
//     `traits`, `context`, `details`).
// The Rust side (the same fixtures decode into src/models) is tests/decode.rs. Nothing here is shipped.
// Run: node --test tests/types/fixtures.test.mjs (needs pkg/node_modules: cd pkg && npm ci).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = path.join(ROOT, 'tests/fixtures');
const TYPES = path.join(ROOT, 'pkg/src/types.ts');
const OUT = path.join(ROOT, 'tests/.artifacts/types-fixtures');
const ts = createRequire(path.join(ROOT, 'pkg/package.json'))('typescript');

// Envelopes of error answers. types.ts names only the 422 one (ErrorBrowserLocationChangeRequired); the
// others reach the app as `KratosError.body: unknown`. This mirrors src/models ErrorEnvelope, plus the 410's `since`.
const PRELUDE = `export interface ErrorGeneric {
  error: GenericError; redirect_browser_to?: string; use_flow_id?: string; expired_at?: string; since?: number;
}`;

const manifest = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'manifest.json'), 'utf8')).fixtures;
const onDisk = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.json') && f !== 'manifest.json').sort();
const checked = onDisk.filter((f) => manifest[f]?.ts);

test('every fixture is in tests/fixtures/manifest.json, and every entry exists', () => {
  assert.deepEqual(onDisk.filter((f) => !manifest[f]), [], 'fixtures missing from manifest.json');
  assert.deepEqual(Object.keys(manifest).filter((f) => !onDisk.includes(f)), [], 'manifest.json entries without a file');
  for (const [f, e] of Object.entries(manifest)) {
    assert.ok(e.origin === 'recorded' || e.origin === 'hand-written', `${f}: origin`);
    assert.ok((e.ts && e.rust) || e.note, `${f}: a null type needs a note`);
  }
  assert.ok(checked.length > 0, 'no fixture to check');
});

// One program for all fixtures (a second or so), then one test per fixture.
fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(OUT, { recursive: true });
const typeNames = [...new Set(checked.map((f) => manifest[f].ts.replace(/\[\]$/, '')))].filter((t) => t !== 'ErrorGeneric');
const rel = path.relative(OUT, TYPES).replace(/\.ts$/, '').split(path.sep).join('/');
fs.writeFileSync(path.join(OUT, 'prelude.ts'), `import type { GenericError } from '${rel}';\n${PRELUDE}\n`);
const files = new Map();
for (const f of checked) {
  const file = path.join(OUT, f.replace(/\.json$/, '.ts'));
  const text = fs.readFileSync(path.join(FIXTURES, f), 'utf8');
  JSON.parse(text); // a fixture must be plain JSON
  fs.writeFileSync(file, `import type { ${typeNames.join(', ')} } from '${rel}';\nimport type { ErrorGeneric } from './prelude';\n\n` +
    `export const fixture: ${manifest[f].ts} = ${text.trim()};\n`);
  files.set(f, file);
}
const program = ts.createProgram([...files.values()], {
  strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ['lib.es2022.d.ts'], types: [], skipLibCheck: true,
});
const show = (d) => {
  const where = d.file ? `${path.relative(ROOT, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
  return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
};
const global = [...program.getGlobalDiagnostics(), ...program.getOptionsDiagnostics(),
  ...program.getSemanticDiagnostics(program.getSourceFile(TYPES))];

test('pkg/src/types.ts compiles on its own', () => assert.deepEqual(global.map(show), []));

for (const [f, file] of files) {
  test(`${f} is a ${manifest[f].ts} (${manifest[f].origin})`, () => {
    const sf = program.getSourceFile(file);
    const diags = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    assert.deepEqual(diags.map(show), [], `tests/fixtures/${f} does not fit ${manifest[f].ts} in pkg/src/types.ts`);
  });
}
