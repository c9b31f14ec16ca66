#!/usr/bin/env bash
# Installs the real editors the end-to-end tests drive, idempotently: Debian's neovim (the LSP test in
# test/e2e/neovim.test.ts) and code-server with Chromium (the VS Code test in test/e2e/vscode, via its setup.sh).
# Needs root or sudo for apt-get; without either it says so and the editor tests skip with a message.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[e2e tools] %s\n' "$*" >&2; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo"
  else
    log "not root and no passwordless sudo: skipping; the neovim and VS Code tests will be skipped"
    exit 0
  fi
fi

if ! command -v nvim >/dev/null 2>&1; then
  log "apt-get install neovim"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends neovim >/dev/null
fi
log "neovim: $(nvim --version | head -n 1)"

bash test/e2e/vscode/setup.sh
