// Command choreo-nats-server runs a NATS server (package runtime/natsserver)
// so that choreo node processes, choreo monitor and choreo run --transport
// nats can meet without a NATS installation: it prints its client URL on
// standard output and serves until interrupted or --for has passed. Users
// start it as `choreo nats-server`, which checks the command line and
// replaces itself with this program (see internal/helperbin); `choreo run
// --transport nats` without --nats starts it on a free loopback port for
// the length of the run. It is installed next to choreo by `go install
// ./cmd/...`.
//
// The server is a program of its own because nats-server is a large
// package that initialises much before main runs (its own and that of
// the JWT, TLS, HTTP and compression packages it links): linked into
// choreo, every command, `choreo subtype` and `lint` included, paid for it
// at start-up.
//
// Exit status: 0 stopped, 2 the server cannot start.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/choreo-lang/choreo/cmd/internal/natsservercmd"
	"github.com/choreo-lang/choreo/runtime/natsserver"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	cmd := natsservercmd.New("choreo-nats-server", func(cmd *cobra.Command, f *natsservercmd.Flags) error {
		return serve(cmd.Context(), f, os.Stdin, cmd.OutOrStdout())
	})
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.ExecuteContext(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "choreo-nats-server:", err)
		os.Exit(2)
	}
}

// serve runs the server as f says, writes its client URL to out and serves
// until ctx ends, the lifetime has passed or, with --until-stdin-closes,
// stdin ends.
func serve(ctx context.Context, f *natsservercmd.Flags, stdin io.Reader, out io.Writer) error {
	host, port, err := f.HostPort()
	if err != nil {
		return err
	}
	ns, url, err := natsserver.Serve(host, port)
	if err != nil {
		return err
	}
	defer ns.Shutdown()
	if _, err := fmt.Fprintln(out, url); err != nil {
		return err
	}
	if f.UntilStdinCloses {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		go func() {
			_, _ = io.Copy(io.Discard, stdin)
			cancel()
		}()
	}
	select {
	case <-ctx.Done():
	case <-time.After(f.Lifetime):
	}
	return nil
}
