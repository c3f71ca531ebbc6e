#!/usr/bin/env bash
# The benchmark (not part of ./scripts/test.sh): bundle sizes, per-call latency against a real local
# Kratos vs raw fetch and @ory/client-fetch, transport-only overhead, cold init, decode cost, a cross-tab
# logout figure (two pages of one context) and a twiggy size profile of the wasm, from one headless-Chromium run. Prints the tables and writes
# bench/RESULTS.md + bench/results.json.
#
#   ./scripts/bench.sh            full run (about 1–2 minutes after the setup and build)
#   ./scripts/bench.sh --quick    fewer iterations, for checking the benchmark itself
#
# Installs what it needs, idempotently: scripts/setup.sh (Chromium, Kratos v1.3.1, wasm-bindgen-cli,
# tests/ npm packages), the pinned npm packages of bench/ (@ory/client-fetch, esbuild) from
# bench/package-lock.json, and twiggy (cargo, cached in $KB_CACHE/twiggy; the profile is skipped
# if that install fails).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
KB_CACHE="${KB_CACHE:-$HOME/.cache/kratos-browser}"
TWIGGY_VERSION="0.8.0"
log() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }

# setup.sh's parts one by one, their logs to stderr (only the KEY=VALUE lines are eval'd).
./scripts/setup.sh chromium >&2
./scripts/setup.sh node >&2
eval "$(./scripts/setup.sh wasm-bindgen)"
# A cached Kratos is checked here without `| grep -q` (under pipefail, grep -q closing the pipe early can
# SIGPIPE `kratos version` and fail the check); setup.sh builds it only when it is really missing.
KRATOS_BIN="${KRATOS_BIN:-$KB_CACHE/kratos-v1.3.1/kratos}"
kv="$("$KRATOS_BIN" version 2>/dev/null || true)"
if [[ "$kv" != *v1.3.1* ]]; then
  eval "$(./scripts/setup.sh kratos)"
fi
export KRATOS_BIN

if [ ! -d bench/node_modules ] || ! cmp -s bench/package-lock.json bench/node_modules/.package-lock.json.copy 2>/dev/null; then
  log "npm ci in bench/"
  (cd bench && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.package-lock.json.copy)
fi

log "building the package (scripts/build.sh)"
./scripts/build.sh

# The wasm with names, for twiggy: the same cargo output through wasm-bindgen, without wasm-opt.
rm -rf bench/.out/names
mkdir -p bench/.out/names
"$WASM_BINDGEN_DIR/wasm-bindgen" --target web --omit-default-module-path --out-dir bench/.out/names \
  --out-name kratos_browser target/wasm32-unknown-unknown/release/kratos_browser.wasm

TWIGGY="$KB_CACHE/twiggy/bin/twiggy"
if [ ! -x "$TWIGGY" ] || ! "$TWIGGY" --version | grep -q " $TWIGGY_VERSION\$"; then
  log "cargo install twiggy $TWIGGY_VERSION (a few minutes, cached in $KB_CACHE/twiggy)"
  cargo install -q twiggy --version "=$TWIGGY_VERSION" --root "$KB_CACHE/twiggy" || log "twiggy install failed: no size profile"
fi
[ -x "$TWIGGY" ] && export KB_TWIGGY="$TWIGGY"

log "running bench/run.mjs $*"
node bench/run.mjs "$@"
