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
	if s := projection.Session(t); len(s) <= maxLine {
		return s
	}
	return projection.Pretty(t)
}

// indentLines prefixes every line of text with indent.
func indentLines(text, indent string) string {
	return indent + strings.ReplaceAll(text, "\n", "\n"+indent)
}
