package src

// #include "flatten.h"
import "C"

import (
	"unsafe"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// Node is one node of a flattened concrete syntax tree (see Flatten).
type Node struct {
	Start, End uint32 // byte range
	Next       uint32 // index of the next sibling; 0 (the root's index) when none
	Kind       uint16 // node kind id as sitter.Node.KindId reports it (aliases applied)
	Field      uint16 // field id in the parent; 0 when none
	Flags      Flags
	_          uint16
}

// Flags describe a Node.
type Flags uint16

// Node flags.
const (
	Named       Flags = C.CHOREO_NODE_NAMED
	Missing     Flags = C.CHOREO_NODE_MISSING
	Extra       Flags = C.CHOREO_NODE_EXTRA
	Error       Flags = C.CHOREO_NODE_ERROR
	HasError    Flags = C.CHOREO_NODE_HAS_ERROR
	HasChildren Flags = C.CHOREO_NODE_HAS_CHILDREN // its first child is the next node
)

// The layouts of Node and ChoreoNode, and of go-tree-sitter's types and
// the C declarations in flatten.h, must agree: Flatten hands Go memory to
// C and reads a sitter.Node as a TSNode, and flatten.c creates cursors.
var (
	_ [unsafe.Sizeof(Node{}) - C.sizeof_ChoreoNode]struct{}
	_ [C.sizeof_ChoreoNode - unsafe.Sizeof(Node{})]struct{}
	_ [unsafe.Sizeof(sitter.Node{}) - C.sizeof_TSNode]struct{}
	_ [C.sizeof_TSNode - unsafe.Sizeof(sitter.Node{})]struct{}
	_ [unsafe.Sizeof(sitter.TreeCursor{}) - C.sizeof_TSTreeCursor]struct{}
	_ [C.sizeof_TSTreeCursor - unsafe.Sizeof(sitter.TreeCursor{})]struct{}
)

// Flatten returns the visible nodes of the subtree rooted at root in
// preorder: node 0 is root, and the first child of a node with children
// follows it directly. One call into C reads the whole subtree. The nodes
// are written into buf when it has room (its contents are overwritten),
// else into a new slice.
func Flatten(root *sitter.Node, buf []Node) []Node {
	r := unsafe.Pointer(root)
	n := int(C.choreo_descendant_count(r))
	if n == 0 {
		return buf[:0]
	}
	nodes := buf[:0]
	if cap(nodes) < n {
		nodes = make([]Node, n)
	}
	nodes = nodes[:n]
	n = int(C.choreo_flatten(r, (*C.ChoreoNode)(unsafe.Pointer(&nodes[0])), C.uint32_t(n)))
	return nodes[:n]
}
