package lsp

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/diag"
)

func TestSettingsMerge(t *testing.T) {
	tests := []struct {
		name    string
		raw     string
		delay   time.Duration
		base    string
		sev     diag.Severity
		enabled bool
		wantErr bool
	}{
		{name: "null keeps defaults", raw: "null", delay: DefaultDiagnosticsDelay, enabled: true},
		{name: "section", raw: `{"choreo": {"diagnosticsDelayMs": 0, "compat": {"base": "origin/main", "severity": "error"}}}`, base: "origin/main", sev: diag.Error, enabled: true},
		{name: "bare", raw: `{"diagnosticsDelayMs": 200, "compat": {"enabled": false}}`, delay: 200 * time.Millisecond},
		{name: "negative delay", raw: `{"diagnosticsDelayMs": -1}`, wantErr: true},
		{name: "bad severity", raw: `{"compat": {"severity": "loud"}}`, wantErr: true},
		{name: "not JSON", raw: `{`, wantErr: true},
		{name: "an empty array is an empty object", raw: `{"choreo": {"diagnosticsDelayMs": 0, "familySizes": [], "budget": [], "compat": {"base": "main"}}}`, base: "main", enabled: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := defaultSettings()
			err := s.merge([]byte(tt.raw))
			if (err != nil) != tt.wantErr {
				t.Fatalf("merge error = %v, want error %v", err, tt.wantErr)
			}
			if tt.wantErr {
				if s.DiagnosticsDelay != nil || !s.Compat.Enabled {
					t.Errorf("a failed merge changed the settings: %+v", s)
				}
				return
			}
			if got := s.diagnosticsDelay(); got != tt.delay {
				t.Errorf("delay = %v, want %v", got, tt.delay)
			}
			if s.Compat.Base != tt.base || s.Compat.Enabled != tt.enabled {
				t.Errorf("compat = %+v", s.Compat)
			}
			if sev := s.Compat.Severity; (sev == nil) != (tt.sev == 0) || sev != nil && *sev != tt.sev {
				t.Errorf("severity = %v, want %v", sev, tt.sev)
			}
		})
	}
}

func TestAnalysisSettingsMerge(t *testing.T) {
	s := defaultSettings()
	if err := s.merge([]byte(`{"choreo": {"familySizes": {"Witness": 5, "N": 2}, "budget": {"multiplier": 3}}}`)); err != nil {
		t.Fatal(err)
	}
	if a := s.Analysis; a.Multiplier != 3 || len(a.FamilySizes) != 2 || a.FamilySizes["Witness"] != 5 {
		t.Errorf("analysis settings = %+v", a)
	}
	// The clients send every analysis setting: the family sizes replace the
	// previous set and the default multiplier, 1, means "not set".
	if err := s.merge([]byte(`{"familySizes": {"N": 4}, "budget": {"multiplier": 1}}`)); err != nil {
		t.Fatal(err)
	}
	if a := s.Analysis; a.Multiplier != 0 || len(a.FamilySizes) != 1 || a.FamilySizes["N"] != 4 {
		t.Errorf("analysis settings = %+v", a)
	}
	before := s.Analysis
	for _, raw := range []string{`{"familySizes": {"N": 0}}`, `{"familySizes": {"N": 2.5}}`, `{"budget": {"multiplier": 0}}`, `{"budget": {"multiplier": -1}}`} {
		if err := s.merge([]byte(raw)); err == nil {
			t.Errorf("merge(%s) accepted", raw)
		}
	}
	if s.Analysis != before {
		t.Errorf("a failed merge changed the analysis settings: %+v", s.Analysis)
	}
	// Settings without analysis options keep the same (pointer-equal)
	// overrides, so that configurations and baselines stay cached.
	if err := s.merge([]byte(`{"compat": {"enabled": false}}`)); err != nil || s.Analysis != before {
		t.Errorf("unrelated settings replaced the analysis settings (error %v)", err)
	}

	cfg := config.Default()
	cfg.FamilySizes["Witness"] = 7
	cfg.FamilySizes["N"] = 3
	cfg.Multiplier = 2
	got := s.Analysis.apply(cfg)
	if n, _ := got.FamilySize("Other", "N"); n != 4 || got.Multiplier != 2 {
		t.Errorf("applied: N = %d, multiplier %v; want the setting's 4 and the project's 2", n, got.Multiplier)
	}
	if n, _ := got.FamilySize("Witness", "N"); n != 7 {
		t.Errorf("applied: Witness = %d, want the project's entry for the family name, 7", n)
	}
	if cfg.FamilySizes["N"] != 3 {
		t.Error("apply modified the project configuration")
	}
	if (*analysisSettings)(nil).apply(cfg) != cfg || (&analysisSettings{}).apply(cfg) != cfg {
		t.Error("no overrides: apply copied the configuration")
	}
}

// TestMalformedSettingKeepsTheRest: one malformed field is reported and
// left out; every other field applies.
func TestMalformedSettingKeepsTheRest(t *testing.T) {
	s := defaultSettings()
	err := s.merge([]byte(`{"choreo": {"familySizes": [3, 4], "diagnosticsDelayMs": 7, "budget": {"multiplier": 2}, "compat": {"severity": "loud", "base": "main"}}}`))
	if err == nil || !strings.Contains(err.Error(), "familySizes") || !strings.Contains(err.Error(), "compat") {
		t.Fatalf("error = %v, want familySizes and compat reported", err)
	}
	if s.diagnosticsDelay() != 7*time.Millisecond || s.Analysis.Multiplier != 2 {
		t.Errorf("the valid fields did not apply: delay %v, multiplier %v", s.diagnosticsDelay(), s.Analysis.Multiplier)
	}
	if s.Compat.Base != "" {
		t.Errorf("a malformed compat section applied in part: %+v", s.Compat)
	}
}

// TestMalformedSettingsAreShown: through the protocol, malformed
// initializationOptions are shown to the user and the rest applies.
func TestMalformedSettingsAreShown(t *testing.T) {
	ctx := testContext(t)
	ts := startServer(t, Options{DiagnosticsDelay: 0}, nil)
	initialize := map[string]any{
		"capabilities":          map[string]any{},
		"initializationOptions": json.RawMessage(`{"choreo": {"familySizes": ["W"], "budget": {"multiplier": 2}}}`),
	}
	if err := ts.Call(ctx, protocol.MethodInitialize, initialize, nil); err != nil {
		t.Fatal(err)
	}
	m, err := ts.ShowMessage(ctx, "familySizes")
	if err != nil {
		t.Fatal(err)
	}
	if m.Type != protocol.MessageTypeWarning || !strings.Contains(m.Message, "the rest applies") {
		t.Errorf("message = %+v", m)
	}
	if err := ts.Notify(protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": json.RawMessage(`{"diagnosticsDelayMs": "soon"}`)}); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.ShowMessage(ctx, "diagnosticsDelayMs"); err != nil {
		t.Fatal(err)
	}
}

// TestAnalysisSettingsThroughProtocol: the client's familySizes and
// budget.multiplier override choreo.yaml in the analysis (seen in the
// protocol hover), from initializationOptions and then from
// workspace/didChangeConfiguration, which re-analyses the open document.
func TestAnalysisSettingsThroughProtocol(t *testing.T) {
	dir := t.TempDir()
	const text = "module fam exposing (Fam)\n\nprotocol Fam =\n  roles C, W[N]\n\n  C -> W[*] : Req\n  W[*] -> C : Share\n"
	for name, data := range map[string]string{
		"choreo.yaml": "families:\n  sizes:\n    W: 2\nbudget:\n  multiplier: 2\n",
		"fam.choreo":  text,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx := testContext(t)
	ts := startServer(t, Options{DiagnosticsDelay: 0}, nil)
	initialize := map[string]any{
		"capabilities":          map[string]any{},
		"initializationOptions": json.RawMessage(`{"choreo": {"familySizes": {"W": 3}, "budget": {"multiplier": 1}}}`),
	}
	if err := ts.Call(ctx, protocol.MethodInitialize, initialize, nil); err != nil {
		t.Fatal(err)
	}
	if err := ts.Notify(protocol.MethodInitialized, &protocol.InitializedParams{}); err != nil {
		t.Fatal(err)
	}
	u := uri.File(filepath.Join(dir, "fam.choreo"))
	if err := ts.Open(u, text); err != nil {
		t.Fatal(err)
	}
	check := func(step string, size int, multiplier float64) {
		t.Helper()
		var h protocol.Hover
		params := &protocol.HoverParams{TextDocumentPositionParams: docPos(u, posOf(t, text, "Fam =", 0))}
		if err := ts.Call(ctx, protocol.MethodTextDocumentHover, params, &h); err != nil {
			t.Fatal(err)
		}
		mc, ok := h.Contents.(*protocol.MarkupContent)
		if !ok {
			t.Fatalf("%s: contents = %T, want markup", step, h.Contents)
		}
		var w0, sum, steps int64
		var k float64
		_, err1 := fmt.Sscanf(mc.Value[max(strings.Index(mc.Value, "**Budget:**"), 0):], "**Budget:** W₀ = %d (2 × Σ depth %d), max_steps = %d", &w0, &sum, &steps)
		_, err2 := fmt.Sscanf(mc.Value[max(strings.Index(mc.Value, "k_σ = "), 0):], "k_σ = %g", &k)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: budget in hover: %v, %v\n%s", step, err1, err2, mc.Value)
		}
		if want := fmt.Sprintf("`W` ×%d", size); !strings.Contains(mc.Value, want) {
			t.Errorf("%s: hover lacks %q:\n%s", step, want, mc.Value)
		}
		if want := analysis.MaxSteps(w0, k, multiplier, config.DefaultHardCap); steps != want {
			t.Errorf("%s: max_steps = %d, want %d (multiplier %v)", step, steps, want, multiplier)
		}
	}
	check("initializationOptions", 3, 2)
	configure := func(raw string) {
		t.Helper()
		if err := ts.Notify(protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": json.RawMessage(raw)}); err != nil {
			t.Fatal(err)
		}
	}
	configure(`{"choreo": {"familySizes": {}, "budget": {"multiplier": 5}}}`)
	check("multiplier 5", 2, 5)
	configure(`{"choreo": {"familySizes": {"W": 4}, "budget": {"multiplier": 1}}}`)
	check("family W", 4, 2)
}
