#!/usr/bin/env bash
# Tests of the editor packages: the VS Code extension (type check, TextMate
# grammar cases, Node tests against the real `choreo lsp`, .vsix packaging)
# and the Neovim plugin (headless Neovim against the real server).
# Installs what it needs: npm packages from package-lock.json (npm ci, skipped
# when node_modules already matches the lock), and
# Debian's neovim when nvim is missing and we are root. Builds choreo itself.
#
# Usage: editors/test.sh   (from anywhere; called by .ci/run via scripts/test.sh)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== editors: building choreo and its helpers"
(cd "$repo" && go build -o "$work/" ./cmd/...) # choreo and the helpers it finds next to itself
export CHOREO_BIN="$work/choreo"

status=0

# Runs in a subshell whose status is tested, where `set -e` does not apply:
# every step checks its own status.
vscode_tests() {
  cd "$here/vscode" || return
  # npm ci again only when package-lock.json changed since the last one.
  local lock
  lock="$(sha256sum package-lock.json | cut -d' ' -f1)" || return
  if [ "$(cat node_modules/.choreo-lock 2>/dev/null)" != "$lock" ]; then
    npm ci --prefer-offline --no-audit --no-fund --loglevel=error || return
    echo "$lock" >node_modules/.choreo-lock || return
  fi
  npm test
}

echo "== editors/vscode: npm ci && npm test"
(vscode_tests) || status=1

echo "== editors/nvim: headless Neovim"
if ! command -v nvim >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq neovim >/dev/null
  else
    echo "nvim is missing and we are not root: install Debian's neovim" >&2
    exit 1
  fi
fi
"$here/nvim/test/run.sh" || status=1

exit "$status"
