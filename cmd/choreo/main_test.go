package main

import (
	"os"
	"testing"

	"github.com/choreo-lang/choreo/internal/testkit"
)

// TestMain builds the helper programs the commands start: the layout
// program SVG pictures need and the NATS server of runs over NATS.
func TestMain(m *testing.M) {
	os.Exit(testkit.WithHelpers(m.Run, "choreo-graphviz", "choreo-nats-server"))
}
