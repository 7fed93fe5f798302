package fsm_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/internal/testkit"
	"github.com/choreo-lang/choreo/projection/fsm"
)

// Machines returns the global graph and every participant's machine of
// the protocol in src, as `choreo project --format` draws them.
func machines(t *testing.T, name string, src []byte) []*fsm.Machine {
	t.Helper()
	res := analysis.Analyze(context.Background(), analysis.Input{Filename: name, Src: src})
	if res.Protocol == nil {
		t.Fatalf("%s: no protocol: %v", name, res.Diagnostics)
	}
	return fsm.Machines(res.Protocol, res.Projections, res.Protocol.Participants(), true)
}

// TestExamplesGolden records the dot and Mermaid pictures of every
// example.
func TestExamplesGolden(t *testing.T) {
	for _, path := range testkit.ChoreoFiles(t, testkit.ExamplesDir(t)) {
		name := strings.TrimSuffix(filepath.Base(path), ".choreo")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			ms := machines(t, filepath.Base(path), src)
			var dot, mermaid bytes.Buffer
			if err := fsm.WriteDot(&dot, ms); err != nil {
				t.Fatal(err)
			}
			if err := fsm.WriteMermaid(&mermaid, ms); err != nil {
				t.Fatal(err)
			}
			testkit.Golden(t, filepath.Join("testdata", name+".dot"), dot.Bytes())
			testkit.Golden(t, filepath.Join("testdata", name+".mmd"), mermaid.Bytes())
		})
	}
}

// TestGlobal checks the graph of each global construct.
func TestGlobal(t *testing.T) {
	head := "module m exposing (P)\nprotocol P =\n  roles A, B\n"
	tests := []struct {
		name, body, want string
	}{
		{"sends", "  A -> B : Ping(n: u8)\n  B -> A : Pong\n", "2 final, 0 -A → B : Ping(n: u8)-> 1, 1 -B → A : Pong-> 2"},
		{"rec and continue", "  rec L\n    A -> B : Ping\n    B -> A : Pong\n    continue L\n", "0 -A → B : Ping-> 1, 1 -B → A : Pong-> 0"},
		{"loop while", "  loop while \"more\"\n    A -> B : Chunk\n  A -> B : Done\n",
			"3 final, 0 -while more-> 1, 0 -done-> 2, 1 -A → B : Chunk-> 0, 2 -A → B : Done-> 3"},
		{"par in order", "  par\n    | A -> B : X\n    | B -> A : Y\n", "2 final, 0 -A → B : X-> 1, 1 -B → A : Y-> 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := machines(t, "p.choreo", []byte(head+tt.body))[0]
			if got := describe(m); got != tt.want {
				t.Errorf("%s\nwant %s", got, tt.want)
			}
		})
	}
}

// describe writes a machine as "0 -!B.M-> 1, ..." with final states
// marked, for comparisons.
func describe(m *fsm.Machine) string {
	var parts []string
	for _, s := range m.States {
		if s.Final {
			parts = append(parts, fmt.Sprintf("%d final", s.ID))
		}
	}
	for _, tr := range m.Transitions {
		parts = append(parts, fmt.Sprintf("%d -%s-> %d", tr.From, tr.Label, tr.To))
	}
	return strings.Join(parts, ", ")
}
