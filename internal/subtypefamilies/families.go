// Package subtypefamilies generates the benchmark families of Rumpsteak's
// evaluation (Cutner, Yoshida and Vassor, "Deadlock-free asynchronous
// message reordering in Rust with multiparty session types", PPoPP 2022,
// §6) as pairs of local types in session notation (docs/local-types.md):
// an optimised role, which sends earlier than its projection, against
// the projection. Every pair is an asynchronous subtype. The benchmarks of
// projection/subtype (in process) and of the command line (whole
// processes) share them.
package subtypefamilies

import (
	"fmt"
	"strings"
)

// Family is one benchmark family: a generator of the pairs to check for a
// size n, and the sizes the benchmarks use.
type Family struct {
	Name  string
	Sizes []int
	Pairs func(n int) []Pair
}

// Pair is the optimised local type New of Role, which must be an
// asynchronous subtype of its projection Old.
type Pair struct {
	Role, New, Old string
}

// All lists the families. Nested choice grows exponentially with its depth
// (the type has 2ⁿ paths), so its sizes stay small.
var All = []Family{
	{"streaming", []int{1, 10, 50, 100}, Streaming},
	{"ring", []int{2, 10, 20, 30}, Ring},
	{"nested-choice", []int{1, 2, 3, 4, 5}, NestedChoice},
	{"double-buffering", []int{1, 10, 50, 100}, DoubleBuffering},
}

// Streaming: the source sends n values before the sink's first ready.
func Streaming(n int) []Pair {
	return []Pair{{
		"S",
		strings.Repeat("!t.value; ", n) + "rec X. ?t.ready; !t.value; X",
		"rec X. ?t.ready; !t.value; X",
	}}
}

// Ring: n roles pass a value around a ring; every role but the first
// forwards to its right neighbour before receiving from its left one. One
// pair per role.
func Ring(n int) []Pair {
	role := func(i int) string { return fmt.Sprintf("R%d", (i+n)%n) }
	pairs := []Pair{{
		role(0),
		fmt.Sprintf("rec X. !%s.value; ?%s.value; X", role(1), role(-1)),
		fmt.Sprintf("rec X. !%s.value; ?%s.value; X", role(1), role(-1)),
	}}
	for i := 1; i < n; i++ {
		pairs = append(pairs, Pair{
			role(i),
			fmt.Sprintf("rec X. !%s.value; ?%s.value; X", role(i+1), role(i-1)),
			fmt.Sprintf("rec X. ?%s.value; !%s.value; X", role(i-1), role(i+1)),
		})
	}
	return pairs
}

// NestedChoice: choices nested n deep; the old kernel acknowledges each
// choice after receiving it, the new one before.
func NestedChoice(n int) []Pair {
	var oldT, newT func(d int) string
	oldT = func(d int) string {
		if d == 0 {
			return "X"
		}
		return fmt.Sprintf("&{ ?s.l%d; !t.ack; %s, ?s.r%d; !t.ack; %s }", d, oldT(d-1), d, oldT(d-1))
	}
	newT = func(d int) string {
		if d == 0 {
			return "X"
		}
		return fmt.Sprintf("!t.ack; &{ ?s.l%d; %s, ?s.r%d; %s }", d, newT(d-1), d, newT(d-1))
	}
	return []Pair{{"K", "rec X. " + newT(n), "rec X. " + oldT(n)}}
}

// DoubleBuffering: the kernel sends n ready signals to the source ahead.
func DoubleBuffering(n int) []Pair {
	return []Pair{{
		"K",
		strings.Repeat("!s.ready; ", n) + "rec X. ?s.value; !s.ready; ?t.ready; !t.value; X",
		"rec X. !s.ready; ?s.value; ?t.ready; !t.value; X",
	}}
}
