// Package src holds the tree-sitter parser of the .choreo grammar: the
// generated parser.c (from ../grammar.js, by scripts/gen-parser.sh) and the
// hand-written external scanner scanner.c. The Go package compiles both
// (they sit in its directory, so the Go build cache tracks them), exposes
// the language pointer, and copies trees into Go memory in one call
// (Flatten, flatten.c); package syntax wraps it.
package src

// #cgo CFLAGS: -std=c11 -fPIC -O2
// #include <stddef.h>
// #include "tree_sitter/parser.h"
// const TSLanguage *tree_sitter_choreo(void);
// // Defined by the tree-sitter runtime that go-tree-sitter links in.
// void ts_set_allocator(void *(*)(size_t), void *(*)(size_t, size_t), void *(*)(void *, size_t), void (*)(void *));
// static void use_c_allocator(void) { ts_set_allocator(NULL, NULL, NULL, NULL); }
import "C"

import "unsafe"

// UseCAllocator makes the tree-sitter runtime allocate with the C library
// directly. go-tree-sitter routes every allocation of the runtime through
// Go callbacks that call the same C malloc and free; those C-to-Go calls
// dominate parse times (a 10,000-line file parses 30 times faster
// without them). Memory from either allocator is interchangeable, so the
// switch is safe at any time, but it should happen before parsing starts.
func UseCAllocator() {
	C.use_c_allocator()
}

// Language returns the TSLanguage pointer of the choreo grammar.
func Language() unsafe.Pointer {
	return unsafe.Pointer(C.tree_sitter_choreo())
}
