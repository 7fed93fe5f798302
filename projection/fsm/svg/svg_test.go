package svg_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goccy/go-graphviz"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/internal/gen"
	"github.com/choreo-lang/choreo/internal/testkit"
	"github.com/choreo-lang/choreo/projection/fsm"
	"github.com/choreo-lang/choreo/projection/fsm/svg"
)

func machines(t testing.TB, name string, src []byte) []*fsm.Machine {
	t.Helper()
	res := analysis.Analyze(context.Background(), analysis.Input{Filename: name, Src: src})
	if res.Protocol == nil {
		t.Fatalf("%s: no protocol: %v", name, res.Diagnostics)
	}
	return fsm.Machines(res.Protocol, res.Projections, res.Protocol.Participants(), true)
}

// TestExamples draws every example: its dot text reads back with
// Graphviz, with a node for every state and an edge for every
// transition, and its SVG is well-formed XML with a text for every
// machine and transition.
func TestExamples(t *testing.T) {
	for _, path := range testkit.ChoreoFiles(t, testkit.ExamplesDir(t)) {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".choreo"), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			ms := machines(t, filepath.Base(path), src)
			checkDot(t, ms)
			var out bytes.Buffer
			if err := svg.Render(context.Background(), &out, ms); err != nil {
				t.Fatal(err)
			}
			texts := checkXML(t, out.Bytes())
			for _, m := range ms {
				if !texts[m.Name] {
					t.Errorf("no title %q in the SVG", m.Name)
				}
				for _, tr := range m.Transitions {
					if !texts[tr.Label] {
						t.Errorf("no label %q in the SVG", tr.Label)
					}
				}
			}
		})
	}
}

// TestCorpusDot writes the machines of every protocol of the real corpus
// as dot, which reads back with Graphviz.
func TestCorpusDot(t *testing.T) {
	root := testkit.CorpusDir(t)
	for _, path := range testkit.ChoreoFiles(t, root) {
		rel, _ := filepath.Rel(root, path)
		t.Run(rel, func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			checkDot(t, machines(t, filepath.Base(path), src))
		})
	}
}

// checkDot writes ms as dot and reads it back with Graphviz: a node for
// every state (and each machine's start point), an edge for every
// transition (and the start arrow).
func checkDot(t *testing.T, ms []*fsm.Machine) {
	t.Helper()
	var dot bytes.Buffer
	if err := fsm.WriteDot(&dot, ms); err != nil {
		t.Fatal(err)
	}
	g, err := graphviz.ParseBytes(dot.Bytes())
	if err != nil {
		t.Fatalf("the dot text does not read back: %v\n%s", err, dot.String())
	}
	defer g.Close()
	nodes, edges := 0, 0
	for _, m := range ms {
		nodes += len(m.States) + 1
		edges += len(m.Transitions) + 1
	}
	gotNodes, err := g.NodeNum()
	if err != nil {
		t.Fatal(err)
	}
	gotEdges, err := g.EdgeNum()
	if err != nil {
		t.Fatal(err)
	}
	if gotNodes != nodes || gotEdges != edges {
		t.Errorf("the dot text reads back with %d nodes and %d edges, want %d and %d", gotNodes, gotEdges, nodes, edges)
	}
}

// checkXML parses doc as XML whose root is <svg> and returns its texts.
func checkXML(t *testing.T, doc []byte) map[string]bool {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	dec.Strict = true
	texts := make(map[string]bool)
	root := ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = x.Name.Local
			}
		case xml.CharData:
			texts[strings.TrimSpace(string(x))] = true
		}
	}
	if root != "svg" {
		t.Fatalf("the root element is %q, want svg", root)
	}
	return texts
}

// TestRenderBound refuses a picture of more than MaxStates states, before
// laying anything out.
func TestRenderBound(t *testing.T) {
	ms := machines(t, "big.choreo", gen.LayoutProtocol(1000))
	err := svg.Render(context.Background(), io.Discard, ms)
	if err == nil || !strings.Contains(err.Error(), "more than the 1000 a picture may have") {
		t.Errorf("Render of %d machines = %v, want the bound", len(ms), err)
	}
}

// BenchmarkRender lays out the machines of 30 sequential choices (the
// global graph and three roles).
func BenchmarkRender(b *testing.B) {
	ms := machines(b, "choices.choreo", gen.SequentialChoices(30))
	for b.Loop() {
		if err := svg.Render(context.Background(), io.Discard, ms); err != nil {
			b.Fatal(err)
		}
	}
}
