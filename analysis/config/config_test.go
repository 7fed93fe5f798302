package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/choreo-lang/choreo/analysis/internal/diagcodes"
	"github.com/choreo-lang/choreo/diag"
)

func TestParse(t *testing.T) {
	src := `families:
  default: 4
  sizes:
    Witness: 5
    N: 7
protocols:
  aura_consensus: aura.consensus
budget:
  multiplier: 1.5
  hard_cap: 500
diagnostics:
  unused-role: off
  budget-range: error
envelopes:
  aura.chat: [cooperative]
determinism_policy: aura.determinism.v1
compat:
  base: origin/main
  severity: error
subtype:
  timeout: 2500ms
  max_configurations: 1000
  max_pending: 64
`
	c, err := Parse("choreo.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"default size", c.DefaultFamilySize, 4},
		{"multiplier", c.Multiplier, 1.5},
		{"hard cap", c.HardCap, int64(500)},
		{"protocol id", c.ProtocolIDs["aura_consensus"], "aura.consensus"},
		{"envelope", strings.Join(c.Envelopes["aura.chat"], ","), "cooperative"},
		{"policy", c.DeterminismPolicy, "aura.determinism.v1"},
		{"compat base", c.CompatBase, "origin/main"},
		{"compat severity", c.CompatSeverity, diag.Error},
		{"subtype timeout", c.SubtypeTimeout, 2500 * time.Millisecond},
		{"subtype configurations", c.SubtypeMaxConfigurations, 1000},
		{"subtype pending", c.SubtypeMaxPending, 64},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s = %v, want %v", ch.name, ch.got, ch.want)
		}
	}
	if n, ok := c.FamilySize("Witness", "N"); n != 5 || !ok {
		t.Errorf("FamilySize(Witness, N) = %d, %v; the family name wins", n, ok)
	}
	if n, ok := c.FamilySize("Pool", "N"); n != 7 || !ok {
		t.Errorf("FamilySize(Pool, N) = %d, %v; want the symbol's size", n, ok)
	}
	if n, ok := c.FamilySize("Pool", ""); n != 4 || ok {
		t.Errorf("FamilySize(Pool, *) = %d, %v; want the default", n, ok)
	}
	if _, on := c.Severity("unused-role", diag.Warning); on {
		t.Error("unused-role should be off")
	}
	if s, on := c.Severity("budget-range", diag.Warning); s != diag.Error || !on {
		t.Errorf("budget-range = %v, %v; want error", s, on)
	}
	if s, on := c.Severity("self-send", diag.Error); s != diag.Error || !on {
		t.Errorf("self-send keeps its default, got %v, %v", s, on)
	}
	if len(c.Warnings) != 0 {
		t.Errorf("Warnings = %v, want none", c.Warnings)
	}
}

func TestDefault(t *testing.T) {
	c := Default()
	if c.DefaultFamilySize != 3 || c.Multiplier != 1.0 || c.HardCap <= 0 {
		t.Errorf("Default() = %+v", c)
	}
}

func TestParseErrorsHavePositions(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
		msg       string
	}{
		{"bad multiplier", "budget:\n  multiplier: 0\n", 2, 15, "finite and > 0"},
		{"negative multiplier", "budget:\n  multiplier: -2.5\n", 2, 15, "finite and > 0"},
		{"infinite multiplier", "budget:\n  multiplier: .inf\n", 2, 15, "finite and > 0"},
		{"bad severity", "diagnostics:\n  unused-role: loud\n", 2, 16, "unknown severity"},
		{"unknown code, bad severity", "diagnostics:\n  unused-rol: loud\n", 2, 15, "unknown severity"},
		{"unknown field", "budget:\n  multiplyer: 2\n", 2, 3, `unknown field "multiplyer"; did you mean "multiplier"?`},
		{"unknown top-level field", "familes:\n  sizes: {}\n", 1, 1, `unknown field "familes"; did you mean "families"?`},
		{"unknown field, nothing close", "zzz: 1\n", 1, 1, `unknown field "zzz"`},
		{"family size", "families:\n  sizes:\n    W: 0\n", 3, 8, "at least 1"},
		{"wrong type", "budget:\n  hard_cap: lots\n", 2, 13, ""},
		{"syntax", "budget: [\n", 1, 9, ""},
		{"subtype timeout", "subtype:\n  timeout: soon\n", 2, 12, "positive duration"},
		{"negative subtype timeout", "subtype:\n  timeout: -1s\n", 2, 12, "positive duration"},
		{"subtype configurations", "subtype:\n  max_configurations: 0\n", 2, 23, "at least 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("p/choreo.yaml", []byte(tt.src))
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("Parse error = %v, want *Error", err)
			}
			if ce.Line != tt.line || ce.Col != tt.col {
				t.Errorf("position = %d:%d, want %d:%d (%v)", ce.Line, ce.Col, tt.line, tt.col, err)
			}
			if !strings.Contains(err.Error(), tt.msg) || !strings.HasPrefix(err.Error(), "p/choreo.yaml:") {
				t.Errorf("error %q should start with the path and mention %q", err, tt.msg)
			}
		})
	}
}

func TestLoadWalksUp(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, FileName), []byte("families:\n  default: 6\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(deep)
	if err != nil {
		t.Fatal(err)
	}
	if c.DefaultFamilySize != 6 || c.Path != filepath.Join(root, FileName) {
		t.Errorf("Load = size %d from %q", c.DefaultFamilySize, c.Path)
	}
}

func TestParseUnknownCodeWarns(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
		msg       string // the warning contains it
		suggest   string // "" when no suggestion is expected
	}{
		{"typo", "diagnostics:\n  unused-rol: off\n", 2, 3, `unknown diagnostic code "unused-rol"`, "unused-role"},
		{"transposition", "diagnostics:\n  unused-role: off\n  slef-send: off\n", 3, 3, `"slef-send"`, "self-send"},
		{"upper case", "diagnostics:\n  Budget-Range: error\n", 2, 3, `"Budget-Range"`, "budget-range"},
		{"quoted key", "diagnostics:\n  \"unreachabel\": hint\n", 2, 3, `"unreachabel"`, "unreachable"},
		{"flow mapping", "diagnostics: {bad-indx: off}\n", 1, 15, `"bad-indx"`, "bad-index"},
		{"nothing close", "diagnostics:\n  frobnicate: off\n", 2, 3, `"frobnicate"`, ""},
		{"another tool's code", "diagnostics:\n  compat-incompatible: off\n", 2, 3, `"compat-incompatible"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("p/choreo.yaml", []byte(tt.src))
			if err != nil {
				t.Fatalf("an unknown code must not stop the file from loading: %v", err)
			}
			if len(c.Warnings) != 1 {
				t.Fatalf("Warnings = %v, want one", c.Warnings)
			}
			w := c.Warnings[0]
			if !w.Warning || w.Line != tt.line || w.Col != tt.col {
				t.Errorf("warning at %d:%d (Warning=%v), want a warning at %d:%d", w.Line, w.Col, w.Warning, tt.line, tt.col)
			}
			text := w.Error()
			if !strings.HasPrefix(text, "p/choreo.yaml:") || !strings.Contains(text, "warning: ") || !strings.Contains(text, tt.msg) {
				t.Errorf("warning %q should start with the path, say warning and mention %q", text, tt.msg)
			}
			want := "did you mean"
			if tt.suggest != "" {
				want = fmt.Sprintf("did you mean %q?", tt.suggest)
			}
			if strings.Contains(text, want) != (tt.suggest != "") {
				t.Errorf("warning %q: want suggestion %q", text, tt.suggest)
			}
			for code := range c.Severities {
				if code != "unused-role" {
					t.Errorf("Severities holds %q; unknown entries are ignored", code)
				}
			}
		})
	}
}

func TestParseAcceptsEveryKnownCode(t *testing.T) {
	var src strings.Builder
	src.WriteString("diagnostics:\n")
	all := diagcodes.All()
	for _, ci := range all {
		src.WriteString("  " + string(ci.Code) + ": hint\n")
	}
	c, err := Parse("choreo.yaml", []byte(src.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Warnings) != 0 {
		t.Errorf("Warnings = %v, want none", c.Warnings)
	}
	if len(c.Severities) != len(all) {
		t.Errorf("%d severities, want %d", len(c.Severities), len(all))
	}
}

func TestErrorOffset(t *testing.T) {
	src := []byte("# ünï\ndiagnostics:\n  unüsed-rol: off\n")
	for _, tt := range []struct {
		line, col, want int
	}{
		{0, 0, -1},  // no position
		{1, 1, 0},   // the start
		{3, 3, 23},  // the key, after two spaces
		{3, 15, 36}, // the value: ü is two bytes
		{3, 99, 39}, // past the end of the line: its end
		{9, 1, 40},  // past the end of the text: its end
	} {
		if got := (&Error{Line: tt.line, Col: tt.col}).Offset(src); got != tt.want {
			t.Errorf("line %d col %d: offset %d, want %d", tt.line, tt.col, got, tt.want)
		}
	}
}

func TestParseLargeFamilyWarns(t *testing.T) {
	for _, tt := range []struct {
		src       string
		line, col int
		want      string
	}{
		{"families:\n  sizes:\n    W: 20000\n    V: 1000\n", 3, 5, "family size 20000 of W is large"},
		{"families:\n  default: 5000\n", 2, 3, "family size 5000 of every family without a size is large"},
	} {
		c, err := Parse("choreo.yaml", []byte(tt.src))
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Warnings) != 1 || c.Warnings[0].Line != tt.line || c.Warnings[0].Col != tt.col || !strings.Contains(c.Warnings[0].Msg, tt.want) {
			t.Errorf("%q: warnings %v, want one at %d:%d with %q", tt.src, c.Warnings, tt.line, tt.col, tt.want)
		}
	}
}
