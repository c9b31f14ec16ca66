#!/usr/bin/env bash
# Parses every .vpl file under DIR (default: the repository's test/programs) and fails, listing
# them, when a file's tree has an ERROR or MISSING node.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-$here/../../test/programs}"
dir="$(cd "$dir" && pwd)"
list="$(mktemp)"
trap 'rm -f "$list"' EXIT
find "$dir" -name '*.vpl' -type f | sort >"$list"
count="$(wc -l <"$list")"
if [ "$count" = 0 ]; then
  echo "parse-corpus: no .vpl files under $dir" >&2
  exit 1
fi
# `parse --quiet --stat` prints one line per file whose tree has an error, then a summary.
output="$(bash "$here/scripts/ts.sh" parse --quiet --stat --paths "$list" 2>&1 || true)"
bad="$(grep -E '\((ERROR|MISSING)' <<<"$output" || true)"
if [ -n "$bad" ]; then
  echo "parse-corpus: files with syntax errors:" >&2
  sed -E 's/\t+ *[0-9.]+ ms\t+ *[0-9]+ bytes\/ms\t*/  /' <<<"$bad" >&2
  echo "$(grep -c . <<<"$bad") failed, $((count - $(grep -c . <<<"$bad"))) passed"
  exit 1
fi
if ! grep -q "successful parses: $count;" <<<"$output"; then
  echo "$output" >&2
  echo "parse-corpus: the parser did not report $count successful parses" >&2
  exit 1
fi
echo "parse-corpus: $count files under $dir parse without ERROR or MISSING nodes"
echo "0 failed, $count passed"
