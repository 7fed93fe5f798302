package src

// #include "parse.h"
import "C"

import (
	"unsafe"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// go-tree-sitter's Parser and Tree are a single pointer to the C object;
// Parse reads and builds them as such.
var (
	_ [unsafe.Sizeof(sitter.Parser{}) - unsafe.Sizeof(uintptr(0))]struct{}
	_ [unsafe.Sizeof(uintptr(0)) - unsafe.Sizeof(sitter.Parser{})]struct{}
	_ [unsafe.Sizeof(sitter.Tree{}) - unsafe.Sizeof(uintptr(0))]struct{}
	_ [unsafe.Sizeof(uintptr(0)) - unsafe.Sizeof(sitter.Tree{})]struct{}
)

// Parse parses text with p (whose language is set), reusing old when it
// is not nil (old must already be edited to match text). Unlike
// sitter.Parser.ParseWithOptions it hands the text to the runtime in
// place, with no callbacks into Go and no copies. When cancel is not nil
// the parser polls it and gives up, returning nil, once it is set to a
// non-zero value (with atomic.StoreInt32, from another goroutine); the
// parser must then be reset before its next use.
func Parse(p *sitter.Parser, old *sitter.Tree, text []byte, cancel *int32) *sitter.Tree {
	var oldTree *C.TSTree
	if old != nil {
		oldTree = *(**C.TSTree)(unsafe.Pointer(old))
	}
	var ptr *C.char
	if len(text) > 0 {
		ptr = (*C.char)(unsafe.Pointer(&text[0]))
	}
	t := C.choreo_parse(*(**C.TSParser)(unsafe.Pointer(p)), oldTree, ptr, C.uint32_t(len(text)), (*C.int32_t)(cancel))
	if t == nil {
		return nil
	}
	tree := new(sitter.Tree)
	*(**C.TSTree)(unsafe.Pointer(tree)) = t
	return tree
}
