package cli

import (
	"os"
	"testing"

	"github.com/spf13/cobra"

	"github.com/choreo-lang/choreo/cmd/internal/natsnet"
	"github.com/choreo-lang/choreo/internal/testkit"
)

// TestMain builds the helper programs the commands start: the layout
// program SVG pictures need, the NATS server of runs over NATS, and
// choreo-nats, to which the choreo binary that some tests run hands its
// NATS commands.
func TestMain(m *testing.M) {
	os.Exit(testkit.WithHelpers(m.Run, "choreo-graphviz", "choreo-nats-server", "choreo-nats", "choreo-syntax"))
}

// newRootCmd is the command line the tests run in process: choreo-nats's,
// with the NATS side, so that no command hands over to another program.
func newRootCmd() *cobra.Command { return newRoot(natsnet.Network{}, nil) }
