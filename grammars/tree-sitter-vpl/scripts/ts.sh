#!/usr/bin/env bash
# Runs the tree-sitter CLI used by this grammar (0.22.6, Debian trixie's build), installing it into
# .tools/ on first use. TREE_SITTER=/path/to/tree-sitter overrides the choice. It runs in the grammar
# folder (tree-sitter 0.22 finds the language there), so give file paths absolute or relative to it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -n "${TREE_SITTER:-}" ]; then
  cli="$TREE_SITTER"
else
  cli="${TOOLS_DIR:-$here/.tools}/bin/tree-sitter"
  if [ ! -x "$cli" ]; then
    cli="$(bash "$here/scripts/install-tools.sh" | tail -n 1)"
  fi
fi
# Compiled parsers go to a cache inside the grammar folder, not to the user's ~/.cache.
export TREE_SITTER_LIBDIR="${TREE_SITTER_LIBDIR:-$here/.tools/lib}"
mkdir -p "$TREE_SITTER_LIBDIR"
cd "$here"
exec "$cli" "$@"
