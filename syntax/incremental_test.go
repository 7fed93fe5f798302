package syntax

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/choreo-lang/choreo/internal/gen"
)

// TestReparseMatchesFreshParse applies random edits (insertions, deletions
// and replacements, including ones that break and repair the layout) and
// checks that re-parsing with the edited old tree gives the same tree as
// parsing the new text from scratch.
func TestReparseMatchesFreshParse(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	snippets := []string{"", "X", "\n", "  ", "->", ":", "(", ")", "{", "}", "[", "]", "\n    ", "-- c\n", "A -> B : M\n  ", "loop forever\n    "}
	p := NewParser()
	defer p.Close()
	ctx := context.Background()
	for name, base := range map[string][]byte{"layout": gen.LayoutProtocol(60), "brace": gen.BraceProtocol(50)} {
		src := base
		tree, err := p.Parse(ctx, src, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 150 {
			start := r.IntN(len(src) + 1)
			end := min(len(src), start+r.IntN(8))
			text := snippets[r.IntN(len(snippets))]
			next, edit, err := NewEdit(src, start, end, []byte(text))
			if err != nil {
				t.Fatal(err)
			}
			re, err := p.Reparse(ctx, tree, edit, next)
			if err != nil {
				t.Fatal(err)
			}
			fresh, err := p.Parse(ctx, next, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := re.Root().ToSexp(), fresh.Root().ToSexp(); got != want {
				t.Fatalf("%s edit %d (%q at %d..%d): incremental tree differs\n got: %s\nwant: %s", name, i, text, start, end, got, want)
			}
			fresh.Close()
			tree.Close()
			tree, src = re, next
		}
		tree.Close()
	}
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
