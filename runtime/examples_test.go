package runtime

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/diag"
)

// runsToCompletion runs every .choreo file under root under the default
// configuration (families of size 3) and requires completed. Files whose
// protocol does not project (error diagnostics) are skipped by name.
func runsToCompletion(t *testing.T, root string) {
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".choreo") {
			files = append(files, path)
		}
		return err
	})
	if len(files) == 0 {
		t.Skipf("no .choreo files under %s (%v)", root, err)
	}
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

func TestExamplesComplete(t *testing.T) { runsToCompletion(t, "../examples") }

func TestCorpusCompletes(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus runs are not short")
	}
	runsToCompletion(t, "../../shared/corpus/aura")
}
