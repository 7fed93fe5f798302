package format

import (
	"github.com/choreo-lang/choreo/syntax"
)

// DefaultWidth is the line width used when Options.Width is zero.
const DefaultWidth = 100

// Options configures the formatter. The zero value is the canonical style.
type Options struct {
	// Width is the line width within which an annotation list is kept on
	// one line; 0 means DefaultWidth.
	Width int
}

func (o Options) width() int {
	if o.Width <= 0 {
		return DefaultWidth
	}
	return o.Width
}

// File returns the canonical text of f, which must have been parsed from
// src without syntax errors (src supplies the comments' surroundings and
// the verbatim text of raw regions). File does not check its output; use
// Source for the checked entry point.
func File(f *syntax.File, src []byte, opts Options) []byte {
	p := newPrinter(f, src, opts.width())
	p.file(f)
	return p.finish()
}
