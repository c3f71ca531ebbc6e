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
  # The lint stage of the tests: rustfmt and clippy (in rustup's default profile, not in the minimal one).
  local c
  for c in rustfmt clippy; do
    if ! rustup component list --installed | grep -q "^$c"; then
      log "rustup component add $c"
      rustup component add "$c"
    fi
  done
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

# Older Kratos releases for the legacy e2e (tests/legacy-e2e), built from their Go modules like v1.3.1.
# The latest patch of each line that the module proxy serves (v0.11.1, v0.6.2, every v0.4.x: "This module
# version is not available"). Not part of `all`: see README "Older Kratos versions" for build times.
KRATOS_LEGACY_VERSIONS="v0.11.0 v0.6.3-alpha.1 v0.5.5-alpha.1 v0.4.6-alpha.1"

# Per-release fixes to build a module zip as the main module (module zips drop nested modules).
legacy_prepare() { # version (cwd = extracted source)
  case "$1" in
    v0.11.*)
      # internal/client-go is a nested module only the examples import (as for v1.3.1).
      mkdir -p internal/client-go
      printf 'module github.com/ory/client-go\n\ngo 1.13\n' > internal/client-go/go.mod ;;
    v0.6.*)
      # ./corp (nested module, imported by the persister) → single-tenant stub module;
      # ./internal/httpclient (nested) → the published github.com/ory/kratos-client-go of the same version,
      # whose package is named `client`, so the imports get the old `kratos` name.
      mkdir -p corp
      printf 'module github.com/ory/kratos/corp\n\ngo 1.16\n\nrequire github.com/gofrs/uuid v3.2.0+incompatible\n' > corp/go.mod
      cat > corp/context.go <<'GO'
// Package corp: build stub for the nested module missing from the module zip (single-tenant defaults).
package corp

import (
	"context"

	"github.com/gofrs/uuid"

	"github.com/ory/kratos/driver/config"
)

func ContextualizeTableName(_ context.Context, name string) string { return name }

func ContextualizeNID(_ context.Context, fallback uuid.UUID) uuid.UUID { return fallback }

func ContextualizeConfig(_ context.Context, fallback *config.Config) *config.Config { return fallback }
GO
      go mod edit -dropreplace github.com/ory/kratos-client-go -require "github.com/ory/kratos-client-go@$1"
      grep -rl --include=*.go '^\s*"github.com/ory/kratos-client-go"' . \
        | xargs sed -i 's#^\(\s*\)"github.com/ory/kratos-client-go"#\1kratos "github.com/ory/kratos-client-go"#' ;;
    v0.5.*)
      # Schemas and templates are embedded with pkger (`make pack`); without pkged.go the binary
      # looks for its module on disk at run time.
      go run github.com/markbates/pkger/cmd/pkger -exclude node_modules -exclude docs -exclude .git \
        -exclude .github -exclude .bin -exclude test -exclude script -exclude contrib ;;
  esac
}

setup_kratos_legacy_one() { # version -> prints the binary path
  local v="$1" dir="$KB_CACHE/kratos-$1" bin="$KB_CACHE/kratos-$1/kratos"
  case "$v" in v0.4.*) setup_kratos_from_tarball "$v"; return;; esac
  if [ -x "$bin" ] && [ -f "$dir/built-from" ] && grep -qx "github.com/ory/kratos@$v" "$dir/built-from"; then
    echo "$bin"; return
  fi
  log "building Ory Kratos $v from its Go module (several minutes, cached in $dir)"
  local t0; t0=$(date +%s)
  (
    export GOTOOLCHAIN="$GO_TOOLCHAIN" GOFLAGS="-mod=mod -buildvcs=false"
    # v0.6.3-alpha.1 is served by the proxy but unknown to the checksum database (404): skip the
    # sumdb lookup for Kratos itself only; its dependencies are still verified.
    export GONOSUMDB=github.com/ory/kratos
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    src="$(cd "$work" && go mod download -json "github.com/ory/kratos@$v" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')"
    [ -d "$src" ] || { log "go mod download of kratos@$v failed"; exit 1; }
    cp -r "$src" "$work/src" && chmod -R u+w "$work/src" && cd "$work/src"
    legacy_prepare "$v"
    CGO_ENABLED=1 nice -n 10 go build -tags sqlite -ldflags "-X github.com/ory/kratos/driver/config.Version=$v \
      -X github.com/ory/kratos/internal/clihelpers.BuildVersion=$v" -o kratos .
    mkdir -p "$dir"
    mv kratos "$bin.tmp" && mv "$bin.tmp" "$bin"
    echo "github.com/ory/kratos@$v" > "$dir/built-from"
  ) >&2 || { log "kratos $v did not build (see above)"; return 1; }
  log "kratos $v built in $(( $(date +%s) - t0 ))s"
  echo "$bin"
}

# v0.4.x is not on the module proxy: built from the shared source tarball (recipe and traps:
# shared/kratos/README.md). The cached binary records the tarball's sha256 in built-from and is used
# without the tarball; with neither, the release is skipped (its e2e file says so).
KRATOS_SRC_DIR="${KB_KRATOS_SRC:-$ROOT/../shared/kratos}"
kratos_tarball_sha256() { # version -> expected sha256 of kratos-<version>-src.tar.gz
  case "$1" in
    v0.4.6-alpha.1) echo 2399abb590a4dc2376b5e4c7a4008dcc32bbeb61aabc9341ef47a9981837a632 ;;
    *) return 1 ;;
  esac
}

setup_kratos_from_tarball() { # version -> prints the binary path
  local v="$1" dir="$KB_CACHE/kratos-$1" bin="$KB_CACHE/kratos-$1/kratos"
  local name="kratos-$v-src.tar.gz" sha tarball="$KRATOS_SRC_DIR/kratos-$v-src.tar.gz"
  sha="$(kratos_tarball_sha256 "$v")" || { log "kratos $v: no known source tarball"; return 1; }
  if [ -x "$bin" ] && [ -f "$dir/built-from" ] && grep -qx "$name sha256:$sha" "$dir/built-from"; then
    echo "$bin"; return
  fi
  if [ ! -f "$tarball" ]; then
    log "kratos $v skipped: not in $dir and no source tarball at $tarball (set KB_KRATOS_SRC)"
    return 1
  fi
  local got; got="$(sha256sum "$tarball" | cut -d' ' -f1)"
  [ "$got" = "$sha" ] || { log "kratos $v: $tarball has sha256 $got, expected $sha: not built"; return 1; }
  log "building Ory Kratos $v from $tarball (about a minute, cached in $dir)"
  local t0; t0=$(date +%s)
  (
    export GOTOOLCHAIN="$GO_TOOLCHAIN" GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=1
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    tar xzf "$tarball" -C "$work"
    cd "$work"/kratos-*/
    # Embedding tools at the versions its go.mod pins; pkger: config schema, packr2: templates, migrations.
    nice -n 10 go build -o "$work/pkger" github.com/markbates/pkger/cmd/pkger
    nice -n 10 go build -o "$work/packr2" github.com/gobuffalo/packr/v2/packr2
    "$work/pkger" && "$work/packr2"
    # packr2 names its generated package after the folder, not the module: point the imports back.
    bad="$(pwd | sed 's#^/##')/packrd"
    grep -rl "\"$bad\"" --include='*-packr.go' . | xargs -r sed -i "s#\"$bad\"#\"github.com/ory/kratos/packrd\"#"
    nice -n 10 go build -tags sqlite -ldflags "-X github.com/ory/kratos/cmd.BuildVersion=$v" -o kratos .
    have="$(./kratos version 2>/dev/null || true)"
    [[ "$have" == *"$v"* ]] || { log "kratos binary does not report $v"; exit 1; }
    mkdir -p "$dir"
    mv kratos "$bin.tmp" && mv "$bin.tmp" "$bin"
    echo "$name sha256:$sha" > "$dir/built-from"
  ) >&2 || { log "kratos $v did not build (see above)"; return 1; }
  log "kratos $v built in $(( $(date +%s) - t0 ))s"
  echo "$bin"
}

setup_kratos_legacy() { # every legacy version; one that fails is reported and skipped
  local v rc=0
  for v in ${KB_KRATOS_LEGACY:-$KRATOS_LEGACY_VERSIONS}; do
    setup_kratos_legacy_one "$v" >/dev/null || rc=1
  done
  return $rc
}

# Kratos v26.2.0, the current release, built from its source tree: the module proxy refuses v25+ (no /v26
# module suffix). Source: $KB_KRATOS_SRC (default ../shared/kratos)/kratos-v26.2.0-src.tar.gz, else GitHub's
# tag archive; with neither, the caller reports the stage skipped. The cached binary needs no source.
KRATOS_V26="v26.2.0"
KRATOS_V26_SRC_SHA256="95da4c78936fabf9090694f6fe0f77dd8f3518719f7da9dab4ffa17daf505ab0" # the shared tarball
# Content digest of the unpacked tree (tree_sha256): the same for the shared tarball and GitHub's archive of
# the tag (both `git archive` of commit 9d70859), whose bytes differ.
KRATOS_V26_TREE_SHA256="a1317e296e4982a18b354fc5288fcce1d30f188195890fe9d8cd9d472376db02"
KRATOS_V26_URL="https://github.com/ory/kratos/archive/refs/tags/$KRATOS_V26.tar.gz"

tree_sha256() { # dir -> sha256 over the sorted `sha256sum` lines of every file in it
  (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
}

# Prints KRATOS_BIN_V26=<path>, or KRATOS_V26_SKIPPED=<reason> when no source is reachable.
# Fails (with the reason on stderr) when a source was found but did not verify or build.
setup_kratos_v26() {
  local dir="$KB_CACHE/kratos-$KRATOS_V26" bin="$KB_CACHE/kratos-$KRATOS_V26/kratos" have=""
  [ -x "$bin" ] && [ -f "$dir/built-from" ] && have="$("$bin" version 2>/dev/null || true)"
  if [[ "$have" == *"$KRATOS_V26"* ]] && grep -qx "tree-sha256 $KRATOS_V26_TREE_SHA256" "$dir/built-from"; then
    echo "KRATOS_BIN_V26=$bin"; return
  fi
  local tarball="${KB_KRATOS_SRC:-$ROOT/../shared/kratos}/kratos-$KRATOS_V26-src.tar.gz" work from sum
  work="$(mktemp -d)"
  # shellcheck disable=SC2064
  trap "rm -rf '$work'; trap - RETURN" RETURN
  if [ -f "$tarball" ]; then
    sum="$(sha256sum "$tarball" | cut -d' ' -f1)"
    [ "$sum" = "$KRATOS_V26_SRC_SHA256" ] || { log "$tarball: sha256 $sum, expected $KRATOS_V26_SRC_SHA256"; return 1; }
    from="$(realpath "$tarball")"
  else
    log "no $tarball; downloading $KRATOS_V26_URL"
    if ! curl -fsSL --connect-timeout 20 --max-time 300 -o "$work/src.tar.gz" "$KRATOS_V26_URL" 2> "$work/curl.err"; then
      printf 'KRATOS_V26_SKIPPED=%q\n' "no Kratos $KRATOS_V26 source: $tarball is missing and $KRATOS_V26_URL failed ($(tail -1 "$work/curl.err"))"
      return 0
    fi
    tarball="$work/src.tar.gz" from="$KRATOS_V26_URL"
    sum="$(sha256sum "$tarball" | cut -d' ' -f1)"
  fi
  tar xzf "$tarball" -C "$work" || { log "$from: not a tar.gz"; return 1; }
  local src="$work/kratos-${KRATOS_V26#v}" tree
  [ -f "$src/go.mod" ] || { log "$from: no kratos-${KRATOS_V26#v}/go.mod inside"; return 1; }
  tree="$(tree_sha256 "$src")"
  [ "$tree" = "$KRATOS_V26_TREE_SHA256" ] || { log "$from: tree sha256 $tree, expected $KRATOS_V26_TREE_SHA256"; return 1; }
  local gov; gov="$(go env GOVERSION 2>/dev/null || true)"
  [ -n "$gov" ] || { log "Kratos $KRATOS_V26 needs Go >= 1.26; no go on PATH"; return 1; }
  log "building Ory Kratos $KRATOS_V26 from $from with $gov (1.5 min with a warm Go cache, ~10 cold; cached in $dir)"
  local t0; t0=$(date +%s)
  # GOTOOLCHAIN=auto: an older local go fetches the go1.26 that go.mod asks for through the module proxy.
  (cd "$src" && GOTOOLCHAIN=auto CGO_ENABLED=1 GOFLAGS=-buildvcs=false nice -n 10 go build -tags sqlite \
      -ldflags "-X github.com/ory/kratos/driver/config.Version=$KRATOS_V26" -o kratos . ) >&2 \
    || { log "kratos $KRATOS_V26 did not build (see above)"; return 1; }
  have="$("$src/kratos" version 2>/dev/null || true)"
  [[ "$have" == *"$KRATOS_V26"* ]] || { log "the built kratos does not report $KRATOS_V26: $have"; return 1; }
  mkdir -p "$dir"
  mv "$src/kratos" "$bin.tmp" && mv "$bin.tmp" "$bin"
  printf '%s sha256 %s\ntree-sha256 %s\n' "$from" "$sum" "$tree" > "$dir/built-from"
  log "kratos $KRATOS_V26 built in $(( $(date +%s) - t0 ))s"
  echo "KRATOS_BIN_V26=$bin"
}

# Prints KEY=VALUE lines for the caller to eval.
main() {
  local what="${1:-all}"
  case "$what" in
    kratos) echo "KRATOS_BIN=$(setup_kratos)";;
    wasm-bindgen) setup_rust; echo "WASM_BINDGEN_DIR=$(setup_wasm_bindgen)";;
    chromium) setup_chromium;;
    kratos-legacy) setup_kratos_legacy;;
    kratos-v26) setup_kratos_v26;;
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
    *) echo "usage: setup.sh [all|kratos|kratos-v26|kratos-legacy|wasm-bindgen|chromium|node]" >&2; exit 2;;
  esac
}
main "$@"
