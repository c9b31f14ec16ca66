#!/usr/bin/env bash
# Fails when the committed generated files differ from what grammar.js produces: regenerates src/
# in place, then `git diff --exit-code -- src`. With --wasm, also rebuilds tree-sitter-vpl.wasm
# (emscripten's output is deterministic) and checks it too.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
paths=(src)
if [ "${1:-}" = "--wasm" ]; then
  bash scripts/regenerate.sh --wasm
  paths+=(tree-sitter-vpl.wasm)
else
  bash scripts/regenerate.sh
fi
status=0
if ! git diff --exit-code --stat -- "${paths[@]}"; then
  status=1
fi
untracked="$(git ls-files --others --exclude-standard -- "${paths[@]}")"
if [ -n "$untracked" ]; then
  echo "untracked generated files:" >&2
  echo "$untracked" >&2
  status=1
fi
if [ "$status" != 0 ]; then
  echo "check-drift: generated files are out of date; run scripts/regenerate.sh --wasm and commit the result" >&2
else
  echo "check-drift: generated files are up to date"
fi
exit "$status"
