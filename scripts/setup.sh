#!/usr/bin/env bash
# Installs everything the demo and the tests need, idempotently, checking versions.
# Slow artefacts (wasm-bindgen CLI, the Kratos binary) are cached outside the repo in $KB_CACHE,
# keyed by version, so clean clones on the same machine reuse them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KB_CACHE="${KB_CACHE:-$HOME/.cache/kratos-browser}"
KRATOS_VERSION="v1.3.1"
GO_TOOLCHAIN="go1.23.12"
mkdir -p "$KB_CACHE"

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

need_root_apt() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if ((${#missing[@]})); then
    log "apt-get install ${missing[*]}"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
  fi
}

setup_rust() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
}

setup_wasm_bindgen() {
  # The exact wasm-bindgen version from Cargo.lock, so crate and CLI always match.
  local WASM_BINDGEN_VERSION
  WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' "$ROOT/Cargo.lock")"
  local dir="$KB_CACHE/wasm-bindgen-cli-$WASM_BINDGEN_VERSION"
  local have=""
  [ -x "$dir/bin/wasm-bindgen" ] && have="$("$dir/bin/wasm-bindgen" --version 2>/dev/null || true)"
  if [ "$have" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
    log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, cached in $dir)"
    # No --locked: the locked set is not all on the registry mirror (toolchain-notes).
    cargo install -q wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --root "$dir" >&2
  fi
  echo "$dir/bin"
}

setup_chromium() {
  need_root_apt chromium chromium-driver
  [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || { log "chromium missing after install"; exit 1; }
}

setup_node() {
  # playwright-core, typescript, binaryen (wasm-opt): pinned in tests/package.json + package-lock.json.
  if [ ! -d "$ROOT/tests/node_modules" ] || ! cmp -s "$ROOT/tests/package-lock.json" "$ROOT/tests/node_modules/.package-lock.json.copy" 2>/dev/null; then
    log "npm ci in tests/"
    # stdout of this script is eval'd by callers: tool output goes to stderr.
    (cd "$ROOT/tests" && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.package-lock.json.copy) >&2
  fi
}

setup_kratos() {
  local dir="$KB_CACHE/kratos-$KRATOS_VERSION"
  local bin="$dir/kratos"
  # Capture first: `cmd | grep -q` under pipefail fails when grep exits early (SIGPIPE).
  local have=""
  [ -x "$bin" ] && have="$("$bin" version 2>/dev/null || true)"
  if [[ "$have" == *"$KRATOS_VERSION"* ]]; then
    echo "$bin"; return
  fi
  log "building Ory Kratos $KRATOS_VERSION from its Go module (several minutes, cached in $dir)"
  export GOTOOLCHAIN="$GO_TOOLCHAIN"   # Kratos v1.3.1 wants go1.23; fetched through the module proxy
  export GOFLAGS="-mod=mod -buildvcs=false"
  local work; work="$(mktemp -d)"
  local src
  src="$(cd "$work" && go mod download -json "github.com/ory/kratos@$KRATOS_VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')" || true
  [ -d "$src" ] || { log "go mod download of kratos failed"; exit 1; }
  cp -r "$src" "$work/src"
  chmod -R u+w "$work/src"
  # The nested client-go module is excluded from module zips; only examples import it (kratos-wire-facts §8).
  mkdir -p "$work/src/internal/client-go"
  printf 'module github.com/ory/client-go\n\ngo 1.13\n' > "$work/src/internal/client-go/go.mod"
  (cd "$work/src" && CGO_ENABLED=1 go build -tags sqlite >&2 \
      -ldflags "-X github.com/ory/kratos/driver/config.Version=$KRATOS_VERSION" -o kratos .)
  mkdir -p "$dir"
  mv "$work/src/kratos" "$bin.tmp" && mv "$bin.tmp" "$bin"
  rm -rf "$work"
  have="$("$bin" version 2>/dev/null || true)"
  [[ "$have" == *"$KRATOS_VERSION"* ]] || { log "kratos binary does not report $KRATOS_VERSION"; exit 1; }
  echo "$bin"
}

# Prints KEY=VALUE lines for the caller to eval.
main() {
  local what="${1:-all}"
  case "$what" in
    kratos) echo "KRATOS_BIN=$(setup_kratos)";;
    wasm-bindgen) setup_rust; echo "WASM_BINDGEN_DIR=$(setup_wasm_bindgen)";;
    chromium) setup_chromium;;
    node) setup_node;;
    all)
      setup_rust
      setup_chromium
      setup_node
      # The two slow builds (Go: Kratos; cargo: wasm-bindgen-cli) run side by side.
      local kout wb kpid
      kout="$(mktemp)"
      ( setup_kratos > "$kout" ) &
      kpid=$!
      wb="$(setup_wasm_bindgen)"
      wait "$kpid" || { log "building Kratos failed"; rm -f "$kout"; exit 1; }
      echo "WASM_BINDGEN_DIR=$wb"
      echo "KRATOS_BIN=$(cat "$kout")"
      rm -f "$kout"
      ;;
    *) echo "usage: setup.sh [all|kratos|wasm-bindgen|chromium|node]" >&2; exit 2;;
  esac
}
main "$@"
