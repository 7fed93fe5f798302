package svg

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/goccy/go-graphviz"

	"github.com/choreo-lang/choreo/projection/fsm"
)

// Render lays out the machines and writes them as one SVG picture.
func Render(ctx context.Context, w io.Writer, ms []*fsm.Machine) error {
	var dot bytes.Buffer
	if err := fsm.WriteDot(&dot, ms); err != nil {
		return err
	}
	return RenderDot(ctx, w, dot.Bytes())
}

// RenderDot lays out a Graphviz digraph and writes it as SVG.
func RenderDot(ctx context.Context, w io.Writer, dot []byte) error {
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
