package syntax

import (
	"context"
	"slices"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/choreo-lang/choreo/internal/gen"
	grammar "github.com/choreo-lang/choreo/syntax/src"
)

// TestFlattenMatchesTree checks the flat copy of trees, clean and broken,
// against a walk of the tree-sitter tree with a cursor.
func TestFlattenMatchesTree(t *testing.T) {
	layout := gen.LayoutProtocol(60)
	for name, src := range map[string][]byte{
		"layout":    layout,
		"brace":     gen.BraceProtocol(60),
		"truncated": layout[:len(layout)/2],
		"broken":    []byte("protocol P =\n  roles A, B\n  A -> B Msg(\n  choice at\n  B -> : X\n"),
		"empty":     nil,
	} {
		p := NewParser()
		tree, err := p.Parse(context.Background(), src, nil)
		p.Close()
		if err != nil {
			t.Fatal(err)
		}
		nodes := grammar.Flatten(tree.Root(), nil)
		// A recycled buffer, too small or larger than needed and holding
		// stale nodes, gives the same result.
		for _, buf := range [][]grammar.Node{make([]grammar.Node, 3), make([]grammar.Node, len(nodes)+50)} {
			for i := range buf {
				buf[i] = grammar.Node{Start: 7, End: 9, Next: 1, Kind: 1, Flags: grammar.HasChildren}
			}
			if again := grammar.Flatten(tree.Root(), buf); !slices.Equal(again, nodes) {
				t.Errorf("%s: flattening into a buffer of %d nodes differs", name, len(buf))
			}
		}
		var want []grammar.Node
		last := []int{-1} // by depth: the previous node, whose Next is the next node at that depth
		c := tree.Root().Walk()
	walk:
		for depth := 0; ; {
			n := c.Node()
			if last[depth] >= 0 {
				want[last[depth]].Next = uint32(len(want))
			}
			last[depth] = len(want)
			want = append(want, grammar.Node{
				Start: uint32(n.StartByte()), End: uint32(n.EndByte()),
				Kind: n.KindId(), Field: c.FieldId(), Flags: flags(n),
			})
			if c.GotoFirstChild() {
				want[len(want)-1].Flags |= grammar.HasChildren
				depth++
				last = append(last[:depth], -1)
				continue
			}
			for !c.GotoNextSibling() {
				if !c.GotoParent() {
					break walk
				}
				depth--
			}
		}
		c.Close()
		tree.Close()
		if len(nodes) != len(want) {
			t.Fatalf("%s: %d flat nodes, the tree has %d", name, len(nodes), len(want))
		}
		for i := range want {
			if nodes[i] != want[i] {
				t.Fatalf("%s: node %d is %+v, want %+v", name, i, nodes[i], want[i])
			}
		}
	}
}

func flags(n *sitter.Node) grammar.Flags {
	var f grammar.Flags
	for _, b := range []struct {
		set  bool
		flag grammar.Flags
	}{
		{n.IsNamed(), grammar.Named}, {n.IsMissing(), grammar.Missing}, {n.IsExtra(), grammar.Extra},
		{n.IsError(), grammar.Error}, {n.HasError(), grammar.HasError},
	} {
		if b.set {
			f |= b.flag
		}
	}
	return f
}
