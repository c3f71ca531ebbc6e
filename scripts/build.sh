#!/usr/bin/env bash
# Builds the npm package into pkg/dist: cargo (wasm32, release) → wasm-bindgen --target web →
# wasm-opt -Oz (npm binaryen, never Debian's: toolchain-notes trap 2) → inline fallback chunk, twice
# (v1 build, and the legacy build with the `legacy` feature) → tsc.
# `npm pack` in pkg/ then gives the tarball (tests/pack checks it; the examples install it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
eval "$(./scripts/setup.sh wasm-bindgen)"
export PATH="$WASM_BINDGEN_DIR:$PATH"
if [ ! -x pkg/node_modules/.bin/tsc ] || ! cmp -s pkg/package-lock.json pkg/node_modules/.lock-copy 2>/dev/null; then
  (cd pkg && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.lock-copy)
fi

rm -rf pkg/dist pkg/src/wasm pkg/src/legacy/wasm

# One wasm build: cargo → wasm-bindgen (web glue, no default URL) → wasm-opt → the inline copy.
# The inline copy is the module gzip-compressed with zopfli (a gzip stream ~6% smaller than gzip -9),
# as base64 in a JS chunk (`export default "…"`). base64 of compressed bytes gzips back to about
# their size, so the gzip-served chunk costs less than the gzip-served asset (tests/size.mjs checks
# it); pkg/src/load.ts inflates it with DecompressionStream('gzip') while it compiles.
wasm_build() { # cargo-features dir name
  local features=$1 dir=$2 name=$3
  # shellcheck disable=SC2086
  cargo build --quiet --release --target wasm32-unknown-unknown --lib $features
  mkdir -p "pkg/dist/$dir" "pkg/src/$dir"
  wasm-bindgen --target web --omit-default-module-path --out-dir "pkg/dist/$dir" --out-name "$name" \
    target/wasm32-unknown-unknown/release/kratos_browser.wasm
  pkg/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "pkg/dist/$dir/${name}_bg.wasm" -o "pkg/dist/$dir/${name}_bg.wasm"
  node -e '
const fs = require("fs"), zlib = require("zlib"), { gzip } = require("./pkg/node_modules/@gfx/zopfli");
const [wasm, out] = process.argv.slice(1);
const bytes = fs.readFileSync(wasm);
gzip(bytes, { numiterations: 15 }, (err, gz) => {
  if (err || !zlib.gunzipSync(gz).equals(bytes)) throw err || new Error("zopfli round trip failed");
  fs.writeFileSync(out, "export default \"" + Buffer.from(gz).toString("base64") + "\";\n");
});' "pkg/dist/$dir/${name}_bg.wasm" "pkg/dist/$dir/${name}_bg.inline.js"
  # The wrapper compiles against the glue's types; the glue's own d.ts (DOM-typed init block) does not ship.
  mv "pkg/dist/$dir/$name.d.ts" "pkg/src/$dir/$name.d.ts"
  printf 'declare const gzipBase64: string;\nexport default gzipBase64;\n' > "pkg/src/$dir/${name}_bg.inline.d.ts"
  rm -f "pkg/dist/$dir/${name}_bg.wasm.d.ts"
}
# `kratos-browser`: Kratos v1 and v0.8–v0.11. `kratos-browser/legacy`: also v0.4–v0.6 (cargo feature `legacy`).
wasm_build "" wasm kratos_browser
wasm_build "--features legacy" legacy/wasm kratos_browser_legacy
(cd pkg && node_modules/.bin/tsc -p tsconfig.json)
# What tsc does not emit: the Svelte component sources (compiled by the app's Svelte; the `svelte` export
# condition), their entry + declarations, and the optional stylesheet.
mkdir -p pkg/dist/components/svelte
cp pkg/src/components/svelte/*.svelte pkg/src/components/svelte/index.js pkg/src/components/svelte/index.d.ts pkg/dist/components/svelte/
cp pkg/src/components/style.css pkg/dist/style.css
# npm ships README.md with the package (files: ["dist"] + npm's always-included files); keep it current.
cp README.md pkg/README.md
node -e '
const fs = require("fs"), zlib = require("zlib");
const gz = (b) => zlib.gzipSync(b, { level: 9 }).length;
for (const [label, dir, name] of [["wasm", "wasm", "kratos_browser"], ["legacy wasm", "legacy/wasm", "kratos_browser_legacy"]]) {
  const w = fs.readFileSync(`pkg/dist/${dir}/${name}_bg.wasm`), g = fs.readFileSync(`pkg/dist/${dir}/${name}.js`);
  const i = fs.readFileSync(`pkg/dist/${dir}/${name}_bg.inline.js`);
  console.error(`[build] ${label} ${w.length} B (gzip ${gz(w)} B), glue ${g.length} B (gzip ${gz(g)} B), inline copy ${i.length} B (gzip ${gz(i)} B)`);
}'
