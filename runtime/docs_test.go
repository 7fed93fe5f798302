package runtime

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/internal/testkit"
)

// TestRunConfigDoc keeps docs/run-config.md in step with Config: its
// example parses, and every key of Config has a row in its table.
func TestRunConfigDoc(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testkit.RepoRoot(t), "docs", "run-config.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	_, rest, ok := strings.Cut(doc, "```yaml\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("docs/run-config.md has no ```yaml example")
	}
	cfg, err := ParseConfig([]byte(example))
	if err != nil {
		t.Fatalf("the example of docs/run-config.md: %v", err)
	}
	if cfg.Seed == 0 || cfg.Branch != BranchScript || len(cfg.Faults.Crash) == 0 || cfg.Faults.Partition == nil {
		t.Errorf("the example sets too little: %+v", cfg)
	}
	for f := range reflect.TypeFor[Config]().Fields() {
		key := strings.Split(f.Tag.Get("yaml"), ",")[0]
		if !strings.Contains(doc, "| `"+key+"` |") {
			t.Errorf("docs/run-config.md has no row for the key %s", key)
		}
	}
}
