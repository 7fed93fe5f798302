package svg_test

import (
	"os"
	"testing"

	"github.com/choreo-lang/choreo/internal/testkit"
)

// TestMain builds the layout program SVG pictures need (choreo-graphviz).
func TestMain(m *testing.M) { os.Exit(testkit.WithHelpers(m.Run, "choreo-graphviz")) }
