package lsp

import (
	"strings"

	"github.com/choreo-lang/choreo/projection"
)

// maxLine is the width up to which a local type is shown on one line;
// longer ones are pretty-printed over several indented lines, as a
// formatter would. The renderings write shared continuations once, by
// name, so their size is linear in the role's state machine and every
// type is shown in full.
const maxLine = 80

// sessionText renders t in session notation: on one line when it fits in
// maxLine, else over several lines (projection.Pretty).
func sessionText(t projection.Type) string {
	if !tooLong(t) {
		if s := projection.Session(t); len(s) <= maxLine {
			return s
		}
	}
	return projection.Pretty(t)
}

// tooLong reports, without rendering, whether t certainly does not fit on
// a line of maxLine characters: it has more than maxLine/4 distinct nodes
// (each but the first is reached through an action or a rec, written at
// least once in at least 4 characters, "!B.M" or "rec X."). The walk
// stops at that count.
func tooLong(t projection.Type) bool {
	seen := make(map[projection.Type]bool)
	stack := []projection.Type{t}
	for len(stack) > 0 && len(seen) <= maxLine/4 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[n] {
			continue
		}
		seen[n] = true
		switch x := n.(type) {
		case *projection.Send:
			stack = append(stack, x.Next)
		case *projection.Recv:
			stack = append(stack, x.Next)
		case *projection.Rec:
			stack = append(stack, x.Body)
		case *projection.Select:
			for _, c := range x.Choices {
				stack = append(stack, c.Next)
			}
		case *projection.Branch:
			for _, c := range x.Choices {
				stack = append(stack, c.Next)
			}
		}
	}
	return len(seen) > maxLine/4
}

// indentLines prefixes every line of text with indent.
func indentLines(text, indent string) string {
	return indent + strings.ReplaceAll(text, "\n", "\n"+indent)
}
