#!/usr/bin/env bash
# Headless Neovim test of editors/nvim against the real `choreo lsp`.
#
# Usage: editors/nvim/test/run.sh
#   CHOREO_BIN  the choreo binary, with choreo-lsp next to it (default: build
#               both into a temp dir)
#   NVIM        the nvim binary (default: nvim)
# Prints one line per check and a closing "N passed, M failed" line; exits
# non-zero when a check failed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ -z "${CHOREO_BIN:-}" ]; then
  (cd "$repo" && go build -o "$work/" ./cmd/...) # choreo and the helpers it finds next to itself
  CHOREO_BIN="$work/choreo"
fi
export CHOREO_BIN

# The parser goes to a temp dir so the test never touches the checkout.
if [ -f "$repo/syntax/src/parser.c" ]; then
  "$here/../scripts/build-parser.sh" "$work/choreo.so" >/dev/null
  export CHOREO_PARSER="$work/choreo.so"
fi
export CHOREO_REPO="$repo" CHOREO_TMP="$work"

cd "$work"
"${NVIM:-nvim}" --headless -n -i NONE -u "$here/minimal_init.lua" -c "luafile $here/test.lua"
