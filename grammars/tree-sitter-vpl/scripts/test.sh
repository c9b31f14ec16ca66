#!/usr/bin/env bash
# Everything that checks the grammar: corpus and highlight tests (`tree-sitter test`), query
# compilation, the repository's VPL programs, and the Node loading test (when web-tree-sitter is
# installed).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash scripts/ts.sh test
bash scripts/test-queries.sh
if [ -d ../../test/programs ]; then
  bash scripts/parse-corpus.sh ../../test/programs
fi
node --test test/node/*.test.mjs
