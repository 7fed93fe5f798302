package lsp

import (
	"context"
	"errors"
	"sync"

	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/syntax"
)

// errRetired is returned when a superseded snapshot is asked to parse.
var errRetired = errors.New("snapshot superseded")

// trees manages the concrete syntax tree of an open document's snapshot
// for incremental re-parsing, without ever blocking the connection's read
// loop on a parse:
//
//   - When version N+1 is created (on the read loop), it receives a base:
//     a copy of N's tree (or, if N has not parsed yet, of N's own base),
//     edited with the changes. Copies are cheap (tree-sitter trees share
//     structure) and tree-sitter accepts several edits before a re-parse.
//   - N+1's analysis goroutine parses its text reusing the base, then
//     lowers the tree to the typed syntax tree.
//   - A tree is closed exactly once, by whichever comes last: the end of
//     the snapshot's analysis or its retirement (a newer version, close,
//     or eviction from memory — see fileStore.trim).
type trees struct {
	mu      sync.Mutex
	base    *syntax.Tree // edited copy of the previous version's tree; consumed by parse
	tree    *syntax.Tree // this version's tree, once parsed
	started bool         // the analysis took the tree over
	done    bool         // the analysis finished with the tree
	retired bool         // superseded: no parse, release everything
}

// derive returns a copy of the latest tree of t with edits applied, or nil
// when t has none.
func (t *trees) derive(edits []syntax.Edit) *syntax.Tree {
	t.mu.Lock()
	src := t.tree
	if src == nil {
		src = t.base
	}
	var c *syntax.Tree
	if src != nil {
		c = src.Clone()
	}
	t.mu.Unlock()
	if c != nil {
		for _, e := range edits {
			c.Edit(e)
		}
	}
	return c
}

// parse parses text reusing the base and lowers the result. The tree
// stays available to derive until the snapshot is retired.
func (t *trees) parse(ctx context.Context, text []byte) (*syntax.File, []diag.Diagnostic, error) {
	t.mu.Lock()
	if t.retired {
		t.mu.Unlock()
		return nil, nil, errRetired
	}
	t.started = true
	base := t.base
	t.mu.Unlock()
	defer t.finish()

	p := syntax.NewParser()
	tree, err := p.Parse(ctx, text, base)
	p.Close()
	t.mu.Lock()
	if t.base != nil {
		t.base.Close()
		t.base = nil
	}
	t.tree = tree
	t.mu.Unlock()
	if err != nil {
		return nil, nil, err
	}
	f, ds := syntax.Lower(tree)
	return f, ds, nil
}

// finish marks the analysis done and releases the tree of a retired
// snapshot.
func (t *trees) finish() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.done = true
	if t.retired {
		t.release()
	}
}

// retire marks the snapshot superseded; its trees are released now, or
// when its running analysis finishes.
func (t *trees) retire() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.retired = true
	if !t.started || t.done {
		t.release()
	}
}

func (t *trees) release() {
	for _, tr := range []**syntax.Tree{&t.base, &t.tree} {
		if *tr != nil {
			(*tr).Close()
			*tr = nil
		}
	}
}
