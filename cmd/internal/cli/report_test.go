package cli

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
	"github.com/choreo-lang/choreo/diag"
)

// unicodeSrc has non-ASCII text before both errors: in a block comment
// (ü ï ø é: 2 bytes, 1 UTF-16 unit each; ✓: 3 bytes, 1 unit) and in an
// annotation value (🎉: 4 bytes, 2 units). The undeclared roles are at
// byte columns 30 and 41 (one-based) but UTF-16 columns 24 and 38.
const unicodeSrc = "module uni exposing (Uni)\nprotocol Uni =\n  roles A, B\n" +
	"  {- ünïcødé ✓ -} A -> Ghost : Hi\n" +
	"  A { guard_capability = \"🎉:ü\" } -> Phantom : Hi\n" +
	"  A -> B : Hi\n"

// sarifRegions is the part of a SARIF log the column tests look at.
type sarifRegions struct {
	Runs []struct {
		ColumnKind string `json:"columnKind"`
		Results    []struct {
			RuleID    string `json:"ruleId"`
			Locations []struct {
				PhysicalLocation struct {
					Region map[string]int `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
		} `json:"results"`
	} `json:"runs"`
}

// TestColumnsUTF16 lints a file with non-ASCII text before its errors and
// checks that SARIF and GitHub output count columns in UTF-16 code units
// while text and JSON output keep byte columns.
func TestColumnsUTF16(t *testing.T) {
	path := filepath.Join(t.TempDir(), "uni.choreo")
	if err := os.WriteFile(path, []byte(unicodeSrc), 0o644); err != nil {
		t.Fatal(err)
	}
	slash := filepath.ToSlash(path)
	tests := []struct {
		format string
		check  func(t *testing.T, out string)
	}{
		{"github", func(t *testing.T, out string) {
			want := "::error file=" + slash + ",line=4,col=24,endLine=4,endColumn=29,title=undeclared-role::role Ghost is not declared [undeclared-role]\n" +
				"::error file=" + slash + ",line=5,col=38,endLine=5,endColumn=45,title=undeclared-role::role Phantom is not declared [undeclared-role]\n"
			if out != want {
				t.Errorf("github output:\n%s\nwant:\n%s", out, want)
			}
		}},
		{"sarif", func(t *testing.T, out string) {
			checkSARIFRegions(t, out, []map[string]int{
				{"startLine": 4, "startColumn": 24, "endLine": 4, "endColumn": 29, "byteOffset": 83, "byteLength": 5},
				{"startLine": 5, "startColumn": 38, "endLine": 5, "endColumn": 45, "byteOffset": 134, "byteLength": 7},
			})
		}},
		{"text", func(t *testing.T, out string) {
			want := path + ":4:30: error: role Ghost is not declared [undeclared-role]\n" +
				path + ":5:41: error: role Phantom is not declared [undeclared-role]\n"
			if out != want {
				t.Errorf("text output:\n%s\nwant (byte columns):\n%s", out, want)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			code, out, errOut := runChoreo(t, "lint", "--format", tt.format, path)
			if code != cmdline.ExitFindings {
				t.Errorf("exit %d, want 1 (stderr %q)", code, errOut)
			}
			tt.check(t, out)
		})
	}
}

// checkSARIFRegions checks that the SARIF log out declares UTF-16 columns
// and that its results have exactly the regions want, in order.
func checkSARIFRegions(t *testing.T, out string, want []map[string]int) {
	t.Helper()
	rep, err := sarif.FromString(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.Validate(); err != nil {
		t.Errorf("invalid SARIF: %v", err)
	}
	var log sarifRegions
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	run := log.Runs[0]
	if run.ColumnKind != "utf16CodeUnits" {
		t.Errorf("columnKind = %q, want utf16CodeUnits", run.ColumnKind)
	}
	if len(run.Results) != len(want) {
		t.Fatalf("%d results, want %d:\n%s", len(run.Results), len(want), out)
	}
	for i, res := range run.Results {
		if got := res.Locations[0].PhysicalLocation.Region; !maps.Equal(got, want[i]) {
			t.Errorf("result %d (%s): region %v, want %v", i, res.RuleID, got, want[i])
		}
	}
}

// TestColumnsWithoutSource checks that findings without source text (as
// compat builds them) get lines but no columns, never byte columns.
func TestColumnsWithoutSource(t *testing.T) {
	sp := diag.Span{Start: diag.Pos{Offset: 88, Line: 3, Col: 29}, End: diag.Pos{Offset: 93, Line: 3, Col: 34}}
	fs := []Finding{{Path: "uni.choreo", Diagnostic: diag.Diagnostic{Span: sp, Severity: diag.Warning, Code: "c", Message: "m"}}}
	var b bytes.Buffer
	if err := writeFindings(&b, formatGitHub, fs); err != nil {
		t.Fatal(err)
	}
	if want := "::warning file=uni.choreo,line=4,endLine=4,title=c::m [c]\n"; b.String() != want {
		t.Errorf("github output %q, want %q", b.String(), want)
	}
	b.Reset()
	if err := writeFindings(&b, formatSARIF, fs); err != nil {
		t.Fatal(err)
	}
	checkSARIFRegions(t, b.String(), []map[string]int{{"startLine": 4, "endLine": 4, "byteOffset": 88, "byteLength": 5}})
}

func TestColumn(t *testing.T) {
	src := []byte("ab\n✓🎉x\xffy\r\n")
	tests := []struct {
		off, col int // byte offset and zero-based byte column
		want     int
		ok       bool
	}{
		{0, 0, 1, true},
		{2, 2, 3, true},   // end of line 1
		{3, 0, 1, true},   // start of line 2
		{6, 3, 2, true},   // after ✓ (3 bytes, 1 unit)
		{10, 7, 4, true},  // after 🎉 (4 bytes, 2 units)
		{12, 9, 6, true},  // after an invalid byte (1 unit)
		{13, 10, 7, true}, // at the '\r'
		{20, 3, 0, false}, // past the text
		{1, 2, 0, false},  // column larger than the offset
	}
	for _, tt := range tests {
		got, ok := column(src, diag.Pos{Offset: tt.off, Col: tt.col})
		if got != tt.want || ok != tt.ok {
			t.Errorf("column(offset %d, col %d) = %d, %v; want %d, %v", tt.off, tt.col, got, ok, tt.want, tt.ok)
		}
	}
	if _, ok := column(nil, diag.Pos{}); ok {
		t.Error("column without source text is known")
	}
}
