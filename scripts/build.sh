#!/usr/bin/env bash
# Builds the npm package into pkg/dist: cargo (wasm32, release) → wasm-bindgen --target web →
# wasm-opt -Oz (npm binaryen, never Debian's: toolchain-notes trap 2) → base64 fallback chunk → tsc.
# `npm pack` in pkg/ then gives the tarball (tests/pack checks it; the examples install it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
eval "$(./scripts/setup.sh wasm-bindgen)"
export PATH="$WASM_BINDGEN_DIR:$PATH"
if [ ! -x pkg/node_modules/.bin/tsc ] || ! cmp -s pkg/package-lock.json pkg/node_modules/.lock-copy 2>/dev/null; then
  (cd pkg && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.lock-copy)
fi

cargo build --quiet --release --target wasm32-unknown-unknown --lib
rm -rf pkg/dist pkg/src/wasm
mkdir -p pkg/dist/wasm pkg/src/wasm
wasm-bindgen --target web --omit-default-module-path --out-dir pkg/dist/wasm --out-name kratos_browser \
  target/wasm32-unknown-unknown/release/kratos_browser.wasm
pkg/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  pkg/dist/wasm/kratos_browser_bg.wasm -o pkg/dist/wasm/kratos_browser_bg.wasm
# Lazy fallback for bundlers/dev servers that do not serve the asset (packaging-notes §3).
node -e '
const fs = require("fs");
const b = fs.readFileSync("pkg/dist/wasm/kratos_browser_bg.wasm");
fs.writeFileSync("pkg/dist/wasm/kratos_browser_bg.wasm.b64.js", "export default \"" + b.toString("base64") + "\";\n");'
# The wrapper compiles against the glue's types; the glue's own d.ts (DOM-typed init block) does not ship.
mv pkg/dist/wasm/kratos_browser.d.ts pkg/src/wasm/kratos_browser.d.ts
printf 'declare const b64: string;\nexport default b64;\n' > pkg/src/wasm/kratos_browser_bg.wasm.b64.d.ts
rm -f pkg/dist/wasm/kratos_browser_bg.wasm.d.ts
(cd pkg && node_modules/.bin/tsc -p tsconfig.json)
# npm ships README.md with the package (files: ["dist"] + npm's always-included files); keep it current.
cp README.md pkg/README.md
node -e '
const fs = require("fs"), zlib = require("zlib");
const w = fs.readFileSync("pkg/dist/wasm/kratos_browser_bg.wasm"), g = fs.readFileSync("pkg/dist/wasm/kratos_browser.js");
const gz = (b) => zlib.gzipSync(b, { level: 9 }).length;
console.error(`[build] wasm ${w.length} B (gzip ${gz(w)} B), glue ${g.length} B (gzip ${gz(g)} B)`);'
