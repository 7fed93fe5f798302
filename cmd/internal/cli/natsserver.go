package cli

import (
	"github.com/spf13/cobra"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
	"github.com/choreo-lang/choreo/cmd/internal/natsservercmd"
)

// natsServerHelper is the program that runs choreo's NATS server (see
// cmd/choreo-nats-server).
const natsServerHelper = "choreo-nats-server"

// newNATSServerCmd is `choreo nats-server`: it checks the command line and
// hands it over to choreo-nats-server.
func newNATSServerCmd() *cobra.Command {
	return natsservercmd.New("nats-server", func(cmd *cobra.Command, _ *natsservercmd.Flags) error {
		return cmdline.HandOver(natsServerHelper, flagArgs(cmd.Flags()))
	})
}
