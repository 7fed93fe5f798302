//go:build !cgo

package src

// The parser is C code (tree-sitter's runtime and the generated grammar),
// so choreo cannot be built without cgo. Without this file such a build
// stops at "build constraints exclude all Go files"; with it, the
// compiler names what to do.
var _ = choreo_requires_cgo_set_CGO_ENABLED_1_and_install_gcc
