// Command choreo is the command-line interface to the choreo toolchain:
// linting, projection, compatibility checks, budgets, manifests, the
// protocol VM, the formatter and the language server.
//
// Most commands are short: a subtyping check or a lint runs in
// milliseconds, so start-up counts, and Go initialises every package a
// binary links before main runs. What only long-running or rare commands
// need is therefore in helper programs installed next to choreo (see
// internal/helperbin): `choreo lsp` hands over to choreo-lsp, `choreo
// nats-server` to choreo-nats-server (which `choreo run --transport nats`
// also starts for its run), the command lines that reach a NATS server
// (node, monitor --nats, run --transport nats) to choreo-nats, which is
// this command line with the NATS client, and SVG pictures are laid out by
// choreo-graphviz. choreo checks a helper's command line itself, so help
// and completion stay choreo's. The command line is package
// cmd/internal/cli, whose TestShortPathLinks keeps the heavy packages out
// of this program and whose BenchmarkStartup times it against an empty Go
// program.
package main

import (
	"os"

	"github.com/choreo-lang/choreo/cmd/internal/cli"
)

func main() { os.Exit(cli.Main(nil)) }
