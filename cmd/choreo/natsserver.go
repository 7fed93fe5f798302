package main

import (
	"fmt"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/choreo-lang/choreo/runtime/natstransport"
)

func newNATSServerCmd() *cobra.Command {
	var addr string
	var lifetime time.Duration
	cmd := &cobra.Command{
		Use:   "nats-server",
		Short: "Serve an embedded NATS server for choreo node and monitor",
		Long: `Nats-server runs the NATS server embedded in choreo, so that choreo node
processes (and choreo monitor) can meet without a NATS installation. It
prints its client URL and serves until interrupted or --for has passed.
The default address is loopback only; give another --addr to reach it from
other machines.

Exit status: 0 stopped, 2 the server cannot start.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			usage := func(err error) error { return &exitError{code: exitUsage, err: err} }
			host, portText, err := net.SplitHostPort(addr)
			if err != nil {
				return usage(err)
			}
			port, err := strconv.Atoi(portText)
			if err != nil {
				return usage(fmt.Errorf("--addr %s: bad port", addr))
			}
			ns, url, err := natstransport.Serve(host, port)
			if err != nil {
				return usage(err)
			}
			defer ns.Shutdown()
			fmt.Fprintln(cmd.OutOrStdout(), url)
			stop := make(chan os.Signal, 1)
			signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
			defer signal.Stop(stop)
			select {
			case <-stop:
			case <-time.After(lifetime):
			case <-cmd.Context().Done():
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:4222", "host:port to listen on (port 0: a free port)")
	cmd.Flags().DurationVar(&lifetime, "for", 24*time.Hour, "stop after this long")
	return cmd
}
