package runtime

import (
	"testing"

	"github.com/choreo-lang/choreo/internal/testkit"
)

// TestCorpusSessions runs every corpus protocol with one machine per role
// over the in-memory transport and requires the VM's outcome and events.
func TestCorpusSessions(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus runs are not short")
	}
	sessionsMatchVM(t, testkit.ChoreoFiles(t, testkit.CorpusDir(t)))
}
