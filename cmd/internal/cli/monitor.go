package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
	"github.com/choreo-lang/choreo/monitor"
	"github.com/choreo-lang/choreo/runtime"
)

type monitorFlags struct {
	run     runFlags
	trace   string
	natsURL string
	session string
	timeout time.Duration
	idle    time.Duration
}

func newMonitorCmd(a *app) *cobra.Command {
	var f monitorFlags
	cmd := &cobra.Command{
		Use:   "monitor FILE (--trace EVENTS.jsonl | --nats URL --session ID)",
		Short: "Check a session's traffic, live or recorded, against every role's local type",
		Long: `Monitor checks the events of a protocol session against the projected local
type of every role: each role sends and receives what its local type allows
in that order, takes only branches its choices offer, receives every pair's
messages in the order they were sent, leaves nothing unreceived and reaches
its end. It reports the first violation with the role, the message and the
source location of the send the role should have made.

--trace reads recorded events, one JSON object per line (the format of
docs/events.md; a choreo run --trace json file works as it is). --nats and
--session subscribe to a live session's event subjects (every choreo node
publishes its role's events there; any service can too) and check until
every role has reached its end, no event has come for --idle, or --timeout.

Exit status: 0 the traffic conforms, 1 a violation or a protocol with
errors, 2 usage, I/O or connection error.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runMonitor(cmd, a, args[0], &f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.trace, "trace", "", "recorded events, JSON lines")
	fl.StringVar(&f.natsURL, "nats", "", "NATS server of a live session")
	fl.StringVar(&f.session, "session", "", "the live session's ID")
	fl.DurationVar(&f.timeout, "timeout", time.Minute, "bound on watching a live session")
	fl.DurationVar(&f.idle, "idle", 2*time.Second, "end a live check when no event has come for this long")
	fl.StringVar(&f.run.configPath, "config", "", "run configuration file (YAML): family sizes and loop bounds")
	return cmd
}

func runMonitor(cmd *cobra.Command, a *app, path string, f *monitorFlags) error {
	usage := func(err error) error { return cmdline.Usage(err) }
	live := f.natsURL != "" || f.session != ""
	switch {
	case live == (f.trace != ""):
		return usage(fmt.Errorf("give either --trace or --nats and --session"))
	case live && (f.natsURL == "" || f.session == ""):
		return usage(fmt.Errorf("--nats and --session go together"))
	}
	var net Network
	if live {
		var err error
		if net, err = a.network(); err != nil {
			return err
		}
	}
	cfg, err := runConfig(cmd, &f.run)
	if err != nil {
		return usage(err)
	}
	img, err := compileFile(cmd, path, cfg)
	if err != nil {
		return err
	}
	var v *monitor.Violation
	if live {
		ctx, cancel := context.WithTimeout(cmd.Context(), f.timeout)
		defer cancel()
		next, closeConn, err := net.Observe(ctx, f.natsURL, f.session+"/monitor", f.session)
		if err != nil {
			return usage(err)
		}
		defer closeConn()
		fmt.Fprintf(cmd.ErrOrStderr(), "monitoring session %s of %s\n", f.session, img.Protocol.Name)
		if v, err = monitor.Live(ctx, img, next, f.idle); err != nil {
			return usage(err)
		}
	} else {
		file, err := os.Open(f.trace)
		if err != nil {
			return usage(err)
		}
		defer file.Close()
		if v, err = monitor.CheckTrace(img, file); err != nil {
			return usage(fmt.Errorf("%s: %w", f.trace, err))
		}
	}
	return reportViolation(cmd, path, img, v)
}

func reportViolation(cmd *cobra.Command, path string, img *runtime.Image, v *monitor.Violation) error {
	out := cmd.OutOrStdout()
	if v == nil {
		fmt.Fprintf(out, "%s: the traffic conforms: every role followed its local type to its end\n", img.Protocol.Name)
		return nil
	}
	loc := path
	if v.Span.Start.Line > 0 || v.Span.Start.Col > 0 {
		loc = fmt.Sprintf("%s:%d:%d", path, v.Span.Start.Line+1, v.Span.Start.Col+1)
	}
	fmt.Fprintf(out, "%s: %s violation by %s: %s\n", loc, v.Kind, v.Role, v.Reason)
	return cmdline.Findings()
}
