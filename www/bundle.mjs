// Bundles the demo SPA (www/src/app.jsx, React + kratos-browser from pkg/dist) with esbuild, in memory.
// Used by scripts/demo.mjs and tests/e2e/demo.test.mjs, which serve the result as /app.js (and pkg/dist/wasm
// as /wasm/, where the bundle's `new URL('./wasm/…', import.meta.url)` points). esbuild and React come from
// tests/node_modules (tests/package.json pins them).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'tests', 'package.json'));

export async function bundleDemo() {
  const esbuild = require('esbuild');
  const dist = path.join(ROOT, 'pkg', 'dist');
  const out = await esbuild.build({
    entryPoints: [path.join(ROOT, 'www', 'src', 'app.jsx')],
    bundle: true, write: false, format: 'esm', target: 'es2022', jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"development"' },
    nodePaths: [path.join(ROOT, 'tests', 'node_modules')],
    alias: { 'kratos-browser/react': path.join(dist, 'react.js'), 'kratos-browser': path.join(dist, 'index.js') },
    logLevel: 'error',
  });
  return out.outputFiles[0].text;
}

/** Static-server routes serving the bundle as /app.js and pkg/dist/wasm as /wasm/. */
export async function demoRoutes() {
  const js = await bundleDemo();
  const wasmDir = path.join(ROOT, 'pkg', 'dist', 'wasm');
  return {
    '/app.js': (req, res) => {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
      res.end(js);
    },
    '/wasm/*': (req, res) => {
      const file = path.join(wasmDir, path.basename(new URL(req.url, 'http://x').pathname));
      if (!fs.existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' });
      res.end(fs.readFileSync(file));
    },
  };
}
