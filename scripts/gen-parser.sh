#!/usr/bin/env bash
# gen-parser.sh regenerates the tree-sitter parser of the .choreo grammar:
# syntax/src/{parser.c,grammar.json,node-types.json,tree_sitter/*.h} from
# syntax/grammar.js (with every parse state in the dense table, by
# scripts/densetable), and records the grammar's hash in
# syntax/src/grammar.js.sha256 (checked by TestGeneratedParserUpToDate).
#
# The npm tree-sitter-cli cannot fetch its binary on these machines, so the
# script uses Debian trixie's tree-sitter-cli (0.22.6, ABI 14) together with
# trixie's own C library, unpacked into a private cache folder (never into
# /), as described in ../shared/spec/TOOLING.md. Nothing on the system changes.
#
# Usage: scripts/gen-parser.sh            (from anywhere inside the repo)
# Env:   CHOREO_TS_CACHE  cache folder (default ~/.cache/choreo-tree-sitter)
#        DEBIAN_MIRROR    archive URL   (default http://deb.debian.org/debian)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${CHOREO_TS_CACHE:-$HOME/.cache/choreo-tree-sitter}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
root="$cache/root"
cli="$root/usr/bin/tree-sitter"
libdir="$root/usr/lib/x86_64-linux-gnu"

install_cli() {
	echo "gen-parser: installing Debian trixie tree-sitter-cli into $cache" >&2
	mkdir -p "$cache/apt/lists/partial" "$cache/apt/cache/archives/partial" \
		"$cache/apt/sources.d" "$cache/debs" "$root"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" \
		>"$cache/apt/sources.d/trixie.list"
	local opts=(
		-o "Dir::State::Lists=$cache/apt/lists"
		-o "Dir::Cache=$cache/apt/cache"
		-o "Dir::Etc::SourceList=/dev/null"
		-o "Dir::Etc::SourceParts=$cache/apt/sources.d"
		-o "Debug::NoLocking=1"
		-o "APT::Sandbox::User=root"
	)
	apt-get "${opts[@]}" -qq update
	(cd "$cache/debs" && apt-get "${opts[@]}" -qq download tree-sitter-cli libc6 libgcc-s1)
	for deb in "$cache"/debs/*.deb; do
		dpkg -x "$deb" "$root"
	done
}

if [[ ! -x "$cli" ]]; then
	install_cli
fi

cd "$repo/syntax"
"$libdir/ld-linux-x86-64.so.2" --library-path "$libdir" "$cli" generate --no-bindings --abi 14
# Every parse state in the dense table: table lookups become array reads
# instead of linear searches (see scripts/densetable).
(cd "$repo" && go run ./scripts/densetable syntax/src/parser.c)
sha256sum grammar.js | cut -d' ' -f1 >src/grammar.js.sha256
echo "gen-parser: regenerated syntax/src (grammar sha256 $(cat src/grammar.js.sha256))" >&2
