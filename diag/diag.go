// Package diag defines source positions, spans and diagnostics: the values
// every stage of choreo (syntax, analysis, projection, runtime) produces and
// every surface (CLI, language server) renders.
//
// A diagnostic is created in exactly one place per check and carries
// everything a surface needs: a stable code, a severity, a precise span,
// related locations and optional quick-fix edits.
package diag

import (
	"fmt"
	"sort"
)

// Pos is a position in a source file. Offset is a byte offset; Line and Col
// are zero-based, Col counting bytes from the start of the line (the
// tree-sitter convention). Surfaces convert to their own conventions (the
// CLI prints one-based columns, the language server UTF-16 units).
type Pos struct {
	Offset int `json:"offset"`
	Line   int `json:"line"`
	Col    int `json:"col"`
}

// Span is a half-open range [Start, End) in one source file.
type Span struct {
	Start Pos `json:"start"`
	End   Pos `json:"end"`
}

// Contains reports whether offset lies in s (an empty span contains its start).
func (s Span) Contains(offset int) bool {
	if s.Start.Offset == s.End.Offset {
		return offset == s.Start.Offset
	}
	return s.Start.Offset <= offset && offset < s.End.Offset
}

// IsZero reports whether s is the zero span (no position known).
func (s Span) IsZero() bool { return s == Span{} }

// String renders s as one-based "line:col-line:col".
func (s Span) String() string {
	return fmt.Sprintf("%d:%d-%d:%d", s.Start.Line+1, s.Start.Col+1, s.End.Line+1, s.End.Col+1)
}

// Severity orders diagnostics from most to least serious.
type Severity int

// Severities, in LSP order (Error = 1).
const (
	Error Severity = iota + 1
	Warning
	Information
	Hint
)

// String returns the lower-case name used in text output ("error").
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Information:
		return "info"
	case Hint:
		return "hint"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity is the inverse of String; it also accepts "information"
// and "off" (returned as 0, meaning "suppress").
func ParseSeverity(s string) (Severity, error) {
	switch s {
	case "error":
		return Error, nil
	case "warning", "warn":
		return Warning, nil
	case "info", "information":
		return Information, nil
	case "hint":
		return Hint, nil
	case "off", "none":
		return 0, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning, info, hint or off)", s)
}

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Code is a stable diagnostic code such as "undeclared-role". Codes are part
// of the public interface: configuration overrides and editors refer to them.
type Code string

// Related is a secondary location that explains a diagnostic, for example
// the other of two conflicting actions.
type Related struct {
	Span    Span   `json:"span"`
	Message string `json:"message"`
}

// Edit replaces the bytes of Span with NewText.
type Edit struct {
	Span    Span   `json:"span"`
	NewText string `json:"newText"`
}

// Fix is a quick fix: a titled set of edits to the same file.
type Fix struct {
	Title string `json:"title"`
	Edits []Edit `json:"edits"`
}

// Diagnostic is one finding about a source file.
type Diagnostic struct {
	Span     Span      `json:"span"`
	Severity Severity  `json:"severity"`
	Code     Code      `json:"code"`
	Message  string    `json:"message"`
	Related  []Related `json:"related,omitempty"`
	Fixes    []Fix     `json:"fixes,omitempty"`
}

// String renders d as "line:col: severity: message [code]" (one-based).
func (d Diagnostic) String() string {
	return fmt.Sprintf("%d:%d: %s: %s [%s]", d.Span.Start.Line+1, d.Span.Start.Col+1, d.Severity, d.Message, d.Code)
}

// Sort orders diagnostics by position, then severity, then code, so that
// every surface prints them in the same, deterministic order.
func Sort(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Span.Start.Offset != b.Span.Start.Offset {
			return a.Span.Start.Offset < b.Span.Start.Offset
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Message < b.Message
	})
}

// HasErrors reports whether any diagnostic in ds is an error.
func HasErrors(ds []Diagnostic) bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}
