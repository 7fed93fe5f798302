package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/choreo-lang/choreo/internal/testkit"
)

// workflow is the part of a GitHub Actions workflow the test reads.
type workflow struct {
	Name        string            `yaml:"name"`
	On          map[string]any    `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Jobs        map[string]struct {
		RunsOn string `yaml:"runs-on"`
		Steps  []struct {
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			If   string            `yaml:"if"`
			With map[string]any    `yaml:"with"`
			Run  string            `yaml:"run"`
			Env  map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// TestGitHubWorkflow checks the shipped GitHub Actions workflow as far as
// it can run here: it is valid YAML of the expected shape (history fetched
// for compat, SARIF uploaded even when lint fails), and its commands run in
// a scratch repository with a pull request branch against a bare origin,
// with the choreo binary on PATH: lint writes a valid SARIF log, compat
// fails the job on a major change and passes a compatible one.
func TestGitHubWorkflow(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs git")
	}
	data, err := os.ReadFile(filepath.Join(testkit.RepoRoot(t), "docs", "ci", "github-actions.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var wf workflow
	if err := yaml.UnmarshalWithOptions(data, &wf, yaml.Strict()); err != nil {
		t.Fatalf("the workflow is not valid YAML: %v", err)
	}
	job, ok := wf.Jobs["choreo"]
	if _, pr := wf.On["pull_request"]; !ok || len(job.Steps) == 0 || !pr || job.RunsOn == "" {
		t.Fatalf("unexpected workflow shape: %+v", wf)
	}
	if wf.Permissions["security-events"] != "write" {
		t.Errorf("uploading SARIF needs security-events: write, got %v", wf.Permissions)
	}
	var runs []string
	for _, st := range job.Steps {
		switch {
		case strings.HasPrefix(st.Uses, "actions/checkout"):
			if d, ok := st.With["fetch-depth"]; !ok || d != uint64(0) {
				t.Errorf("checkout must fetch the history (fetch-depth: 0), got %v", d)
			}
		case strings.HasPrefix(st.Uses, "github/codeql-action/upload-sarif"):
			if st.If != "always()" || st.With["sarif_file"] != "choreo.sarif" {
				t.Errorf("the SARIF upload must run always and upload choreo.sarif: %+v", st)
			}
		case st.Run != "" && st.Name != "Install choreo":
			runs = append(runs, st.Run)
		}
	}
	if len(runs) != 2 {
		t.Fatalf("want the lint and compat steps, got %q", runs)
	}

	bin := choreoBinary(t)
	pathDir := t.TempDir()
	if err := os.Symlink(bin, filepath.Join(pathDir, "choreo")); err != nil {
		t.Fatal(err)
	}
	origin := filepath.Join(t.TempDir(), "origin.git")
	work := testkit.GitRepo(t)
	const proto = "module shop exposing (Shop)\n\nprotocol Shop =\n  roles Client, Server\n\n  Client -> Server : Order(item: String)\n  Server -> Client : Receipt\n"
	writeFile(t, filepath.Join(work, "shop.tell"), proto)
	testkit.Git(t, work, "add", ".")
	testkit.Git(t, work, "commit", "-q", "-m", "base")
	testkit.Git(t, work, "branch", "-M", "main")
	testkit.Git(t, work, "clone", "-q", "--bare", work, origin)
	testkit.Git(t, work, "remote", "add", "origin", origin)
	testkit.Git(t, work, "fetch", "-q", "origin")
	testkit.Git(t, work, "checkout", "-q", "-b", "feature")

	step := func(script string) (int, string) {
		t.Helper()
		script = strings.ReplaceAll(script, "${{ github.base_ref }}", "main")
		cmd := exec.Command("bash", "-e", "-c", script) // GitHub's default shell on Linux
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "PATH="+pathDir+string(os.PathListSeparator)+os.Getenv("PATH"))
		out, err := cmd.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), string(out)
		} else if err != nil {
			t.Fatal(err)
		}
		return 0, string(out)
	}
	commit := func(text string) {
		t.Helper()
		writeFile(t, filepath.Join(work, "shop.tell"), text)
		testkit.Git(t, work, "commit", "-q", "-am", "change")
	}

	// A pull request that adds a message Server must receive.
	commit(proto + "  Client -> Server : Thanks\n")
	if code, out := step(runs[0]); code != 0 {
		t.Fatalf("lint step: exit %d\n%s", code, out)
	}
	log, err := os.ReadFile(filepath.Join(work, "choreo.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := sarif.FromBytes(log); err != nil || rep.Validate() != nil {
		t.Fatalf("lint step wrote no valid SARIF log: %v", err)
	}
	if code, out := step(runs[1]); code != 1 || !strings.Contains(out, "major") {
		t.Errorf("compat step on an added message: exit %d\n%s", code, out)
	}
	// A metadata-only change passes.
	commit(strings.Replace(proto, "Server -> Client : Receipt", "Server { flow_cost : 5 } -> Client : Receipt", 1))
	if code, out := step(runs[1]); code != 0 || !strings.Contains(out, "patch") {
		t.Errorf("compat step on a metadata change: exit %d\n%s", code, out)
	}
	// A protocol with an error fails the lint step, and the log is still written.
	commit(proto + "  Client -> Client : Self\n")
	if code, out := step(runs[0]); code == 0 {
		t.Errorf("lint step on an error: exit 0\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(work, "choreo.sarif")); err != nil {
		t.Errorf("no SARIF log after a failing lint: %v", err)
	}
}
