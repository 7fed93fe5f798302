package syntax

import (
	"bytes"
	"context"
	"math/rand/v2"
	"testing"

	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/internal/gen"
)

// checkWellFormed parses and lowers src and checks the invariants every
// input must satisfy: a tree, diagnostics whose spans lie in the source,
// and at least one error diagnostic exactly when the tree has an error.
func checkWellFormed(t testing.TB, name string, src []byte) []diag.Diagnostic {
	t.Helper()
	p := NewParser()
	defer p.Close()
	tree, err := p.Parse(context.Background(), src, nil)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	defer tree.Close()
	f, diags := Lower(tree)
	if f == nil {
		t.Fatalf("%s: Lower returned no file", name)
	}
	for _, d := range diags {
		if d.Span.Start.Offset < 0 || d.Span.End.Offset > len(src) || d.Span.End.Offset < d.Span.Start.Offset {
			t.Fatalf("%s: diagnostic span %v outside the source (%d bytes): %v", name, d.Span, len(src), d)
		}
		if d.Message == "" || d.Code == "" {
			t.Fatalf("%s: diagnostic without message or code: %+v", name, d)
		}
	}
	if tree.Root().HasError() && !diag.HasErrors(diags) {
		t.Fatalf("%s: the tree has errors but no error diagnostic was reported:\n%s", name, src)
	}
	return diags
}

// TestTruncatedFiles cuts every corpus file at every line boundary: each
// prefix must yield a tree and well-formed diagnostics, and each cut in
// the middle of a construct a diagnostic.
func TestTruncatedFiles(t *testing.T) {
	for name, src := range sources(t) {
		for i := range src {
			if src[i] != '\n' {
				continue
			}
			checkWellFormed(t, name, src[:i])
			checkWellFormed(t, name, src[:i+1])
		}
	}
}

func TestBinaryJunk(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		junk := make([]byte, r.IntN(2000))
		for j := range junk {
			junk[j] = byte(r.UintN(256))
		}
		checkWellFormed(t, "junk", junk)
	}
	checkWellFormed(t, "nul bytes", bytes.Repeat([]byte{0}, 1000))
	checkWellFormed(t, "invalid utf-8", []byte("protocol P =\n  roles A, B\n  A -> B : \xff\xfe\n"))
}

// TestDeepNesting checks that pathological nesting depth neither crashes
// the scanner (its indentation stack is bounded) nor the lowering.
func TestDeepNesting(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("protocol P =\n  roles A, B\n")
	for i := range 400 {
		b.Write(bytes.Repeat([]byte(" "), 2*(i+1)))
		b.WriteString("loop forever\n")
	}
	b.Write(bytes.Repeat([]byte(" "), 802))
	b.WriteString("A -> B : M\n")
	checkWellFormed(t, "deep layout", b.Bytes())
	checkWellFormed(t, "deep brace", []byte("protocol P { "+string(bytes.Repeat([]byte("loop { "), 5000))+"A -> B: M;"))
}

// TestLargeInput parses a 10 MB file: a 20,000-line protocol whose last
// message carries a payload of several megabytes.
func TestLargeInput(t *testing.T) {
	var b bytes.Buffer
	b.Write(gen.LayoutProtocol(20000))
	b.WriteString("  A -> B : Huge(")
	for b.Len() < 10<<20 {
		b.WriteString("field: Vec<(u8, [u64; 4])>, ")
	}
	b.WriteString("last: u8)\n")
	f, diags := ParseFile(b.Bytes())
	if len(diags) != 0 {
		t.Fatalf("%d diagnostics, first %v", len(diags), diags[0])
	}
	stmts := f.Protocols[0].Body.Stmts
	last, ok := stmts[len(stmts)-1].(*Send)
	if !ok || last.Message.Name.Name != "Huge" || len(last.Message.Payload) < 9<<20 {
		t.Fatalf("the huge message was not lowered: %T", stmts[len(stmts)-1])
	}
}

// FuzzParse checks the invariants of checkWellFormed on arbitrary input.
func FuzzParse(f *testing.F) {
	for _, src := range seedExamples {
		f.Add([]byte(src))
	}
	f.Add(gen.LayoutProtocol(40))
	f.Add(gen.BraceProtocol(30))
	f.Add([]byte("protocol P =\n  choice at A\n    | x -> {}\n\t| y =>\n  heartbeat A -> B every 5s on_missing(3)\n      A -> B : M\n    body\n      {}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		checkWellFormed(t, "fuzz", src)
	})
}
