// Package svg lays out state machines (package fsm's Graphviz text) as SVG
// pictures.
//
// Layout is Graphviz's dot algorithm, run through
// github.com/goccy/go-graphviz: Graphviz compiled to WebAssembly and run by
// the pure-Go wazero runtime, so no Graphviz installation is needed, and the
// library itself needs no cgo (it builds and renders with CGO_ENABLED=0 as
// with 1; choreo needs cgo for its tree-sitter parser anyway). Hand-written
// layout of arbitrary graphs (crossings, cycles, labels) is what Graphviz
// exists for.
//
// The layout runs in a program of its own, choreo-graphviz (cmd/choreo-graphviz,
// installed next to choreo), one process per Render: go-graphviz starts its
// WebAssembly runtime when its packages are initialised, which would add
// 40–130 ms to the start of every choreo command, and a process can be
// stopped when its request is cancelled, which Graphviz cannot. Concurrent
// calls share nothing.
// The colours and font are set in the dot text by fsm.WriteDot.
package svg
