#!/usr/bin/env bash
# Checks that every query in queries/ compiles against the grammar: `tree-sitter query` over the
# highlight test files and the corpus programs (test/programs) when present. A query with an
# unknown node type, field or capture syntax makes the CLI fail.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
samples=(test/highlight/*.vpl)
repo_programs="$here/../../test/programs"
if [ -d "$repo_programs" ]; then
  while IFS= read -r -d '' file; do samples+=("$file"); done \
    < <(find "$repo_programs" -name '*.vpl' -print0 | sort -z | head -z -n 5)
fi
failed=0
passed=0
for query in queries/*.scm; do
  if output="$(bash scripts/ts.sh query "$query" "${samples[@]}" 2>&1)"; then
    captures="$(grep -c 'capture:' <<<"$output" || true)"
    echo "ok   $query ($captures captures over ${#samples[@]} files)"
    passed=$((passed + 1))
  else
    echo "FAIL $query"
    grep -v '^ *[0-9]*: \|Stack backtrace\|^Warning\|^Please\|^configuration\|^language' <<<"$output" | sed 's/^/     /' | head -20
    failed=$((failed + 1))
  fi
done
# The CLI's highlighter and tagger also check capture names (e.g. tags accept only the plain
# @local.* captures in locals.scm). They find the grammar through a parser directory.
config="$(mktemp)"
trap 'rm -f "$config"' EXIT
printf '{"parser-directories":["%s"]}\n' "$(dirname "$here")" >"$config"
for command in highlight tags; do
  if output="$(bash scripts/ts.sh "$command" --config-path "$config" "${samples[@]}" 2>&1)" &&
    [ -n "$output" ]; then
    echo "ok   tree-sitter $command ($(wc -l <<<"$output") lines over ${#samples[@]} files)"
    passed=$((passed + 1))
  else
    echo "FAIL tree-sitter $command"
    grep -v '^ *[0-9]*: \|Stack backtrace' <<<"$output" | sed 's/^/     /' | head -20
    failed=$((failed + 1))
  fi
done
echo "queries: $passed passed, $failed failed"
[ "$failed" = 0 ]
