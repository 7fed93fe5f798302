// Package natsservercmd is the command line of choreo's NATS server: its
// flags and help. Two programs accept it: `choreo nats-server`, which
// checks the command line and hands it over to choreo-nats-server, and
// choreo-nats-server (cmd/choreo-nats-server), which serves; keeping it
// apart from the server lets choreo show the help without linking the
// server.
package natsservercmd

import (
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/spf13/cobra"
)

// Flags are the server's settings from the command line.
type Flags struct {
	Addr     string        // --addr, host:port
	Lifetime time.Duration // --for
	// UntilStdinCloses (--until-stdin-closes, hidden) stops the server when
	// its standard input reaches its end: the server `choreo run` starts
	// for itself then ends with it, however it ends.
	UntilStdinCloses bool
}

// HostPort splits --addr into its host and port (0: a free port).
func (f *Flags) HostPort() (string, int, error) {
	host, portText, err := net.SplitHostPort(f.Addr)
	if err != nil {
		return "", 0, fmt.Errorf("--addr: %w", err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port < 0 || port > 65535 {
		return "", 0, fmt.Errorf("--addr %s: bad port", f.Addr)
	}
	return host, port, nil
}

// New returns the command `use` ("nats-server" under choreo, the program's
// name for choreo-nats-server) with the server's flags; run is called with
// them once they are parsed and --addr is well formed.
func New(use string, run func(cmd *cobra.Command, f *Flags) error) *cobra.Command {
	f := new(Flags)
	cmd := &cobra.Command{
		Use:   use,
		Short: "Serve an embedded NATS server for choreo node and monitor",
		Long: use + ` runs a NATS server, so that choreo node processes (and choreo
monitor) can meet without a NATS installation. It prints its client URL and
serves until interrupted or --for has passed. The default address is
loopback only; give another --addr to reach it from other machines.

Exit status: 0 stopped, 2 the server cannot start.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if _, _, err := f.HostPort(); err != nil {
				return err
			}
			return run(cmd, f)
		},
	}
	cmd.Flags().StringVar(&f.Addr, "addr", "127.0.0.1:4222", "host:port to listen on (port 0: a free port)")
	cmd.Flags().DurationVar(&f.Lifetime, "for", 24*time.Hour, "stop after this long")
	cmd.Flags().BoolVar(&f.UntilStdinCloses, "until-stdin-closes", false, "stop when standard input ends (for the choreo that started the server)")
	_ = cmd.Flags().MarkHidden("until-stdin-closes")
	return cmd
}
