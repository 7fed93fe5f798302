package syntax

import (
	"iter"
	"sync"

	grammar "github.com/choreo-lang/choreo/syntax/src"
)

// Lowering reads the concrete tree from a flat copy of it: go-tree-sitter
// makes one call into C per node property, and those calls cost far more
// than the lowering itself. grammar.Flatten copies every visible node
// (kind, field, byte range, flags) in one call; the helpers below navigate
// the copy.

// node is a node of the flattened concrete tree: its index in
// lowerer.nodes (0 is the root). noNode stands for an absent node.
type node int32

const noNode node = -1

// names are the node kind and field names of the language, indexed by id,
// so that the flat tree's ids compare with names without calls into C.
type names struct {
	kinds  []string // by kind id
	fields []string // by field id (0 is no field)
}

var languageNames = sync.OnceValue(func() *names {
	lang := Language()
	n := &names{
		kinds:  make([]string, lang.NodeKindCount()),
		fields: make([]string, lang.FieldCount()+1),
	}
	for id := range n.kinds {
		n.kinds[id] = lang.NodeKindForId(uint16(id))
	}
	for id := 1; id < len(n.fields); id++ {
		n.fields[id] = lang.FieldNameForId(uint16(id))
	}
	return n
})

// kind returns the kind of n ("ERROR" for the error symbol, whose id is
// past the language's other kinds).
func (l *lowerer) kind(n node) string {
	if k := int(l.nodes[n].Kind); k < len(l.names.kinds) {
		return l.names.kinds[k]
	}
	return "ERROR"
}

func (l *lowerer) is(n node, f grammar.Flags) bool { return l.nodes[n].Flags&f != 0 }
func (l *lowerer) named(n node) bool               { return l.is(n, grammar.Named) }
func (l *lowerer) isError(n node) bool             { return l.is(n, grammar.Error) }
func (l *lowerer) isMissing(n node) bool           { return l.is(n, grammar.Missing) }
func (l *lowerer) hasError(n node) bool            { return l.is(n, grammar.HasError) }
func (l *lowerer) start(n node) int                { return int(l.nodes[n].Start) }
func (l *lowerer) end(n node) int                  { return int(l.nodes[n].End) }

// next returns the next sibling of n, or noNode.
func (l *lowerer) next(n node) node {
	if i := l.nodes[n].Next; i != 0 {
		return node(i)
	}
	return noNode
}

// children iterates over the children of n.
func (l *lowerer) children(n node) iter.Seq[node] {
	return func(yield func(node) bool) {
		if !l.is(n, grammar.HasChildren) {
			return
		}
		for c := n + 1; c != noNode; c = l.next(c) {
			if !yield(c) {
				return
			}
		}
	}
}

// field returns the first child of n in field name, or noNode when there
// is none or it was inserted by error recovery.
func (l *lowerer) field(n node, name string) node {
	for c := range l.children(n) {
		if l.names.fields[l.nodes[c].Field] == name {
			if l.isMissing(c) {
				return noNode
			}
			return c
		}
	}
	return noNode
}

// nameOf returns the name of a role_ref or message node. A plain name is
// a leaf of that kind (see _role and _message in grammar.js): the node is
// its own name. Otherwise the name is the "name" field.
func (l *lowerer) nameOf(n node) node {
	if !l.is(n, grammar.HasChildren) {
		return n
	}
	return l.field(n, "name")
}

// fields iterates over the children of n in field name.
func (l *lowerer) fields(n node, name string) iter.Seq[node] {
	return func(yield func(node) bool) {
		for c := range l.children(n) {
			if l.names.fields[l.nodes[c].Field] == name && !yield(c) {
				return
			}
		}
	}
}
