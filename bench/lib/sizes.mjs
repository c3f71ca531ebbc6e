// Bundle sizes: the shipped package files, and esbuild bundles of the same four calls through
// kratos-browser and through @ory/client-fetch.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import * as esbuild from 'esbuild';

/** The outputs of an esbuild metafile that load with its entry (static imports, followed), not lazily. */
export function eagerOutputs(outputs) {
  const eager = new Set();
  const visit = (o) => {
    if (eager.has(o)) return;
    eager.add(o);
    for (const imp of outputs[o].imports) if (imp.kind === 'import-statement' && outputs[imp.path]) visit(imp.path);
  };
  visit(Object.keys(outputs).find((o) => outputs[o].entryPoint));
  return eager;
}

export function compressed(buf) {
  return {
    raw: buf.length,
    gzip: zlib.gzipSync(buf, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(buf, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
    }).length,
  };
}

function add(a, b) {
  return { raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli };
}
const ZERO = { raw: 0, gzip: 0, brotli: 0 };

/** Every file of pkg/dist that a browser loads (per file, as a server would compress them), plus the lazy fallback. */
export function packageSizes(distDir) {
  const loaded = ['index.js', 'init.js', 'load.js', 'errors.js', 'types.js', 'wasm/kratos_browser.js', 'wasm/kratos_browser_bg.wasm'];
  const files = loaded.map((f) => ({ file: f, ...compressed(fs.readFileSync(path.join(distDir, f))) }));
  const wrapper = files.filter((f) => !f.file.startsWith('wasm/')).reduce(add, ZERO);
  const glue = files.find((f) => f.file === 'wasm/kratos_browser.js');
  const wasm = files.find((f) => f.file === 'wasm/kratos_browser_bg.wasm');
  const total = files.reduce(add, ZERO);
  const fallbackFile = 'wasm/kratos_browser_bg.inline.js';
  const fallback = { file: fallbackFile, ...compressed(fs.readFileSync(path.join(distDir, fallbackFile))) };
  return { files, wrapper, glue, wasm, total, fallback };
}

/**
 * Bundles `entry` (minified ESM, code splitting so dynamic imports stay lazy chunks) and returns
 * the eagerly loaded JS (entry chunk + its static imports) and the lazy chunks separately.
 */
async function bundle(entry, outdir, plugins = []) {
  fs.rmSync(outdir, { recursive: true, force: true });
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    splitting: true,
    legalComments: 'none',
    outdir,
    metafile: true,
    logLevel: 'error',
    plugins,
  });
  const outputs = result.metafile.outputs;
  const entryOut = Object.keys(outputs).find((o) => outputs[o].entryPoint);
  const eager = eagerOutputs(outputs);
  const js = (o) => ({ file: path.basename(o), ...compressed(fs.readFileSync(o)) });
  const jsOutputs = Object.keys(outputs).filter((o) => o.endsWith('.js'));
  const eagerFiles = jsOutputs.filter((o) => eager.has(o)).map(js);
  const lazyFiles = jsOutputs.filter((o) => !eager.has(o)).map(js);
  return { eager: eagerFiles.reduce(add, ZERO), eagerFiles, lazyFiles, entryOut };
}

export async function bundleSizes({ root, benchDir, outDir }) {
  const kbIndex = path.join(root, 'pkg', 'dist', 'index.js');
  const alias = {
    name: 'kratos-browser-local',
    setup(build) {
      build.onResolve({ filter: /^kratos-browser$/ }, () => ({ path: kbIndex }));
    },
  };
  const kb = await bundle(path.join(benchDir, 'entries', 'kratos-browser-4calls.mjs'), path.join(outDir, 'bundle-kb'), [alias]);
  // esbuild leaves `new URL('./wasm/…_bg.wasm', import.meta.url)` alone: the app serves the asset beside the bundle.
  const wasm = compressed(fs.readFileSync(path.join(root, 'pkg', 'dist', 'wasm', 'kratos_browser_bg.wasm')));
  const ory = await bundle(path.join(benchDir, 'entries', 'ory-client-fetch-4calls.mjs'), path.join(outDir, 'bundle-ory'));
  // The page's copy of @ory/client-fetch (FrontendApi + Configuration re-exported).
  const lib = await bundle(path.join(benchDir, 'entries', 'ory-client-fetch-lib.mjs'), path.join(outDir, 'page-lib'));
  fs.copyFileSync(lib.entryOut, path.join(outDir, 'ory-lib.js'));
  return {
    kratosBrowser: { js: kb.eager, wasm, total: add(kb.eager, wasm), eagerFiles: kb.eagerFiles, lazyFiles: kb.lazyFiles },
    oryClientFetch: { js: ory.eager, total: ory.eager, eagerFiles: ory.eagerFiles, lazyFiles: ory.lazyFiles },
    oryLibForPage: lib.eager,
  };
}
