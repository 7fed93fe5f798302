package analysis

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/projection"
	"github.com/choreo-lang/choreo/syntax"
)

func analyzeText(t *testing.T, src string) *Result {
	t.Helper()
	return Analyze(context.Background(), Input{Filename: "test.choreo", Src: []byte(src), Config: config.Default()})
}

func codes(ds []diag.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, string(d.Code))
	}
	return out
}

// TestSeedExample checks the seed's Example end to end.
func TestSeedExample(t *testing.T) {
	res := analyzeText(t, "module example exposing (Example)\nprotocol Example =\n  roles A, B\n  A -> B : Msg(data: Vec<u8>)\n  B -> A : Ack(code: u32)\n")
	if len(res.Diagnostics) > 0 {
		t.Fatalf("diagnostics: %v", res.Diagnostics)
	}
	if got := projection.Session(res.Projections["A"]); got != "!B.Msg(data: Vec<u8>); ?B.Ack(code: u32); end" {
		t.Errorf("A = %s", got)
	}
	if got := projection.Rust(res.Projections["A"]); got != "Send<B, Msg, Receive<B, Ack, End>>" {
		t.Errorf("A (Rust) = %s", got)
	}
}

// TestFormsLowerIdentically checks that the layout and brace forms of one
// protocol produce the same global model.
func TestFormsLowerIdentically(t *testing.T) {
	layout := `module sync exposing (P)

protocol P =
  roles A, B, W[2]

  A { guard_capability = "sync:go", flow_cost = 5 } -> B : Go(data: Vec<u8>)
  choice at B
    | yes ->
        B -> A : Yes
        A -> W[*] : Tell
    | no ->
        B -> A : No
  rec L
    choice at A
      | more ->
          A -> B : More
          continue L
      | stop ->
          A -> B : Stop
  loop decide by A
    A -> B : Tick
`
	brace := `#[namespace = "sync"]
protocol P {
    roles: A, B, W[2];
    A[guard_capability = "sync:go", flow_cost = 5] -> B: Go(data: Vec<u8>);
    choice B {
        yes: {
            B -> A: Yes;
            A -> W[*]: Tell;
        }
        no: {
            B -> A: No;
        }
    }
    rec L {
        choice A {
            more: { A -> B: More; continue L; }
            stop: { A -> B: Stop; }
        }
    }
    loop (decides: A) {
        A -> B: Tick;
    }
}
`
	l, b := analyzeText(t, layout), analyzeText(t, brace)
	if diag.HasErrors(l.Diagnostics) || diag.HasErrors(b.Diagnostics) {
		t.Fatalf("diagnostics: layout %v, brace %v", l.Diagnostics, b.Diagnostics)
	}
	// Generated loop labels follow the structure, not the lines, so the
	// models are identical, labels included.
	if lm, bm := l.Protocol.String(), b.Protocol.String(); lm != bm {
		t.Errorf("models differ:\nlayout:\n%s\nbrace:\n%s", lm, bm)
	}
	if l.Effects(1)[1].Cost != 5 || b.Effects(1)[1].Cost != 5 {
		t.Errorf("effects differ: %v vs %v", l.Effects(1), b.Effects(1))
	}
}

// TestQuickFixesRemoveTheirDiagnostic applies every quick fix reported on
// the golden test files and checks that the diagnostic it fixes is gone.
func TestQuickFixesRemoveTheirDiagnostic(t *testing.T) {
	files, _ := filepath.Glob("testdata/lint/*.choreo")
	fixed := 0
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		res := Analyze(context.Background(), Input{Filename: file, Src: src})
		for _, d := range res.Diagnostics {
			for _, f := range d.Fixes {
				after := Analyze(context.Background(), Input{Filename: file, Src: applyEdits(src, f.Edits)})
				if count(after.Diagnostics, d.Code) >= count(res.Diagnostics, d.Code) {
					t.Errorf("%s: fix %q for %s did not remove it:\n%s", file, f.Title, d, applyEdits(src, f.Edits))
				}
				if n := count(after.Diagnostics, CodeSyntax); n > count(res.Diagnostics, CodeSyntax) {
					t.Errorf("%s: fix %q introduced a syntax error", file, f.Title)
				}
				fixed++
			}
		}
	}
	if fixed < 5 {
		t.Errorf("only %d fixes exercised", fixed)
	}
}

func count(ds []diag.Diagnostic, c diag.Code) int {
	n := 0
	for _, d := range ds {
		if d.Code == c {
			n++
		}
	}
	return n
}

func applyEdits(src []byte, edits []diag.Edit) []byte {
	sorted := append([]diag.Edit(nil), edits...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Span.Start.Offset > sorted[j].Span.Start.Offset })
	out := append([]byte(nil), src...)
	for _, e := range sorted {
		out = append(out[:e.Span.Start.Offset], append([]byte(e.NewText), out[e.Span.End.Offset:]...)...)
	}
	return out
}

func TestSymbols(t *testing.T) {
	src := `module s exposing (S)

protocol S =
  roles A, B

  call Hello
  rec L
    choice at A
      | more ->
          A -> B : More
          continue L
      | stop ->
          A -> B : Stop
where
  protocol Hello =
    A -> B : Hi
`
	res := analyzeText(t, src)
	if len(res.Diagnostics) > 0 {
		t.Fatalf("diagnostics: %v", res.Diagnostics)
	}
	tests := []struct {
		kind SymbolKind
		name string
		refs int
	}{
		{SymProtocol, "S", 0},
		{SymRole, "A", 4}, // choice at A, two sends, the send in Hello
		{SymRole, "B", 3},
		{SymRecLabel, "L", 1},
		{SymLocalProtocol, "Hello", 1},
		{SymLabel, "more", 0},
		{SymLabel, "stop", 0},
	}
	for _, tt := range tests {
		syms := res.Symbols.Lookup(tt.kind, tt.name)
		if len(syms) != 1 {
			t.Errorf("%s %s: %d symbols", tt.kind, tt.name, len(syms))
			continue
		}
		s := syms[0]
		if len(s.Refs) != tt.refs {
			t.Errorf("%s %s: refs %v, want %d", tt.kind, tt.name, s.Refs, tt.refs)
		}
		for _, sp := range s.Occurrences() {
			if text := src[sp.Start.Offset:sp.End.Offset]; text != tt.name {
				t.Errorf("%s %s: occurrence %s is %q", tt.kind, tt.name, sp, text)
			}
		}
	}
	// Go to definition from the `continue L` reference.
	at := strings.Index(src, "continue L") + len("continue ")
	sym, sp := res.Symbols.At(at)
	if sym == nil || sym.Kind != SymRecLabel || sp.Start.Offset != at {
		t.Errorf("At(continue L) = %v, %v", sym, sp)
	}
}

// TestWorkspaceLinks resolves an import of one file with an export of
// another.
func TestWorkspaceLinks(t *testing.T) {
	a := analyzeText(t, "module a exposing (A)\nprotocol A =\n  roles X, Y\n  X { link = \"bundle=b|imports=b.ep\" } -> Y : M\n")
	b := analyzeText(t, "module b exposing (B)\nprotocol B =\n  roles X, Y\n  X { link = \"bundle=b|exports=b.ep\" } -> Y : M\n")
	if count(a.Diagnostics, CodeLinkUnresolved) != 1 {
		t.Fatalf("single-file analysis should not resolve b.ep: %v", a.Diagnostics)
	}
	ws := ResolveWorkspaceLinks([]*Result{a, b})
	if count(ws[0], CodeLinkUnresolved) != 0 || count(ws[1], CodeLinkUnresolved) != 0 {
		t.Errorf("workspace still unresolved: %v", ws)
	}
	if ws := ResolveWorkspaceLinks([]*Result{a}); count(ws[0], CodeLinkUnresolved) != 1 {
		t.Errorf("a alone: %v", ws[0])
	}
}

func TestSeverityOverrides(t *testing.T) {
	cfg := config.Default()
	cfg.Severities[CodeUnusedRole] = 0
	cfg.Severities[CodeMissingNamespace] = diag.Error
	res := Analyze(context.Background(), Input{Filename: "x.choreo", Src: []byte("protocol P =\n  roles A, B, C\n  A -> B : M\n"), Config: cfg})
	if got := strings.Join(codes(res.Diagnostics), ","); got != "missing-namespace" || res.Diagnostics[0].Severity != diag.Error {
		t.Errorf("diagnostics = %v", res.Diagnostics)
	}
}

func TestFamilySizeFromConfig(t *testing.T) {
	cfg := config.Default()
	cfg.FamilySizes["Witness"] = 5
	res := Analyze(context.Background(), Input{Filename: "f.choreo", Src: []byte("module f exposing (F)\nprotocol F =\n  roles C, Witness[N]\n  C -> Witness[*] : Go\n"), Config: cfg})
	if got := len(res.Protocol.Participants()); got != 6 {
		t.Errorf("participants = %v", res.Protocol.Participants())
	}
	if s := res.Symbols.Lookup(SymRole, "Witness")[0].Detail; !strings.Contains(s, "5 members (size from choreo.yaml)") {
		t.Errorf("hover detail = %q", s)
	}
}

// TestNegativeFlowCost covers the check the grammar cannot reach from
// text (it has no negative literals).
func TestNegativeFlowCost(t *testing.T) {
	var got []diag.Diagnostic
	c := newAnnotationChecker(func(d diag.Diagnostic) { got = append(got, d) }, diag.Warning)
	m := c.meta(&syntax.AnnotationList{Entries: []*syntax.Annotation{{Key: syntax.Ident{Name: KeyFlowCost}, Value: syntax.Value{Kind: syntax.ValueInt, Int: -3}}}})
	if len(got) != 1 || got[0].Code != CodeAnnotationValue || m.FlowCost != 100 || !m.FlowCostDefault {
		t.Errorf("diagnostics %v, meta %+v", got, m)
	}
}

// TestContextCancelled checks that a cancelled analysis returns promptly
// with a usable result.
func TestContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res := Analyze(ctx, Input{Src: []byte("module m exposing (P)\nprotocol P =\n  roles A, B\n  A -> B : M\n")})
	if res == nil || res.File == nil || res.Symbols == nil {
		t.Fatal("Analyze returned an unusable result")
	}
}

func FuzzAnalyze(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/lint/*.choreo")
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		res := Analyze(context.Background(), Input{Filename: "fuzz.choreo", Src: src})
		for _, d := range res.Diagnostics {
			if d.Code == CodeInternal {
				t.Fatalf("internal error: %s", d.Message)
			}
		}
		if !sort.SliceIsSorted(res.Diagnostics, func(i, j int) bool {
			return res.Diagnostics[i].Span.Start.Offset < res.Diagnostics[j].Span.Start.Offset
		}) {
			t.Error("diagnostics not sorted")
		}
	})
}
