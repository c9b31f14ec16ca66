#!/usr/bin/env bash
# Builds tree-sitter-vpl.wasm from src/ with emscripten as a side module that web-tree-sitter loads.
# The tree-sitter 0.22 CLI from Debian has no `build --wasm`, so emcc is called directly.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
if ! command -v emcc >/dev/null 2>&1; then
  WASM=1 bash scripts/install-tools.sh >/dev/null
fi
out="${1:-tree-sitter-vpl.wasm}"
emcc -o "$out" -Os \
  -s WASM=1 -s SIDE_MODULE=2 -s TOTAL_MEMORY=33554432 -s NODEJS_CATCH_EXIT=0 \
  -s 'EXPORTED_FUNCTIONS=["_tree_sitter_vpl"]' \
  -fno-exceptions -fvisibility=hidden \
  -I src src/parser.c src/scanner.c
echo "built $out ($(wc -c <"$out") bytes)" >&2
