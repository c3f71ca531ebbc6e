#!/usr/bin/env bash
# Builds the wasm package, starts a local Kratos v1.3.1 + the demo SPA (www/) and prints the URL.
# Ports: KB_APP_PORT (5173), KB_PUBLIC_PORT (4433), KB_ADMIN_PORT (4434), KB_MAIL_PORT (4999).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ENV_OUT="$(./scripts/setup.sh all)"
eval "$ENV_OUT"
export KRATOS_BIN
./scripts/build.sh
exec node scripts/demo.mjs
