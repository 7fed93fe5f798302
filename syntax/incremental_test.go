package syntax

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/choreo-lang/choreo/internal/gen"
	grammar "github.com/choreo-lang/choreo/syntax/src"
)

// TestReparseMatchesFreshParse applies random edits (insertions, deletions
// and replacements, including ones that break and repair the layout) and
// checks that re-parsing with the edited old tree gives the same tree as
// parsing the new text from scratch: the same nodes with the same byte
// ranges, fields and flags.
func TestReparseMatchesFreshParse(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	snippets := []string{"", "X", "\n", "  ", "->", ":", "(", ")", "{", "}", "[", "]", "\n    ", "-- c\n", "A -> B : M\n  ", "loop forever\n    ", "B -> C : N(x)\n  "}
	p := NewParser()
	defer p.Close()
	for name, base := range map[string][]byte{"layout": gen.LayoutProtocol(400), "brace": gen.BraceProtocol(300)} {
		src := base
		tree, err := p.Parse(context.Background(), src, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 300 {
			start := r.IntN(len(src) + 1)
			end := min(len(src), start+r.IntN(8))
			text := snippets[r.IntN(len(snippets))]
			next, edit, err := NewEdit(src, start, end, []byte(text))
			if err != nil {
				t.Fatal(err)
			}
			re := checkReparse(t, p, tree, edit, next)
			if t.Failed() {
				t.Fatalf("%s edit %d: %q at %d..%d", name, i, text, start, end)
			}
			tree.Close()
			tree, src = re, next
		}
		tree.Close()
	}
}

// FuzzReparse edits a document at an arbitrary place and checks that the
// re-parse equals a fresh parse.
func FuzzReparse(f *testing.F) {
	f.Add(gen.LayoutProtocol(80), uint(900), uint(3), []byte("X"))
	f.Add(gen.LayoutProtocol(80), uint(1200), uint(0), []byte("\n  A -> B : M\n"))
	f.Add(gen.BraceProtocol(60), uint(700), uint(5), []byte("}"))
	f.Add([]byte("protocol P =\n  roles A, B\n  A -> B : M\n  B -> A : N\n"), uint(20), uint(1), []byte("\t"))
	f.Fuzz(func(t *testing.T, src []byte, at, del uint, text []byte) {
		start := int(at % uint(len(src)+1))
		end := start + int(del%uint(len(src)-start+1))
		p := NewParser()
		defer p.Close()
		tree, err := p.Parse(context.Background(), src, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tree.Close()
		next, edit, err := NewEdit(src, start, end, text)
		if err != nil {
			t.Fatal(err)
		}
		checkReparse(t, p, tree, edit, next).Close()
	})
}

// checkReparse re-parses next reusing old (edited by edit) and reports
// an error when the result differs from a fresh parse of next. It returns
// the re-parsed tree.
//
// Where next has syntax errors, the trees need not be equal: tree-sitter's
// error recovery weighs the alternatives it explores, and a re-parse that
// reuses subtrees explores others (a re-parse of "roles A 0 :,A" makes an
// ERROR of "0" where a fresh parse makes one of "A 0"). Both must then
// still have an error.
func checkReparse(t *testing.T, p *Parser, old *Tree, edit Edit, next []byte) *Tree {
	t.Helper()
	ctx := context.Background()
	re, err := p.Reparse(ctx, old, edit, next)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := p.Parse(ctx, next, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if fresh.Root().HasError() {
		if !re.Root().HasError() {
			t.Errorf("a fresh parse has a syntax error, the re-parse has none: %s", re.Root().ToSexp())
		}
		return re
	}
	if got, want := re.Root().ToSexp(), fresh.Root().ToSexp(); got != want {
		t.Errorf("incremental tree differs\n got: %s\nwant: %s", got, want)
	} else if got, want := grammar.Flatten(re.Root(), nil), grammar.Flatten(fresh.Root(), nil); !slices.Equal(got, want) {
		t.Errorf("incremental tree has the same shape but different nodes (ranges, fields or flags)")
	}
	return re
}

func TestNewEdit(t *testing.T) {
	src := []byte("ab\ncd\nef")
	out, e, err := NewEdit(src, 4, 7, []byte("X\nYZ"))
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != "ab\ncX\nYZf" {
		t.Errorf("text %q", out)
	}
	if e.Start.Line != 1 || e.Start.Col != 1 || e.OldEnd.Line != 2 || e.OldEnd.Col != 1 || e.NewEnd.Line != 2 || e.NewEnd.Col != 2 || e.NewEnd.Offset != 8 {
		t.Errorf("edit %+v", e)
	}
	if _, _, err := NewEdit(src, 5, 99, nil); err == nil {
		t.Error("an edit past the end was accepted")
	}
}

func TestParseCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p := NewParser()
	defer p.Close()
	if tree, err := p.Parse(ctx, gen.LayoutProtocol(5000), nil); !errors.Is(err, ErrCanceled) {
		if tree != nil {
			tree.Close()
		}
		t.Fatalf("Parse with a canceled context: err %v, want ErrCanceled", err)
	}
	// The parser stays usable.
	tree, err := p.Parse(context.Background(), []byte("protocol P =\n  roles A, B\n  A -> B : M\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	tree.Close()
}

func TestChangedRanges(t *testing.T) {
	src := []byte("protocol P =\n  roles A, B\n  A -> B : M\n  B -> A : N\n")
	p := NewParser()
	defer p.Close()
	old, err := p.Parse(context.Background(), src, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	// Turn the first send into a broadcast: the structure of line 3 changes.
	at := bytes.Index(src, []byte("-> B"))
	next, edit, err := NewEdit(src, at, at+4, []byte("->*"))
	if err != nil {
		t.Fatal(err)
	}
	tree, err := p.Reparse(context.Background(), old, edit, next)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	ranges := old.ChangedRanges(tree)
	if len(ranges) == 0 {
		t.Fatal("no changed range reported")
	}
	for _, r := range ranges {
		if r.Start.Line != 2 {
			t.Errorf("changed range %v outside the edited line 3", r)
		}
	}
}
