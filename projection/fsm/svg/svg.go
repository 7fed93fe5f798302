package svg

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"

	"github.com/choreo-lang/choreo/internal/helperbin"
	"github.com/choreo-lang/choreo/projection/fsm"
)

// MaxStates bounds the states of one picture. Graphviz's layout time grows
// faster than the graph (about 3 s for 1,000 states, 10 s for 2,400 here),
// so a larger picture is refused; the dot and Mermaid texts have no such
// bound.
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

// Helper is the program that lays out graphs: dot text on standard input,
// SVG on standard output (cmd/choreo-graphviz).
const Helper = "choreo-graphviz"

// renderDot lays out a Graphviz digraph with Helper and writes it as SVG.
// Cancelling ctx stops the layout (the helper is killed).
func renderDot(ctx context.Context, w io.Writer, dot []byte) error {
	path, err := helperbin.Find(Helper)
	if err != nil {
		return fmt.Errorf("SVG pictures need %s: %w; dot and Mermaid text need nothing", Helper, err)
	}
	var out, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, path)
	cmd.Stdin = bytes.NewReader(dot)
	cmd.Stdout = &out
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%s: %w: %s", Helper, err, bytes.TrimSpace(stderr.Bytes()))
	}
	_, err = w.Write(out.Bytes())
	return err
}
