package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
		{"unknown field", "budget:\n  multiplyer: 2\n", 2, 3, "unknown field"},
		{"family size", "families:\n  sizes:\n    W: 0\n", 3, 8, "at least 1"},
		{"wrong type", "budget:\n  hard_cap: lots\n", 2, 13, ""},
		{"syntax", "budget: [\n", 1, 9, ""},
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
