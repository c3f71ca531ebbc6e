#!/usr/bin/env bash
# Builds the Rust example into examples/rust-wasm-app/dist (wasm-bindgen --target web).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT="$(cd ../.. && pwd)"
eval "$("$ROOT/scripts/setup.sh" wasm-bindgen)"
cargo build --quiet --release --target wasm32-unknown-unknown --target-dir "$ROOT/target/examples"
rm -rf dist
"$WASM_BINDGEN_DIR/wasm-bindgen" --target web --out-dir dist "$ROOT/target/examples/wasm32-unknown-unknown/release/kratos_rust_wasm_example.wasm"
