package projection

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/internal/testkit"
)

// WriteReport renders the projections of p's participants and the given
// diagnostics in the format of the golden files: every role in session,
// Rust and pretty notation with its depth, then the diagnostics with their
// related locations.
func WriteReport(w *strings.Builder, participants []string, types map[string]Type, ds []diag.Diagnostic) {
	for _, r := range participants {
		t := types[r]
		fmt.Fprintf(w, "%s (depth %d):\n  session: %s\n  rust:    %s\n  pretty:\n    %s\n",
			r, Depth(t), Session(t), strings.ReplaceAll(Rust(t), "\n", "\n           "), strings.ReplaceAll(Pretty(t), "\n", "\n    "))
	}
	for _, d := range ds {
		fmt.Fprintf(w, "%s %s [%s]: %s\n", d.Span, d.Severity, d.Code, d.Message)
		for _, rel := range d.Related {
			fmt.Fprintf(w, "  %s: %s\n", rel.Span, rel.Message)
		}
	}
}

// TestProjectGolden records every hand-written case in all notations,
// with the full text of its diagnostics.
func TestProjectGolden(t *testing.T) {
	var out strings.Builder
	for _, tc := range projectCases() {
		p := tc.build(&builder{})
		types, ds := Project(p)
		fmt.Fprintf(&out, "=== %s\n", tc.name)
		WriteReport(&out, p.Participants(), types, ds)
		out.WriteByte('\n')
	}
	testkit.Golden(t, filepath.Join("testdata", "cases.golden"), []byte(out.String()))
}
