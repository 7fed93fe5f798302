// Package gen generates large synthetic .choreo protocols for benchmarks
// and stress tests of every stage of the toolchain (parser, analysis,
// projection, language server).
//
// The protocols are deterministic, syntactically valid and well-formed.
// LayoutProtocol and BraceProtocol have exactly the requested number of
// lines: three roles A, B and C exchange uniquely named messages; every
// choice is decided by A and announced to both other roles in every
// branch, and every loop is decided by C and announced to both others on
// each round. SeededProtocol varies with a seed (for corpora of different
// files) and adds a role family, broadcasts to it and recursion. The text
// mixes the shapes of real files: one-line sends, multi-line annotation
// records with continuation lines, comments, choices and loops.
package gen

import (
	"bytes"
	"fmt"
	"strings"
)

// LayoutProtocol returns a layout-form protocol of exactly lines lines
// (at least 4: the header).
func LayoutProtocol(lines int) []byte {
	var b bytes.Buffer
	b.WriteString("module synthetic exposing (Synthetic)\n\nprotocol Synthetic =\n  roles A, B, C\n")
	w := writer{buf: &b, left: lines - 4}
	for i := 0; w.left > 0; i++ {
		switch {
		case i%5 == 1 && w.left >= 4:
			w.line("  -- step %d: a sender record on several lines", i)
			w.line("  A { guard_capability = \"synthetic:step%d\"", i)
			w.line("    , flow_cost = %d }", i%100+1)
			w.line("    -> B : Annotated%d of crate.synthetic.Step", i)
		case i%5 == 2 && w.left >= 7:
			w.line("  choice at A")
			w.line("    | left%d ->", i)
			w.line("        A -> B : Left%d(n: u32)", i)
			w.line("        A -> C : Left%d(n: u32)", i)
			w.line("    | right%d ->", i)
			w.line("        A -> B : Right%d", i)
			w.line("        A -> C : Right%d", i)
		case i%5 == 3 && w.left >= 4:
			w.line("  loop decide by C")
			w.line("    C -> A : Tick%d", i)
			w.line("    C -> B : Tick%d", i)
			w.line("    A -> B : Work%d(bytes: Vec<u8>)", i)
		default:
			w.line("  B -> C : Step%d(seq: u64)", i)
		}
	}
	return b.Bytes()
}

// BraceProtocol returns a brace-form protocol of exactly lines lines (at
// least 4).
func BraceProtocol(lines int) []byte {
	var b bytes.Buffer
	b.WriteString("#[namespace = \"synthetic\"]\nprotocol Synthetic {\n    roles: A, B, C;\n")
	w := writer{buf: &b, left: lines - 4}
	for i := 0; w.left > 0; i++ {
		switch {
		case i%4 == 1 && w.left >= 4:
			w.line("    choice A {")
			w.line("        left%d: { A -> B: Left%d(n: u32); A -> C: Left%d(n: u32); }", i, i, i)
			w.line("        right%d: { A -> B: Right%d; A -> C: Right%d; }", i, i, i)
			w.line("    }")
		case i%4 == 2:
			w.line("    A[guard_capability = \"synthetic:step%d\", flow_cost = %d] -> B: Annotated%d;", i, i%100+1, i)
		default:
			w.line("    B -> C: Step%d(seq: u64);", i)
		}
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// writer appends lines while counting down the lines left.
type writer struct {
	buf  *bytes.Buffer
	left int
}

func (w *writer) line(format string, args ...any) {
	fmt.Fprintf(w.buf, format, args...)
	w.buf.WriteByte('\n')
	w.left--
}

// SequentialChoices returns a layout-form protocol of n two-way choices in
// sequence: A decides each one and tells B and C. Every choice is the
// continuation of both branches of the one before, so a rendering that
// writes shared continuations out in full doubles with each choice
// (2^n paths), while the role's state machine has O(n) states.
func SequentialChoices(n int) []byte {
	var b bytes.Buffer
	b.WriteString("module choices exposing (Choices)\n\nprotocol Choices =\n  roles A, B, C\n")
	for i := range n {
		fmt.Fprintf(&b, "  choice at A\n")
		for _, side := range []string{"L", "R"} {
			fmt.Fprintf(&b, "    | %s%d ->\n", strings.ToLower(side), i)
			fmt.Fprintf(&b, "        A -> B : %s%d\n        A -> C : %s%d\n", side, i, side, i)
		}
	}
	return b.Bytes()
}
