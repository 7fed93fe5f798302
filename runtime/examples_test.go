package runtime

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/internal/testkit"
)

// runsToCompletion runs every .choreo file under root under the default
// configuration (families of size 3), then under every policy and branch
// policy with a few seeds, and requires completed. Files whose protocol
// does not project (error diagnostics) are skipped by name.
func runsToCompletion(t *testing.T, root string) {
	files := testkit.ChoreoFiles(t, root)
	ran := 0
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			res := analyzeFile(t, f, Config{})
			img, err := Compile(res, Config{})
			if errors.Is(err, ErrNotRunnable) {
				t.Skipf("not runnable: %v", firstError(res.Diagnostics))
			}
			if err != nil {
				t.Fatal(err)
			}
			ran++
			rep := execute(t, img, Config{})
			if rep.Outcome.Kind != Completed {
				var b strings.Builder
				RenderText(&b, rep.Trace)
				t.Fatalf("outcome %s\n%s", rep.Outcome, b.String())
			}
			for _, d := range res.Diagnostics {
				if d.Code == "unaware-role" {
					return // other schedules may legitimately deadlock
				}
			}
			// SEMANTICS §4 on real protocols: every schedule completes.
			for _, policy := range []Policy{Cooperative, RoundRobin, Random} {
				for _, branch := range []BranchPolicy{BranchFirst, BranchRoundRobin, BranchRandom} {
					for seed := range int64(3) {
						cfg := Config{Seed: seed, Policy: policy, Branch: branch}
						if rep := execute(t, img, cfg); rep.Outcome.Kind != Completed {
							t.Fatalf("%s/%s seed %d: %s", policy, branch, seed, rep.Outcome)
						}
					}
				}
			}
		})
	}
	t.Logf("%d of %d files ran", ran, len(files))
}

func firstError(ds []diag.Diagnostic) string {
	for _, d := range ds {
		if d.Severity == diag.Error {
			return string(d.Code) + ": " + d.Message
		}
	}
	return "no protocol"
}

func TestExamplesComplete(t *testing.T) { runsToCompletion(t, testkit.ExamplesDir(t)) }

func TestCorpusCompletes(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus runs are not short")
	}
	runsToCompletion(t, testkit.CorpusDir(t))
}
