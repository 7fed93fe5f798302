package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
)

// runChoreo runs the CLI with args and returns its exit code, stdout and
// stderr (with the error the command returned, as main prints it).
func runChoreo(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	root := newRootCmd()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(args)
	code := cmdline.Report(&errOut, root.ExecuteContext(context.Background()))
	return code, out.String(), errOut.String()
}

// lintDir writes a directory with one clean file, one file with an error
// and a warning, and a nested file with a warning only.
func lintDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"ok.choreo":         "module ok exposing (Ok)\nprotocol Ok =\n  roles A, B\n  A -> B : Hi\n",
		"bad.choreo":        "module bad exposing (Bad)\nprotocol Bad =\n  roles A, B, C\n  A -> Ghost : Hi\n  A -> B : Hi\n",
		"sub/warn.choreo":   "protocol Warn =\n  roles A, B\n  A -> B : Hi\n",
		"sub/notes.txt":     "not a protocol",
		".hidden/x.choreo":  "garbage",
		"sub/link/a.choreo": "module a exposing (A)\nprotocol A =\n  roles X, Y\n  X { link = \"bundle=b|imports=b.ep\" } -> Y : M\n",
		"sub/link/b.choreo": "module b exposing (B)\nprotocol B =\n  roles X, Y\n  X { link = \"bundle=b|exports=b.ep\" } -> Y : M\n",
	}
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLintText(t *testing.T) {
	dir := lintDir(t)
	code, out, errOut := runChoreo(t, "lint", dir)
	if code != cmdline.ExitFindings {
		t.Errorf("exit %d, want 1 (stderr %q)", code, errOut)
	}
	bad := filepath.Join(dir, "bad.choreo")
	for _, want := range []string{
		bad + ":3:15: warning: role C never sends or receives [unused-role]",
		bad + ":4:8: error: role Ghost is not declared [undeclared-role]",
		filepath.Join(dir, "sub", "warn.choreo") + ":1:10: warning: protocol Warn has no namespace; add a module header [missing-namespace]",
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "link-unresolved") {
		t.Errorf("links across files in one run should resolve:\n%s", out)
	}
	if strings.Contains(out, ".hidden") || errOut != "" {
		t.Errorf("hidden directories are skipped and stderr is quiet off a terminal: %q", errOut)
	}

	if code, out, _ := runChoreo(t, "lint", filepath.Join(dir, "ok.choreo")); code != cmdline.ExitOK || out != "" {
		t.Errorf("clean file: exit %d, output %q", code, out)
	}
	if code, _, _ := runChoreo(t, "lint", filepath.Join(dir, "sub", "warn.choreo")); code != cmdline.ExitOK {
		t.Errorf("warnings only: exit %d, want 0", code)
	}
	if code, _, errOut := runChoreo(t, "lint", filepath.Join(dir, "missing.choreo")); code != cmdline.ExitUsage || errOut == "" && code == 0 {
		t.Errorf("missing file: exit %d", code)
	}
	if code, _, _ := runChoreo(t, "lint", "--format", "xml", dir); code != cmdline.ExitUsage {
		t.Errorf("bad format: exit %d, want 2", code)
	}
}

func TestLintConfigError(t *testing.T) {
	dir := lintDir(t)
	if err := os.WriteFile(filepath.Join(dir, "sub", "choreo.yaml"), []byte("budget:\n  multiplier: 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runChoreo(t, "lint", dir)
	if code != cmdline.ExitUsage {
		t.Errorf("broken choreo.yaml: exit %d, want 2", code)
	}
	if !strings.Contains(out, "[undeclared-role]") || strings.Contains(out, "warn.choreo") {
		t.Errorf("files outside the broken configuration's directory are still linted, files under it skipped:\n%s", out)
	}
	good := filepath.Join(t.TempDir(), "ci.yaml")
	if err := os.WriteFile(good, []byte("diagnostics:\n  missing-namespace: error\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runChoreo(t, "lint", "--config", good, filepath.Join(dir, "sub", "warn.choreo"))
	if code != cmdline.ExitFindings || !strings.Contains(out, "error: protocol Warn has no namespace") {
		t.Errorf("--config replaces the broken choreo.yaml: exit %d\n%s", code, out)
	}
	root := newRootCmd()
	root.SetArgs([]string{"lint", filepath.Join(dir, "sub", "warn.choreo")})
	root.SetOut(io.Discard)
	if e := root.ExecuteContext(context.Background()); e == nil || !strings.Contains(e.Error(), "choreo.yaml:2:15: budget.multiplier must be finite and > 0") {
		t.Errorf("error = %v, want the configuration error with its position", e)
	}
}

// TestLintConfigWarning checks that a choreo.yaml entry lint ignores (an
// unknown diagnostic code) is reported in the project file, once for all
// the files it configures, without failing the run.
func TestLintConfigWarning(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"choreo.yaml": "# ünïcødé\ndiagnostics:\n  unused-rol: off\n",
		"a.choreo":    "module a exposing (A)\nprotocol A =\n  roles X, Y\n  X -> Y : M\n",
		"b.choreo":    "module b exposing (B)\nprotocol B =\n  roles X, Y\n  Y -> X : N\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, _ := runChoreo(t, "lint", dir)
	want := filepath.Join(dir, "choreo.yaml") + `:3:3: warning: diagnostics.unused-rol: unknown diagnostic code "unused-rol" (entry ignored); did you mean "unused-role"? [config]`
	if code != cmdline.ExitOK || strings.Count(out, "[config]") != 1 || !strings.Contains(out, want) {
		t.Errorf("exit %d, output:\n%s\nwant the line\n%s", code, out, want)
	}
	// The commands that show one file print it on stderr.
	want = filepath.Join(dir, "choreo.yaml") + `:3:3: warning: diagnostics.unused-rol: unknown diagnostic code`
	for _, cmd := range []string{"budget", "manifest", "project", "run"} {
		code, _, errOut := runChoreo(t, cmd, filepath.Join(dir, "a.choreo"))
		if code != cmdline.ExitOK || !strings.Contains(errOut, want) {
			t.Errorf("%s: exit %d, stderr %q lacks the configuration warning", cmd, code, errOut)
		}
	}
}

func TestLintJSON(t *testing.T) {
	dir := lintDir(t)
	_, out, _ := runChoreo(t, "lint", "--format", "json", filepath.Join(dir, "bad.choreo"))
	var got []struct {
		File     string `json:"file"`
		Line     int    `json:"line"`
		Col      int    `json:"col"`
		Code     string `json:"code"`
		Severity string `json:"severity"`
		Fixes    []struct {
			Title string `json:"title"`
		} `json:"fixes"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got) != 2 || got[1].Code != "undeclared-role" || got[1].Line != 4 || got[1].Col != 8 || got[1].Severity != "error" || got[1].Fixes[0].Title != "Add Ghost to roles" {
		t.Errorf("json = %+v", got)
	}
}

func TestLintSARIF(t *testing.T) {
	dir := lintDir(t)
	code, out, _ := runChoreo(t, "lint", "--format", "sarif", filepath.Join(dir, "bad.choreo"))
	if code != cmdline.ExitFindings {
		t.Errorf("exit %d", code)
	}
	rep, err := sarif.FromString(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.Validate(); err != nil {
		t.Fatalf("invalid SARIF: %v", err)
	}
	res := rep.Runs[0].Results
	if len(res) != 2 || *res[1].RuleID != "undeclared-role" || res[1].Level != "error" ||
		*res[1].Locations[0].PhysicalLocation.Region.StartLine != 4 {
		t.Errorf("results = %s", out)
	}
}

func TestLintGitHub(t *testing.T) {
	dir := lintDir(t)
	_, out, _ := runChoreo(t, "lint", "--format", "github", filepath.Join(dir, "bad.choreo"))
	want := "::error file=" + filepath.ToSlash(filepath.Join(dir, "bad.choreo")) + ",line=4,col=8,endLine=4,endColumn=13,title=undeclared-role::role Ghost is not declared [undeclared-role]\n"
	if !strings.Contains(out, want) || !strings.HasPrefix(out, "::warning ") {
		t.Errorf("github output:\n%s\nwant line:\n%s", out, want)
	}
	if got := githubEscape("a:b,c%\n", true); got != "a%3Ab%2Cc%25%0A" {
		t.Errorf("githubEscape = %q", got)
	}
}

func TestBudgetAndManifest(t *testing.T) {
	threshold := filepath.Join("..", "..", "..", "examples", "threshold_sign.choreo")
	code, out, _ := runChoreo(t, "budget", threshold)
	if code != cmdline.ExitOK {
		t.Errorf("budget exit %d", code)
	}
	for _, want := range []string{
		"class:      consensus fallback, k_σ = 1.8, expected W 80–140",
		"chosen by:  inferred from namespace aura.consensus.threshold",
		"families:   Witness: 3 members (default size)",
		"depths:     Coordinator 9, Witness[0] 3, Witness[1] 3, Witness[2] 3",
		"W₀:         2 × 18 = 36 (outside 80–140)",
		"max_steps:  min(1000000, ceil(ceil(36 × 1.8) × 1)) = 65",
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("budget output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runChoreo(t, "manifest", threshold)
	var m struct {
		ProtocolID   string            `json:"protocol_id"`
		Capabilities []string          `json:"required_capabilities"`
		LocalTypes   map[string]string `json:"local_types"`
		Envelope     []string          `json:"envelope"`
	}
	if err := json.Unmarshal([]byte(out), &m); err != nil || code != cmdline.ExitOK {
		t.Fatalf("manifest exit %d: %v\n%s", code, err, out)
	}
	if m.ProtocolID != "aura.consensus.threshold.ThresholdSign" || len(m.Capabilities) != 3 || len(m.LocalTypes) != 4 || m.Envelope[0] != "byzantine_envelope" {
		t.Errorf("manifest = %+v", m)
	}
}

// TestBudgetConfigFlag checks that budget and manifest take their
// configuration from --config instead of the choreo.yaml next to the file.
func TestBudgetConfigFlag(t *testing.T) {
	threshold := filepath.Join("..", "..", "..", "examples", "threshold_sign.choreo")
	cfg := filepath.Join(t.TempDir(), "ci.yaml")
	yaml := "families:\n  sizes:\n    Witness: 5\n" +
		"protocols:\n  aura.consensus.threshold: aura.dkg.ceremony\n" +
		"budget:\n  multiplier: 2\n  hard_cap: 50\n"
	if err := os.WriteFile(cfg, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runChoreo(t, "budget", "--config", cfg, threshold)
	if code != cmdline.ExitOK {
		t.Errorf("budget exit %d (stderr %q)", code, errOut)
	}
	for _, want := range []string{
		"class:      DKG ceremony, k_σ = 1.6, expected W 160–260",
		"chosen by:  protocol id aura.dkg.ceremony from configuration",
		"families:   Witness: 5 members (size from choreo.yaml)",
		"depths:     Coordinator 15, Witness[0] 3, Witness[1] 3, Witness[2] 3, Witness[3] 3, Witness[4] 3",
		"W₀:         2 × 30 = 60 (outside 160–260)",
		"max_steps:  min(50, ceil(ceil(60 × 1.6) × 2)) = 50",
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("budget --config output lacks %q:\n%s", want, out)
		}
	}

	code, out, _ = runChoreo(t, "manifest", "--config", cfg, threshold)
	var m struct {
		Termination struct {
			Class    string `json:"class"`
			MaxSteps int64  `json:"max_steps"`
		} `json:"termination"`
		LocalTypes map[string]string `json:"local_types"`
	}
	if err := json.Unmarshal([]byte(out), &m); err != nil || code != cmdline.ExitOK {
		t.Fatalf("manifest --config exit %d: %v\n%s", code, err, out)
	}
	if m.Termination.Class != "DKG ceremony" || m.Termination.MaxSteps != 50 || len(m.LocalTypes) != 6 {
		t.Errorf("manifest --config: %+v, %d local types; want DKG ceremony, max_steps 50 and 6 types", m.Termination, len(m.LocalTypes))
	}

	missing := filepath.Join(t.TempDir(), "missing.yaml")
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("budget:\n  multiplier: 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"budget", "manifest"} {
		for _, tt := range []struct{ path, msg string }{
			{missing, "--config: open " + missing + ": no such file or directory"},
			{bad, bad + ":2:15: budget.multiplier must be finite and > 0, got 0"},
		} {
			root := newRootCmd()
			var out bytes.Buffer
			root.SetOut(&out)
			root.SetErr(io.Discard)
			root.SetArgs([]string{cmd, "--config", tt.path, threshold})
			err := root.ExecuteContext(context.Background())
			if code := exitCode(err); code != cmdline.ExitUsage || err.Error() != tt.msg || out.Len() != 0 {
				t.Errorf("%s --config %s: exit %d, error %v, output %q; want exit 2, error %q and no output", cmd, tt.path, code, err, out.String(), tt.msg)
			}
		}
	}
}
