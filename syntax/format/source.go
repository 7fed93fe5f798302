package format

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/syntax"
)

// ErrUnsafe is wrapped by the error Source returns when its output fails
// one of its own checks (a formatter bug): the caller gets no text rather
// than text with another meaning.
var ErrUnsafe = errors.New("formatting would change the file")

// SyntaxError is returned by Source for a file with syntax errors, which
// is never formatted (text inside an error could be lost).
type SyntaxError struct {
	Diagnostics []diag.Diagnostic // the error diagnostics, in source order
}

// Error renders the first syntax error, with the count of the others.
func (e *SyntaxError) Error() string {
	if len(e.Diagnostics) == 0 {
		return "syntax error"
	}
	d := e.Diagnostics[0]
	if n := len(e.Diagnostics); n > 1 {
		return fmt.Sprintf("%s (and %d more syntax errors)", d, n-1)
	}
	return d.String()
}

// Source formats src, a whole .choreo file, and returns its canonical text.
// It returns a *SyntaxError for a file with syntax errors, and an error
// wrapping ErrUnsafe when the formatted text would not parse back to the
// same comments, syntax tree and protocol, or would not be stable under a
// second formatting. It never returns text together with an error.
func Source(src []byte, opts Options) ([]byte, error) {
	f, err := parse(src)
	if err != nil {
		return nil, err
	}
	out := File(f, src, opts)
	if err := verify(f, src, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// parse parses src and turns its error diagnostics into a *SyntaxError.
func parse(src []byte) (*syntax.File, error) {
	f, diags := syntax.ParseFile(src)
	var errs []diag.Diagnostic
	for _, d := range diags {
		if d.Severity == diag.Error {
			errs = append(errs, d)
		}
	}
	if len(errs) > 0 {
		diag.Sort(errs)
		return nil, &SyntaxError{Diagnostics: errs}
	}
	return f, nil
}

// verify checks the formatted text out of f (parsed from src): it must
// parse, keep every comment in order, lower to the same syntax tree and
// global protocol model, and be a fixed point of File.
func verify(f *syntax.File, src, out []byte, opts Options) error {
	g, err := parse(out)
	if err != nil {
		return fmt.Errorf("%w: the output does not parse: %v", ErrUnsafe, err)
	}
	if err := sameComments(commentTexts(f.Comments), commentTexts(g.Comments)); err != nil {
		return fmt.Errorf("%w: %v", ErrUnsafe, err)
	}
	// The same check on the raw text does not trust the parser to report
	// every comment.
	if err := sameComments(scanComments(src, rawRegions(f, src)), scanComments(out, rawRegions(g, out))); err != nil {
		return fmt.Errorf("%w: %v", ErrUnsafe, err)
	}
	if err := equalMeaning(f, g); err != nil {
		return fmt.Errorf("%w: the syntax tree changed at %v", ErrUnsafe, err)
	}
	if err := equalMeaning(model(f, src), model(g, out)); err != nil {
		return fmt.Errorf("%w: the protocol model changed at %v", ErrUnsafe, err)
	}
	if again := File(g, out, opts); !bytes.Equal(again, out) {
		return fmt.Errorf("%w: the output is not stable under a second formatting", ErrUnsafe)
	}
	return nil
}

// model lowers f, parsed from src, to its global protocol model with the
// default configuration (nil when f has no protocol), with its recursion
// labels renamed canonically: analysis names the recursions it generates
// after their source lines, which formatting may move, and two models that
// differ only in the names of bound labels are the same protocol.
func model(f *syntax.File, src []byte) *global.Protocol {
	p := analysis.AnalyzeTree(context.Background(), analysis.Input{Src: src}, f, nil).Protocol
	if p == nil {
		return nil
	}
	q := *p
	n := 0
	q.Body = renameRecs(p.Body, nil, &n)
	return &q
}

// renameRecs returns a copy of b in which the label of every Rec is
// "rec#1", "rec#2", … in order of appearance and every Continue refers to
// its Rec by that name; env maps the labels in scope to their new names.
// The nodes of b are not modified.
func renameRecs(b global.Block, env map[string]string, n *int) global.Block {
	out := make(global.Block, len(b))
	for i, node := range b {
		switch x := node.(type) {
		case *global.Rec:
			*n++
			inner := make(map[string]string, len(env)+1)
			maps.Copy(inner, env)
			inner[x.Label] = "rec#" + strconv.Itoa(*n)
			r := *x
			r.Label = inner[x.Label]
			r.Body = renameRecs(x.Body, inner, n)
			node = &r
		case *global.Continue:
			c := *x
			if name, ok := env[x.Label]; ok {
				c.Label = name
			}
			node = &c
		case *global.Choice:
			c := *x
			c.Branches = make([]*global.Branch, len(x.Branches))
			for j, br := range x.Branches {
				nb := *br
				nb.Body = renameRecs(br.Body, env, n)
				c.Branches[j] = &nb
			}
			node = &c
		case *global.Loop:
			l := *x
			l.Body = renameRecs(x.Body, env, n)
			node = &l
		case *global.Par:
			p := *x
			p.Branches = make([]global.Block, len(x.Branches))
			for j, br := range x.Branches {
				p.Branches[j] = renameRecs(br, env, n)
			}
			node = &p
		}
		out[i] = node
	}
	return out
}

// sameComments reports whether two files have the same comments, given
// as texts in source order.
func sameComments(before, after []string) error {
	for i := range max(len(before), len(after)) {
		if i >= len(before) || i >= len(after) {
			return fmt.Errorf("%d comments before, %d after", len(before), len(after))
		}
		if before[i] != after[i] {
			return fmt.Errorf("comment %d changed from %q to %q", i+1, before[i], after[i])
		}
	}
	return nil
}

// commentTexts returns the texts of cs as the printer prints them.
func commentTexts(cs []*syntax.Comment) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = commentText(c)
	}
	return out
}

// scanComments returns the texts of the comments of src found by a plain
// scan that knows only comments and string literals, skipping the raw
// text regions (sorted by offset), which the printer keeps verbatim and
// where comment markers are just text. The scans of a file and of its
// formatted text agree exactly when no comment was lost.
func scanComments(src []byte, raw []diag.Span) []string {
	var out []string
	for i := 0; i < len(src); i++ {
		for len(raw) > 0 && raw[0].End.Offset <= i {
			raw = raw[1:]
		}
		if len(raw) > 0 && raw[0].Start.Offset <= i {
			i = raw[0].End.Offset - 1
			continue
		}
		rest := src[i:]
		var end int
		switch {
		case src[i] == '"':
			for i++; i < len(src) && src[i] != '"' && src[i] != '\n'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
			continue
		case bytes.HasPrefix(rest, []byte("--")), bytes.HasPrefix(rest, []byte("//")):
			end = bytes.IndexByte(rest, '\n')
			if end < 0 {
				end = len(rest)
			}
		case bytes.HasPrefix(rest, []byte("{-")):
			end = closing(rest, "-}")
		case bytes.HasPrefix(rest, []byte("/*")):
			end = closing(rest, "*/")
		}
		if end <= 0 {
			continue // not a comment, or an unclosed block (text, not a comment)
		}
		text := string(rest[:end])
		if text[1] == '-' || text[1] == '/' {
			text = strings.TrimRight(text, " \t\r")
		}
		out = append(out, text)
		i += end - 1
	}
	return out
}

// rawRegions returns, sorted by offset, the spans of f's raw text: the
// exposing lists of the headers, messages (with their payloads), prefix
// annotations (with their arguments) and branch guards.
func rawRegions(f *syntax.File, src []byte) []diag.Span {
	var out []diag.Span
	header := func(name, sp diag.Span) {
		if open := bytes.IndexByte(src[name.End.Offset:min(sp.End.Offset, len(src))], '('); open >= 0 {
			out = append(out, diag.Span{Start: diag.Pos{Offset: name.End.Offset + open}, End: sp.End})
		}
	}
	if m := f.Module; m != nil {
		header(m.Name.Span, m.Span)
	}
	for _, im := range f.Imports {
		header(im.Name.Span, im.Span)
	}
	var block func(b *syntax.Block)
	var protocol func(p *syntax.Protocol)
	protocol = func(p *syntax.Protocol) {
		for _, pa := range p.Prefix {
			out = append(out, pa.Span)
		}
		block(p.Body)
		for _, l := range p.Locals {
			protocol(l)
		}
	}
	block = func(b *syntax.Block) {
		if b == nil {
			return
		}
		for _, s := range b.Stmts {
			for _, pa := range s.Prefixes() {
				out = append(out, pa.Span)
			}
			switch s := s.(type) {
			case *syntax.Send:
				out = append(out, s.Message.Span)
			case *syntax.QuorumCollect:
				out = append(out, s.Message.Span)
			case *syntax.Choice:
				for _, br := range s.Branches {
					from := br.Label.Span.End.Offset
					if g := bytes.Index(src[from:min(br.Span.End.Offset, len(src))], []byte(br.Guard)); br.Guard != "" && g >= 0 {
						out = append(out, diag.Span{Start: diag.Pos{Offset: from + g}, End: diag.Pos{Offset: from + g + len(br.Guard)}})
					}
					block(br.Body)
				}
			case *syntax.Loop:
				block(s.Body)
			case *syntax.Rec:
				block(s.Body)
			case *syntax.Retry:
				block(s.Body)
			case *syntax.Par:
				for _, arm := range s.Branches {
					block(arm)
				}
			case *syntax.Heartbeat:
				block(s.Missing)
				block(s.Body)
			}
		}
	}
	for _, p := range f.Protocols {
		protocol(p)
	}
	for _, t := range f.Topologies {
		out = append(out, t.Span)
	}
	slices.SortFunc(out, func(a, b diag.Span) int { return a.Start.Offset - b.Start.Offset })
	return out
}

// closing returns the length of the block comment at the start of s that
// ends with delim, or -1 when it is not closed.
func closing(s []byte, delim string) int {
	if j := bytes.Index(s[2:], []byte(delim)); j >= 0 {
		return j + 2 + len(delim)
	}
	return -1
}

// choiceSpelling maps the spellings of a plain (untimed) choice, `choice
// at R`, `case choose R of`, `choice R at` and `choice R`, to one value.
func choiceSpelling(s syntax.ChoiceStyle) syntax.ChoiceStyle {
	if s == syntax.TimedChoice || s == syntax.TimedChoiceRAt {
		return syntax.TimedChoice
	}
	return syntax.ChoiceAt
}
