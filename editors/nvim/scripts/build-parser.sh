#!/usr/bin/env bash
# Compiles the choreo tree-sitter parser (syntax/src/parser.c and, when the
# grammar has one, scanner.c) into a shared library Neovim can load.
#
# Usage: editors/nvim/scripts/build-parser.sh [OUTPUT]
# OUTPUT defaults to editors/nvim/parser/choreo.so, where Neovim finds it
# once editors/nvim is on 'runtimepath'. CC overrides the compiler (cc).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/../../../syntax/src"
out="${1:-$here/../parser/choreo.so}"

if [ ! -f "$src/parser.c" ]; then
  echo "build-parser: $src/parser.c not found (generate the grammar first)" >&2
  exit 1
fi
sources=("$src/parser.c")
[ -f "$src/scanner.c" ] && sources+=("$src/scanner.c")

mkdir -p "$(dirname "$out")"
tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT
"${CC:-cc}" -shared -fPIC -Os -std=c11 -I "$src" "${sources[@]}" -o "$tmp"
mv -f "$tmp" "$out"
echo "$out"
