// Package svg lays out state machines (package fsm's Graphviz text) as SVG
// pictures.
//
// Layout is Graphviz's dot algorithm, run through
// github.com/goccy/go-graphviz: Graphviz compiled to WebAssembly and run by
// the pure-Go wazero runtime, so the choreo binary needs no Graphviz
// installation, and the library itself needs no cgo (it builds and renders
// with CGO_ENABLED=0 as with 1; choreo needs cgo for its tree-sitter
// parser anyway). Hand-written layout of arbitrary graphs (crossings,
// cycles, labels) is what Graphviz exists for. Each Render starts its own
// Graphviz instance, so concurrent calls share nothing.
// The colours and font are set in the dot text by fsm.WriteDot.
package svg
