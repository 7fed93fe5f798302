// Command choreo is the command-line interface to the choreo toolchain:
// linting, projection, compatibility checks, budgets, manifests, the
// protocol VM, the formatter and the language server.
//
// Most commands are short: a subtyping check or a lint runs in
// milliseconds, so start-up counts, and Go initialises every package a
// binary links before main runs. The parser is C code, and a program that
// links C (cgo) starts with the C runtime first: on a VM here that is
// about a millisecond, as long as the whole of a trivial subtyping check.
// choreo itself therefore links no C, and no flag library (pflag's import
// of package net links the cgo resolver): it answers the command lines
// that need neither, `choreo subtype` on types in session notation (see
// fastpath.go) and `choreo version`, and hands every other command line
// over to choreo-syntax,
// the full command line (package cmd/internal/cli), which replaces it on
// Unix, so that help, completion and every error stay the full command
// line's. What only long-running or rare commands need is in further
// helper programs next to it (see internal/helperbin): choreo-lsp,
// choreo-nats, choreo-nats-server and choreo-graphviz. TestFrontLinks of
// cmd/internal/cli keeps this program free of C, and BenchmarkStartup
// times it against empty Go programs.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
	"github.com/choreo-lang/choreo/cmd/internal/subtyperun"
	"github.com/choreo-lang/choreo/internal/buildinfo"
)

// fullCommandLine is the helper that runs every other command line.
const fullCommandLine = "choreo-syntax"

func main() {
	args := os.Args[1:]
	if isVersion(args) {
		fmt.Print(buildinfo.Read())
		return
	}
	if req, ok := fastSubtype(args); ok {
		// An interrupt ends the process: a check holds nothing to clean up.
		os.Exit(cmdline.Report(os.Stderr, subtyperun.Run(context.Background(), req, nil, os.Stdout)))
	}
	os.Exit(cmdline.Report(os.Stderr, cmdline.HandOver(fullCommandLine, args)))
}
