package syntax

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/choreo-lang/choreo/diag"
	grammar "github.com/choreo-lang/choreo/syntax/src"
)

// language is created once; a *sitter.Language is immutable and safe for
// concurrent use.
var language = sync.OnceValue(func() *sitter.Language {
	grammar.UseCAllocator()
	return sitter.NewLanguage(grammar.Language())
})

// Language returns the tree-sitter language of the .choreo grammar, for
// compiling queries (see the queries/ folder) and for tree cursors.
func Language() *sitter.Language { return language() }

// Parser parses .choreo source into concrete syntax trees. A Parser is not
// safe for concurrent use; Close releases it.
type Parser struct {
	p *sitter.Parser
}

// NewParser returns a parser for the .choreo grammar.
func NewParser() *Parser {
	p := sitter.NewParser()
	if err := p.SetLanguage(Language()); err != nil {
		// The generated parser's ABI is fixed at build time and tested;
		// an incompatible one is a build defect, not an input error.
		panic(fmt.Sprintf("syntax: incompatible tree-sitter language: %v", err))
	}
	return &Parser{p: p}
}

// Close releases the parser's C memory. The parser must not be used after.
func (p *Parser) Close() { p.p.Close() }

// ErrCanceled is returned by Parse when its context ends before the parse.
var ErrCanceled = errors.New("syntax: parse canceled")

// Parse parses src. When old is not nil it must be the tree of the
// previous version of the document, already edited with Tree.Edit (or use
// Reparse); unchanged parts of it are reused, which makes re-parsing after
// a small edit fast. old stays owned by the caller. The returned tree keeps
// a reference to src, which must not be modified afterwards.
func (p *Parser) Parse(ctx context.Context, src []byte, old *Tree) (*Tree, error) {
	if len(src) > math.MaxUint32 {
		return nil, fmt.Errorf("syntax: %d bytes is more than the parser can address (4 GiB)", len(src))
	}
	var oldTree *sitter.Tree
	if old != nil {
		oldTree = old.t
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCanceled, context.Cause(ctx))
	}
	var cancel *int32
	if ctx.Done() != nil {
		cancel = new(int32)
		stop := context.AfterFunc(ctx, func() { atomic.StoreInt32(cancel, 1) })
		defer stop()
	}
	t := grammar.Parse(p.p, oldTree, src, cancel)
	if t == nil {
		// The only way to get no tree is cancellation.
		p.p.Reset()
		return nil, fmt.Errorf("%w: %w", ErrCanceled, context.Cause(ctx))
	}
	return &Tree{t: t, src: src}, nil
}

// Reparse applies edit to old (in place) and parses src, the document after
// the edit, reusing old. old stays owned by the caller and now describes
// src; close it when it is no longer needed.
func (p *Parser) Reparse(ctx context.Context, old *Tree, edit Edit, src []byte) (*Tree, error) {
	old.Edit(edit)
	return p.Parse(ctx, src, old)
}

// Tree is a concrete syntax tree together with the source it was parsed
// from. Close releases it; nodes obtained from a tree must not be used
// after the tree is closed.
type Tree struct {
	t   *sitter.Tree
	src []byte
}

// Close releases the tree's C memory.
func (t *Tree) Close() { t.t.Close() }

// Root returns the root node (kind "source_file").
func (t *Tree) Root() *sitter.Node { return t.t.RootNode() }

// Source returns the text the tree was parsed from.
func (t *Tree) Source() []byte { return t.src }

// Clone returns an independent copy of the tree (cheap: trees share
// structure). The copy must be closed separately.
func (t *Tree) Clone() *Tree { return &Tree{t: t.t.Clone(), src: t.src} }

// Edit records an edit of the source in the tree so that it can be passed
// as the old tree to Parse together with the edited source.
func (t *Tree) Edit(e Edit) {
	t.t.Edit(&sitter.InputEdit{
		StartByte:      uint(e.Start.Offset),
		OldEndByte:     uint(e.OldEnd.Offset),
		NewEndByte:     uint(e.NewEnd.Offset),
		StartPosition:  point(e.Start),
		OldEndPosition: point(e.OldEnd),
		NewEndPosition: point(e.NewEnd),
	})
}

// ChangedRanges returns the spans whose syntactic structure differs
// between t and other, a tree parsed from an edited copy of t.
func (t *Tree) ChangedRanges(other *Tree) []diag.Span {
	var spans []diag.Span
	for _, r := range t.t.ChangedRanges(other.t) {
		spans = append(spans, diag.Span{
			Start: diag.Pos{Offset: int(r.StartByte), Line: int(r.StartPoint.Row), Col: int(r.StartPoint.Column)},
			End:   diag.Pos{Offset: int(r.EndByte), Line: int(r.EndPoint.Row), Col: int(r.EndPoint.Column)},
		})
	}
	return spans
}

// Edit describes a change of a document: the bytes [Start, OldEnd) of the
// old text were replaced, and the replacement ends at NewEnd in the new
// text. Positions are byte offsets with 0-based lines and byte columns.
type Edit struct {
	Start, OldEnd, NewEnd diag.Pos
}

// NewEdit replaces the bytes [start, end) of src with text. It returns the
// new document and the Edit describing the change. It returns an error
// when the range is not inside src.
func NewEdit(src []byte, start, end int, text []byte) ([]byte, Edit, error) {
	if start < 0 || end < start || end > len(src) {
		return nil, Edit{}, fmt.Errorf("syntax: edit range [%d, %d) outside the document (length %d)", start, end, len(src))
	}
	out := make([]byte, 0, len(src)-(end-start)+len(text))
	out = append(out, src[:start]...)
	out = append(out, text...)
	out = append(out, src[end:]...)
	startPos := PosAt(src, start)
	e := Edit{
		Start:  startPos,
		OldEnd: advancePos(startPos, src[start:end]),
		NewEnd: advancePos(startPos, text),
	}
	return out, e, nil
}

// PosAt returns the position of byte offset off in src (clamped to src).
func PosAt(src []byte, off int) diag.Pos {
	off = max(0, min(off, len(src)))
	return advancePos(diag.Pos{}, src[:off])
}

// advancePos returns the position after text, which starts at p.
func advancePos(p diag.Pos, text []byte) diag.Pos {
	for _, b := range text {
		p.Offset++
		if b == '\n' {
			p.Line++
			p.Col = 0
		} else {
			p.Col++
		}
	}
	return p
}

func point(p diag.Pos) sitter.Point {
	return sitter.Point{Row: uint(p.Line), Column: uint(p.Col)}
}
