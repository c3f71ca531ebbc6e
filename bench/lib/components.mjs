// Size of a login page built with kratos-browser's flow component vs the same page with @ory/elements-react
// (`<Login flow config />`), and React alone as the baseline both pay: esbuild, minified, production,
// code splitting (lazy chunks, e.g. the German locale, not counted), gzip -9 per file.
// Standalone: node bench/lib/components.mjs  (after ./scripts/build.sh and npm ci in bench/)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { compressed, eagerOutputs } from './sizes.mjs';

const add = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });
const ZERO = { raw: 0, gzip: 0, brotli: 0 };

async function page(entry, outdir, dist) {
  fs.rmSync(outdir, { recursive: true, force: true });
  const alias = {
    name: 'kratos-browser-local',
    setup(build) {
      build.onResolve({ filter: /^kratos-browser(\/react|\/style\.css)?$/ }, (a) => ({
        path: path.join(dist, { 'kratos-browser': 'index.js', 'kratos-browser/react': 'react.js', 'kratos-browser/style.css': 'style.css' }[a.path]),
      }));
    },
  };
  const result = await esbuild.build({
    entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', splitting: true,
    jsx: 'automatic', define: { 'process.env.NODE_ENV': '"production"' }, legalComments: 'none', outdir, metafile: true,
    nodePaths: [path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules')], // react for pkg/dist
    logLevel: 'error', plugins: [alias], loader: { '.woff': 'file', '.woff2': 'file', '.svg': 'dataurl', '.png': 'file' },
  });
  const outputs = result.metafile.outputs;
  const eager = eagerOutputs(outputs);
  const size = (o) => compressed(fs.readFileSync(o));
  const js = Object.keys(outputs).filter((o) => o.endsWith('.js') && eager.has(o)).map(size).reduce(add, ZERO);
  const lazy = Object.keys(outputs).filter((o) => o.endsWith('.js') && !eager.has(o)).map(size).reduce(add, ZERO);
  const css = Object.keys(outputs).filter((o) => o.endsWith('.css')).map(size).reduce(add, ZERO);
  return { js, css, lazy };
}

export async function componentSizes({ root, benchDir, outDir }) {
  const dist = path.join(root, 'pkg', 'dist');
  const entry = (n) => path.join(benchDir, 'entries', n);
  const react = await page(entry('login-react-only.jsx'), path.join(outDir, 'page-react'), dist);
  const kb = await page(entry('login-kratos-browser.jsx'), path.join(outDir, 'page-kb'), dist);
  // esbuild leaves `new URL('./wasm/…_bg.wasm', import.meta.url)` alone: the app serves the asset beside the bundle.
  const wasm = compressed(fs.readFileSync(path.join(dist, 'wasm', 'kratos_browser_bg.wasm')));
  const elements = await page(entry('login-ory-elements.jsx'), path.join(outDir, 'page-elements'), dist);
  const over = (p, extra = ZERO) => ({ raw: p.js.raw + extra.raw - react.js.raw, gzip: p.js.gzip + extra.gzip - react.js.gzip, brotli: p.js.brotli + extra.brotli - react.js.brotli });
  return {
    react,
    kratosBrowser: { ...kb, wasm, overReactJs: over(kb), overReact: over(kb, add(wasm, kb.css)) },
    elements: { ...elements, overReact: over(elements, elements.css) },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const r = await componentSizes({ root: path.resolve(benchDir, '..'), benchDir, outDir: path.join(benchDir, '.out') });
  console.log(JSON.stringify(r, null, 1));
}
