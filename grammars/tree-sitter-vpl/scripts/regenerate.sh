#!/usr/bin/env bash
# Regenerates src/ (parser.c, grammar.json, node-types.json, tree_sitter/*.h) from grammar.js.
# With --wasm, also rebuilds tree-sitter-vpl.wasm.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
wasm=0
for arg in "$@"; do
  case "$arg" in
    --wasm) wasm=1 ;;
    *) echo "usage: $0 [--wasm]" >&2; exit 2 ;;
  esac
done
# --no-bindings: this package ships its own Node entry (bindings/node) and no other bindings.
bash "$here/scripts/ts.sh" generate --no-bindings
if [ "$wasm" = 1 ]; then
  bash "$here/scripts/build-wasm.sh"
fi
