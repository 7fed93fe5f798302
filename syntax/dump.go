package syntax

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Dump writes the concrete syntax tree to w, one node per line, indented
// by depth, in the style of `tree-sitter parse`: the field name, the node
// kind and its one-based range line:col-line:col. Anonymous tokens are
// left out; ERROR and MISSING nodes are marked.
func (t *Tree) Dump(w io.Writer) error {
	bw := bufio.NewWriter(w)
	c := t.Root().Walk()
	defer c.Close()
	for {
		n := c.Node()
		if n.IsNamed() || n.IsMissing() || n.IsError() {
			indent := strings.Repeat("  ", int(c.Depth()))
			label := n.Kind()
			switch {
			case n.IsMissing():
				label = "MISSING " + label
			case n.IsError():
				label = "ERROR"
			}
			if name := c.FieldName(); name != "" {
				label = name + ": " + label
			}
			sp, ep := n.StartPosition(), n.EndPosition()
			fmt.Fprintf(bw, "%s%s %d:%d-%d:%d", indent, label, sp.Row+1, sp.Column+1, ep.Row+1, ep.Column+1)
			if n.ChildCount() == 0 && n.IsNamed() {
				fmt.Fprintf(bw, " %q", t.src[n.StartByte():n.EndByte()])
			}
			bw.WriteByte('\n')
		}
		if c.GotoFirstChild() {
			continue
		}
		for !c.GotoNextSibling() {
			if !c.GotoParent() {
				return bw.Flush()
			}
		}
	}
}
