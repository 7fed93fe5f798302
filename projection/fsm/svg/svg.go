package svg

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/goccy/go-graphviz"

	"github.com/choreo-lang/choreo/projection/fsm"
)

// MaxStates bounds the states of one picture. Graphviz's layout time grows
// faster than the graph (about 3 s for 1,000 states, 10 s for 2,400 here)
// and cannot be interrupted, so a larger picture is refused; the dot and
// Mermaid texts have no such bound.
const MaxStates = 1000

// Render lays out the machines and writes them as one SVG picture. It
// refuses machines of more than MaxStates states in all.
func Render(ctx context.Context, w io.Writer, ms []*fsm.Machine) error {
	n := 0
	for _, m := range ms {
		n += len(m.States)
	}
	if n > MaxStates {
		return fmt.Errorf("%d states to lay out, more than the %d a picture may have: draw fewer roles, or write dot or Mermaid text", n, MaxStates)
	}
	var dot bytes.Buffer
	if err := fsm.WriteDot(&dot, ms); err != nil {
		return err
	}
	return renderDot(ctx, w, dot.Bytes())
}

// renderDot lays out a Graphviz digraph and writes it as SVG.
func renderDot(ctx context.Context, w io.Writer, dot []byte) error {
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
	if err := g.Render(ctx, graph, graphviz.SVG, w); err != nil {
		return fmt.Errorf("lay out the graph: %w", err)
	}
	return nil
}
