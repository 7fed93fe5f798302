#!/usr/bin/env bash
# Regenerates the PNG screenshots of editors/README.md from real runs:
#   vscode-highlighting.png  the TextMate grammar's tokens (vscode-textmate +
#                            vscode-oniguruma, as in VS Code) for both forms
#   vscode-run-webview.png   the "Run in VM" webview page for a run done by
#                            the real `choreo lsp` (choreo.runInVM)
#   vscode-state-machine.png the "Show State Machine" webview page of a role,
#                            drawn by the real `choreo lsp` (choreo.showStateMachine)
#   nvim-hover.png           Neovim in tmux: tree-sitter highlighting and a hover
#   nvim-run.png             Neovim in tmux: the :ChoreoRun scratch buffer
# Needs chromium, tmux, nvim, go, cc and `npm ci` done in editors/vscode.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
editors="$(cd "$here/.." && pwd)"
repo="$(cd "$editors/.." && pwd)"
work="$(mktemp -d)"
sock="choreo-shots-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT

(cd "$repo" && go build -o "$work/" ./cmd/...) # choreo and its helpers (choreo-lsp)
"$editors/nvim/scripts/build-parser.sh" "$work/choreo.so" >/dev/null

shoot() { # page.html out.png WIDTH,HEIGHT
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --screenshot="$2" --window-size="$3" "file://$1" 2>/dev/null
}

# VS Code: highlighting of both surface forms.
node "$editors/vscode/scripts/highlight.mjs" --html \
  "$repo/examples/auction.choreo" "$repo/examples/invitation.choreo" >"$work/highlight.html"
shoot "$work/highlight.html" "$here/vscode-highlighting.png" 1560,360

# VS Code: the run webview.
(cd "$editors/vscode" && node esbuild.mjs --scripts)
node "$editors/vscode/out/run-page.js" "$work/choreo" "$repo/examples/auction.choreo" >"$work/run.html"
shoot "$work/run.html" "$here/vscode-run-webview.png" 1000,1040

# VS Code: the state machine webview of the auction's seller.
node "$editors/vscode/out/run-page.js" "$work/choreo" "$repo/examples/auction.choreo" --state-machine Seller >"$work/machine.html"
shoot "$work/machine.html" "$here/vscode-state-machine.png" 1000,340

# Neovim in tmux: highlighting + hover, then :ChoreoRun.
cols=124 rows=36
capture() { # title out.png
  tmux -L "$sock" capture-pane -e -p -t shots >"$work/pane.txt"
  node "$here/ansi2html.mjs" "$1" <"$work/pane.txt" >"$work/pane.html"
  shoot "$work/pane.html" "$2" 1060,720
}
keys() { tmux -L "$sock" send-keys -t shots "$@"; }
tmux -L "$sock" new-session -d -s shots -x "$cols" -y "$rows" \
  -e CHOREO_BIN="$work/choreo" -e CHOREO_PARSER="$work/choreo.so" -e TERM=tmux-256color \
  "nvim -u '$here/nvim-init.lua' '$repo/examples/auction.choreo'"
tmux -L "$sock" set -g default-terminal tmux-256color
tmux -L "$sock" set -ga terminal-overrides ",*:RGB"
sleep 3
keys ":5" Enter "fS"   # the role Seller on the roles line
sleep 1
keys K
sleep 2
capture "nvim examples/auction.choreo — tree-sitter highlighting, hover on a role" "$here/nvim-hover.png"
keys Escape ":ChoreoRun" Enter
sleep 3
capture "nvim examples/auction.choreo — :ChoreoRun" "$here/nvim-run.png"
echo "screenshots written to $here"
