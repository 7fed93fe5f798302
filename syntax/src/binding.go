// Package src holds the tree-sitter parser of the .choreo grammar: the
// generated parser.c (from ../grammar.js, by scripts/gen-parser.sh) and the
// hand-written external scanner scanner.c. The Go package compiles both
// (they sit in its directory, so the Go build cache tracks them) and
// exposes the language pointer; package syntax wraps it.
package src

// #cgo CFLAGS: -std=c11 -fPIC -O2
// #include "tree_sitter/parser.h"
// const TSLanguage *tree_sitter_choreo(void);
import "C"

import "unsafe"

// Language returns the TSLanguage pointer of the choreo grammar.
func Language() unsafe.Pointer {
	return unsafe.Pointer(C.tree_sitter_choreo())
}
