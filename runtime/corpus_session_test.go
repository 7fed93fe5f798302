package runtime

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/choreo-lang/choreo/internal/testkit"
	"github.com/choreo-lang/choreo/runtime/transport"
)

// TestCorpusSessions runs every corpus protocol with one machine per role
// over the in-memory transport and requires the VM's outcome and events.
func TestCorpusSessions(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus runs are not short")
	}
	for _, f := range testkit.ChoreoFiles(t, testkit.CorpusDir(t)) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			res := analyzeFile(t, f, Config{})
			img, err := Compile(res, Config{})
			if errors.Is(err, ErrNotRunnable) {
				t.Skip("not runnable")
			}
			if err != nil {
				t.Fatal(err)
			}
			vm := execute(t, img, Config{})
			got, err := RunSession(context.Background(), img, Config{}, &transport.Memory{}, "s", nil, fastSession)
			if err != nil {
				t.Fatal(err)
			}
			if err := Compare(vm, got); err != nil {
				t.Fatal(err)
			}
		})
	}
}
