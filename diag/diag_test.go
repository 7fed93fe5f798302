package diag

import (
	"testing"
)

func pos(off int) Pos { return Pos{Offset: off, Col: off} }

func TestSpanContains(t *testing.T) {
	tests := []struct {
		span   Span
		offset int
		want   bool
	}{
		{Span{pos(2), pos(5)}, 1, false},
		{Span{pos(2), pos(5)}, 2, true},
		{Span{pos(2), pos(5)}, 4, true},
		{Span{pos(2), pos(5)}, 5, false}, // half-open
		{Span{pos(3), pos(3)}, 3, true},  // an empty span contains its start
		{Span{pos(3), pos(3)}, 4, false},
	}
	for _, tt := range tests {
		if got := tt.span.Contains(tt.offset); got != tt.want {
			t.Errorf("%v.Contains(%d) = %v, want %v", tt.span, tt.offset, got, tt.want)
		}
	}
}

func TestSeverityRoundTrip(t *testing.T) {
	for _, s := range []Severity{Error, Warning, Information, Hint} {
		text, err := s.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Severity
		if err := back.UnmarshalText(text); err != nil || back != s {
			t.Errorf("%v: round trip gave %v, %v", s, back, err)
		}
	}
	if s, err := ParseSeverity("off"); err != nil || s != 0 {
		t.Errorf(`ParseSeverity("off") = %v, %v; want 0 (suppress)`, s, err)
	}
	if _, err := ParseSeverity("fatal"); err == nil {
		t.Error(`ParseSeverity("fatal") succeeded`)
	}
}

func TestSortAndString(t *testing.T) {
	ds := []Diagnostic{
		{Span: Span{Start: Pos{Offset: 10, Line: 1, Col: 2}}, Severity: Warning, Code: "b", Message: "later"},
		{Span: Span{Start: Pos{Offset: 0}}, Severity: Warning, Code: "z", Message: "first, warning"},
		{Span: Span{Start: Pos{Offset: 0}}, Severity: Error, Code: "z", Message: "first, error"},
	}
	Sort(ds)
	want := []string{
		"1:1: error: first, error [z]",
		"1:1: warning: first, warning [z]",
		"2:3: warning: later [b]",
	}
	for i, d := range ds {
		if d.String() != want[i] {
			t.Errorf("ds[%d] = %q, want %q", i, d.String(), want[i])
		}
	}
	if !HasErrors(ds) || HasErrors(ds[1:]) {
		t.Error("HasErrors disagrees with the severities")
	}
}
