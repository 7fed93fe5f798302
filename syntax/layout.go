package syntax

import (
	"cmp"
	"slices"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/choreo-lang/choreo/diag"
)

// checkLayout reports the layout errors of a layout-form file (code
// "layout"): tabs in the indentation of a line, and lines of a block that
// do not start at the block's column. The scanner measures indentation
// leniently so that the parse keeps its structure; this check is where
// those mistakes become diagnostics.
func (l *lowerer) checkLayout(root *sitter.Node, f *File) {
	l.checkTabs(f)
	l.captures(root, containerQuery(), func(n *sitter.Node) {
		switch n.Kind() {
		case "block", "where_clause":
			l.checkColumns(l.children(n), func(c *sitter.Node) bool {
				return c.IsNamed() && c.Kind() != "comment" && !c.IsError()
			})
		case "choice":
			l.checkColumns(l.children(n), func(c *sitter.Node) bool { return c.Kind() == "branch" })
		case "par":
			l.checkColumns(l.children(n), func(c *sitter.Node) bool { return c.Kind() == "|" })
		}
	})
}

// checkColumns reports the items that start a line at another column than
// the first such item. Items that share a line with what comes before them
// (`| label -> A -> B : M`, `@p A -> B : M`) are not constrained.
func (l *lowerer) checkColumns(children []sitter.Node, item func(*sitter.Node) bool) {
	column := -1
	var prev *sitter.Node // the previous item
	for i := range children {
		c := &children[i]
		if !item(c) {
			continue
		}
		if !l.startsLine(int(c.StartByte())) || l.tabIndented(int(c.StartByte())) {
			prev = c
			continue
		}
		col := int(c.StartPosition().Column)
		switch {
		case column < 0:
			column = col
		case col == column:
		default:
			start := int(c.StartByte()) - col
			span := diag.Span{Start: l.pos(start), End: l.pos(int(c.StartByte()))}
			inner := l.indentOfLine(int(prev.EndByte()))
			if col > column && col < inner {
				l.errorf(span, CodeLayout, "inconsistent indentation: this line starts at column %d, which matches no open block (the blocks above start at columns %d and %d)", col+1, column+1, inner+1)
			} else {
				l.errorf(span, CodeLayout, "unexpected indentation: this line starts at column %d, but the other lines of its block start at column %d", col+1, column+1)
			}
		}
		prev = c
	}
}

// indentOfLine returns the indentation width of the line holding offset.
func (l *lowerer) indentOfLine(offset int) int {
	p := l.pos(offset)
	start := offset - p.Col
	i := start
	for i < len(l.src) && l.src[i] == ' ' {
		i++
	}
	return i - start
}

// tabIndented reports whether the indentation before offset has a tab
// (reported by checkTabs; the column of such a line is not meaningful).
func (l *lowerer) tabIndented(offset int) bool {
	for i := offset - 1; i >= 0 && l.src[i] != '\n'; i-- {
		if l.src[i] == '\t' {
			return true
		}
	}
	return false
}

// startsLine reports whether only spaces and tabs precede offset on its line.
func (l *lowerer) startsLine(offset int) bool {
	for i := offset - 1; i >= 0; i-- {
		switch l.src[i] {
		case '\n':
			return true
		case ' ', '\t':
		default:
			return false
		}
	}
	return true
}

// checkTabs reports each line whose indentation contains a tab, except
// lines inside block comments.
func (l *lowerer) checkTabs(f *File) {
	lineStart := 0
	for lineStart < len(l.src) {
		i := lineStart
		tab := -1
		for i < len(l.src) && (l.src[i] == ' ' || l.src[i] == '\t') {
			if l.src[i] == '\t' && tab < 0 {
				tab = i
			}
			i++
		}
		if tab >= 0 && i < len(l.src) && l.src[i] != '\n' && l.src[i] != '\r' && !inBlockComment(f, tab) {
			l.errorf(diag.Span{Start: l.pos(tab), End: l.pos(tab + 1)}, CodeLayout,
				"indentation must use spaces, not tabs")
		}
		for i < len(l.src) && l.src[i] != '\n' {
			i++
		}
		lineStart = i + 1
	}
}

// inBlockComment reports whether offset lies in a block comment of f
// (f.Comments is in source order).
func inBlockComment(f *File, offset int) bool {
	i, _ := slices.BinarySearchFunc(f.Comments, offset, func(c *Comment, off int) int {
		return cmp.Compare(c.Span.End.Offset, off+1)
	})
	return i < len(f.Comments) && f.Comments[i].Block && f.Comments[i].Span.Start.Offset <= offset
}
