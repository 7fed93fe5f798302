package analysis

import (
	"fmt"
	"sort"
	"strings"

	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/diag"
)

// link parses a link annotation value "bundle=<id>|exports=a,b|imports=c"
// (segments split on '|' or ';'), reporting link-bad-key,
// link-missing-bundle and link-empty-bundle. span is the string literal.
// It returns nil when the link has no usable bundle id.
func (c *annotationChecker) link(s string, span diag.Span) *global.Link {
	l := &global.Link{Span: span}
	hasBundle := false
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '|' && s[i] != ';' {
			continue
		}
		seg := s[start:i]
		segSpan := stringSubSpan(span, s, start, i)
		start = i + 1
		if strings.TrimSpace(seg) == "" {
			continue
		}
		key, val, ok := strings.Cut(seg, "=")
		key = strings.TrimSpace(key)
		switch {
		case !ok:
			c.errorf(CodeLinkBadKey, diag.Error, segSpan, "link segment %q is not key=value (want bundle=, exports= or imports=)", seg)
		case key == "bundle":
			hasBundle = true
			l.Bundle = strings.TrimSpace(val)
			if l.Bundle == "" {
				c.errorf(CodeLinkEmptyBundle, diag.Error, segSpan, "link has an empty bundle id")
			}
		case key == "exports":
			l.Exports = append(l.Exports, splitList(val)...)
		case key == "imports":
			l.Imports = append(l.Imports, splitList(val)...)
		default:
			c.errorf(CodeLinkBadKey, diag.Error, segSpan, "unknown link key %q (want bundle, exports or imports)", key)
		}
	}
	if !hasBundle {
		c.errorf(CodeLinkMissingBundle, diag.Error, span, "link has no bundle= segment")
	}
	if l.Bundle == "" {
		return nil
	}
	return l
}

// stringSubSpan is the span of s[from:to] inside the string literal at
// span, or span itself when the literal contains escapes (offsets would
// not line up).
func stringSubSpan(span diag.Span, s string, from, to int) diag.Span {
	if span.End.Offset-span.Start.Offset != len(s)+2 || span.Start.Line != span.End.Line {
		return span
	}
	at := func(i int) diag.Pos {
		return diag.Pos{Offset: span.Start.Offset + 1 + i, Line: span.Start.Line, Col: span.Start.Col + 1 + i}
	}
	return diag.Span{Start: at(from), End: at(to)}
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// linkExports maps bundle id → exported endpoints over links.
func linkExports(links []*global.Link, into map[string]map[string]bool) {
	for _, l := range links {
		if into[l.Bundle] == nil {
			into[l.Bundle] = make(map[string]bool)
		}
		for _, e := range l.Exports {
			into[l.Bundle][e] = true
		}
	}
}

// unresolvedLinks reports every import that no link of the same bundle in
// exports exports.
func unresolvedLinks(links []*global.Link, exports map[string]map[string]bool) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, l := range links {
		for _, imp := range l.Imports {
			if exports[l.Bundle][imp] {
				continue
			}
			out = append(out, diag.Diagnostic{Span: l.Span, Severity: diag.Error, Code: CodeLinkUnresolved,
				Message: fmt.Sprintf("link imports %q, but no link of bundle %q exports it", imp, l.Bundle)})
		}
	}
	return out
}

// ResolveWorkspaceLinks re-checks link-unresolved across several analysed
// files: an endpoint imported in one file may be exported by a link of the
// same bundle in another. It returns, for each result (same order), its
// diagnostics with the single-file link-unresolved findings replaced by the
// workspace-wide ones (severity overrides applied, sorted). The results
// themselves are not modified.
func ResolveWorkspaceLinks(results []*Result) [][]diag.Diagnostic {
	exports := make(map[string]map[string]bool)
	for _, r := range results {
		linkExports(r.Links, exports)
	}
	out := make([][]diag.Diagnostic, len(results))
	for i, r := range results {
		var ds []diag.Diagnostic
		for _, d := range r.Diagnostics {
			if d.Code != CodeLinkUnresolved {
				ds = append(ds, d)
			}
		}
		ds = append(ds, unresolvedLinks(r.Links, exports)...)
		out[i] = finishDiagnostics(r.Config, ds)
	}
	return out
}

// Fragment is one runtime ownership unit (§6): the whole protocol when it
// has no links, else one per bundle.
type Fragment struct {
	Key    string `json:"key"`
	Bundle bool   `json:"bundle"` // keyed by a link bundle id (else by protocol id)
	// Exports and Imports are the bundle's endpoints (sorted, unique).
	Exports []string `json:"exports,omitempty"`
	Imports []string `json:"imports,omitempty"`
}

// Fragments derives the fragments of a protocol with id protocolID and the
// given links (§6).
func Fragments(protocolID string, links []*global.Link) []Fragment {
	if len(links) == 0 {
		return []Fragment{{Key: protocolID}}
	}
	byBundle := make(map[string]*Fragment)
	var order []string
	for _, l := range links {
		f := byBundle[l.Bundle]
		if f == nil {
			f = &Fragment{Key: l.Bundle, Bundle: true}
			byBundle[l.Bundle] = f
			order = append(order, l.Bundle)
		}
		f.Exports = append(f.Exports, l.Exports...)
		f.Imports = append(f.Imports, l.Imports...)
	}
	out := make([]Fragment, 0, len(order))
	for _, b := range order {
		f := byBundle[b]
		f.Exports, f.Imports = uniqueSorted(f.Exports), uniqueSorted(f.Imports)
		out = append(out, *f)
	}
	return out
}

func uniqueSorted(xs []string) []string {
	if len(xs) == 0 {
		return nil
	}
	sort.Strings(xs)
	out := xs[:1]
	for _, x := range xs[1:] {
		if x != out[len(out)-1] {
			out = append(out, x)
		}
	}
	return out
}
