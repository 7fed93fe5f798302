// Command choreo-graphviz lays out a Graphviz graph: it reads dot text on
// standard input and writes the SVG picture on standard output. choreo runs
// it for `choreo project --format svg` and the editors' state-machine view
// (package projection/fsm/svg); it is installed next to choreo by
// `go install ./cmd/...`.
//
// It is a program of its own because go-graphviz (Graphviz compiled to
// WebAssembly, run by the wazero runtime) compiles and starts its runtime
// when its packages are initialised, before main runs: 40–130 ms that every
// choreo command would pay, lint and the language server included, though
// only pictures need it. Running the layout in a process also lets a
// cancelled request stop it at once, which Graphviz itself cannot.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/goccy/go-graphviz"
)

func main() {
	if err := run(context.Background(), os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "choreo-graphviz:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, in io.Reader, out io.Writer) error {
	dot, err := io.ReadAll(in)
	if err != nil {
		return fmt.Errorf("read the graph: %w", err)
	}
	g, err := graphviz.New(ctx)
	if err != nil {
		return fmt.Errorf("start graphviz: %w", err)
	}
	defer g.Close()
	graph, err := graphviz.ParseBytes(dot)
	if err != nil {
		return fmt.Errorf("read the graph: %w", err)
	}
	defer graph.Close()
	if err := g.Render(ctx, graph, graphviz.SVG, out); err != nil {
		return fmt.Errorf("lay out the graph: %w", err)
	}
	return nil
}
