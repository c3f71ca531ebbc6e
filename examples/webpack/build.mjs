// webpack 5 through its Node API (no webpack-cli): entry + output only. kratos-browser's
// `new URL('./wasm/…_bg.wasm', import.meta.url)` becomes an emitted asset without any plugin or rule.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import webpack from 'webpack';

const dist = fileURLToPath(new URL('./dist/', import.meta.url));
const compiler = webpack({
  mode: 'production',
  entry: './src/index.js',
  output: { path: dist, clean: true },
});
compiler.run((err, stats) => {
  compiler.close(() => {});
  if (err || stats.hasErrors()) {
    console.error(err ?? stats.toString({ colors: false, all: false, errors: true, errorDetails: true }));
    process.exit(1);
  }
  fs.copyFileSync(new URL('./index.html', import.meta.url), `${dist}index.html`);
  console.log(stats.toString({ colors: false, all: false, assets: true }));
});
