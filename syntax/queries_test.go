package syntax

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// compileQuery compiles queries/<name>.scm against the language.
func compileQuery(t *testing.T, name string) *sitter.Query {
	t.Helper()
	text, err := os.ReadFile(filepath.Join("queries", name+".scm"))
	if err != nil {
		t.Fatal(err)
	}
	q, qerr := sitter.NewQuery(Language(), string(text))
	if qerr != nil {
		t.Fatalf("queries/%s.scm: %v", name, qerr)
	}
	return q
}

func TestQueriesCompile(t *testing.T) {
	for _, name := range []string{"highlights", "folds", "locals", "indents"} {
		t.Run(name, func(t *testing.T) {
			q := compileQuery(t, name)
			defer q.Close()
			if q.PatternCount() == 0 {
				t.Fatalf("queries/%s.scm has no patterns", name)
			}
		})
	}
}

// TestHighlights checks the captures of chosen tokens in both forms.
func TestHighlights(t *testing.T) {
	q := compileQuery(t, "highlights")
	defer q.Close()
	tests := []struct {
		name string
		src  string
		want map[string]string // token text -> capture name
	}{
		{
			name: "layout",
			src: `module ping exposing (P)
-- note
protocol Pinger =
  roles Alice, Bob
  @parallel
  Alice { flow_cost = 10 } -> Bob : Hello(n: u32)
  choice at Bob
    | stop -> Bob -> Alice : Bye
`,
			want: map[string]string{
				"module": "keyword.import", "ping": "module", "-- note": "comment",
				"protocol": "keyword.type", "Pinger": "type.definition", "Alice": "variable.parameter",
				"flow_cost": "property", "10": "number", "->": "operator", "Hello": "constructor",
				"(n: u32)": "type", "choice": "keyword.conditional", "stop": "label", "parallel": "attribute",
			},
		},
		{
			name: "brace",
			src: `#[namespace = "sync"]
protocol AntiEntropy {
    roles: A, B;
    loop (count: 3) { A -> B: Delta; }
}`,
			want: map[string]string{
				"namespace": "property", `"sync"`: "string", "AntiEntropy": "type.definition",
				"loop": "keyword.repeat", "count": "property", "Delta": "constructor", ";": "punctuation.delimiter",
			},
		},
		{
			name: "upstream constructs",
			src: `module g exposing (P)
proof_bundle Evidence version "1.0.0" requires [envelope_admission]
@optimize(inline)
protocol P requires Evidence =
  roles A, B
  A[@critical, @"key with spaces" = 1] -> B[@pool = "primary"] : Request<String>(data)
  choice at A {
    | ok => { A -> B : Done }
  }
`,
			want: map[string]string{
				"proof_bundle": "keyword.type", "version": "keyword.type", "envelope_admission": "variable.member",
				"optimize": "attribute", "inline": "string.special", "critical": "property",
				`"key with spaces"`: "property", "pool": "property", `"primary"`: "string",
				"String": "type", "(data)": "type", "ok": "label", "Done": "constructor",
			},
		},
	}
	p := NewParser()
	defer p.Close()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.src)
			tree, err := p.Parse(context.Background(), src, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer tree.Close()
			qc := sitter.NewQueryCursor()
			defer qc.Close()
			got := map[string]string{} // first capture of each token text
			captures := qc.Captures(q, tree.Root(), src)
			for m, i := captures.Next(); m != nil; m, i = captures.Next() {
				c := m.Captures[i]
				text := string(src[c.Node.StartByte():c.Node.EndByte()])
				if _, seen := got[text]; !seen {
					got[text] = q.CaptureNames()[c.Index]
				}
			}
			for text, want := range tt.want {
				if got[text] != want {
					t.Errorf("%q captured as %q, want %q", text, got[text], want)
				}
			}
		})
	}
}
