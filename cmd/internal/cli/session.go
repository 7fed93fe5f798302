package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
	"github.com/choreo-lang/choreo/internal/helperbin"
	"github.com/choreo-lang/choreo/runtime"
	"github.com/choreo-lang/choreo/runtime/transport"
)

// sessionFlags are the flags of a run over a transport (choreo run
// --transport, choreo node).
type sessionFlags struct {
	transport   string
	natsURL     string
	session     string
	host        string
	hostTimeout time.Duration
	opts        runtime.SessionOptions
}

// addSessionFlags adds the transport flags; run also gets --transport.
func addSessionFlags(fl *pflag.FlagSet, f *sessionFlags, run bool) {
	if run {
		fl.StringVar(&f.transport, "transport", "vm", "vm (one deterministic machine), memory (one machine per role over in-process FIFOs) or nats (one machine and NATS connection per role)")
		fl.StringVar(&f.natsURL, "nats", "", "NATS server to use with --transport nats (default: an embedded server on a loopback port)")
		fl.StringVar(&f.session, "session", "run", "session ID: the subjects' second token")
	} else {
		fl.StringVar(&f.natsURL, "nats", "", "NATS server URL, e.g. nats://127.0.0.1:4222 (required)")
		fl.StringVar(&f.session, "session", "", "session ID shared by every node of the run (required)")
	}
	fl.StringVar(&f.host, "host", "builtin", "payloads and branch decisions: builtin (synthetic payloads, --branch) or nats (request/reply on the role's host subjects)")
	fl.DurationVar(&f.hostTimeout, "host-timeout", 5*time.Second, "how long a --host nats request may take")
	fl.DurationVar(&f.opts.Timeout, "timeout", runtime.DefaultTimeout, "bound on the whole session; reaching it is a deadlock")
	fl.DurationVar(&f.opts.Lost, "lost", runtime.DefaultLost, "a peer silent this long counts as crashed or partitioned")
	fl.DurationVar(&f.opts.Quiet, "quiet", runtime.DefaultQuiet, "how long a quiescent session must stay silent to be a deadlock")
	fl.DurationVar(&f.opts.Heartbeat, "heartbeat", runtime.DefaultHeartbeat, "how often a participant re-announces its status")
}

// check validates the flags.
func (f *sessionFlags) check() error {
	switch f.transport {
	case "", "vm", "memory", "nats":
	default:
		return fmt.Errorf("unknown transport %q (want vm, memory or nats)", f.transport)
	}
	switch f.host {
	case "builtin":
	case "nats":
		if f.transport == "memory" || f.transport == "vm" {
			return fmt.Errorf("--host nats needs --transport nats")
		}
	default:
		return fmt.Errorf("unknown host %q (want builtin or nats)", f.host)
	}
	if f.session != "" {
		return transport.CheckID("session", f.session)
	}
	return nil
}

// natsServer returns the server of a run: --nats, or choreo's own NATS
// server (choreo-nats-server) started on a free loopback port for the
// duration of the run (stop shuts it down).
func (f *sessionFlags) natsServer(w io.Writer) (url string, stop func(), err error) {
	if f.natsURL != "" {
		return f.natsURL, func() {}, nil
	}
	path, err := helperbin.Find(natsServerHelper)
	if err != nil {
		return "", nil, fmt.Errorf("a run over NATS without --nats needs %s: %w", natsServerHelper, err)
	}
	srv, url, err := helperbin.StartService(path, []string{"--addr", "127.0.0.1:0", "--until-stdin-closes"}, 10*time.Second)
	if err != nil {
		return "", nil, err
	}
	fmt.Fprintf(w, "embedded NATS server at %s\n", url)
	return url, func() { _ = srv.Stop() }, nil
}

// hosts returns the host factory of --host nats (nil for builtin) and a
// function closing its connection.
func (f *sessionFlags) hosts(net Network, url string) (func(role string) runtime.Host, func(), error) {
	if f.host != "nats" {
		return nil, func() {}, nil
	}
	h, closeConn, err := net.Host(url, f.session+"/host", f.session, f.hostTimeout)
	if err != nil {
		return nil, nil, err
	}
	return func(string) runtime.Host { return h }, closeConn, nil
}

// runOverTransport is choreo run --transport memory|nats: every role runs
// as its own machine in this process, connected only through the
// transport, and the merged trace is written as format. net is nil unless
// the transport is nats.
func runOverTransport(cmd *cobra.Command, net Network, img *runtime.Image, cfg runtime.Config, f *sessionFlags, format string, out io.Writer) (*runtime.Report, error) {
	var tr transport.Transport = &transport.Memory{}
	var host func(string) runtime.Host
	if f.transport == "nats" {
		url, stop, err := f.natsServer(cmd.ErrOrStderr())
		if err != nil {
			return nil, err
		}
		defer stop()
		h, closeHost, err := f.hosts(net, url)
		if err != nil {
			return nil, err
		}
		defer closeHost()
		host = h
		tr = net.Transport(url)
	}
	so := f.opts
	so.PublishEvents = f.transport == "nats"
	rep, err := runtime.RunSession(cmd.Context(), img, cfg, tr, f.session, host, so)
	if err != nil {
		return nil, err
	}
	for i, o := range rep.Roles {
		fmt.Fprintf(cmd.ErrOrStderr(), "%s: %s\n", img.Participants[i], o)
	}
	return rep, renderTrace(out, format, rep.Trace)
}

// renderTrace writes a recorded trace as format.
func renderTrace(out io.Writer, format string, t *runtime.Trace) error {
	switch format {
	case "json":
		return runtime.RenderJSON(out, t)
	case "mermaid":
		return runtime.RenderMermaid(out, t)
	case "svg":
		return runtime.RenderSVG(out, t)
	}
	return runtime.RenderText(out, t)
}

// nodeFlags are the flags of choreo node.
type nodeFlags struct {
	run  runFlags
	role string
}

func newNodeCmd(a *app) *cobra.Command {
	var f nodeFlags
	cmd := &cobra.Command{
		Use:   "node FILE --role R --nats URL --session ID",
		Short: "Run one role of a protocol as its own process over NATS",
		Long: `Node runs one role (its projected local type) in this process and exchanges
its messages with the session's other nodes through a NATS server, so that
the roles of a protocol can live in different processes and on different
machines. Every node of a session uses the same FILE, run configuration and
--session; each runs a different --role.

The node waits until every role of the protocol has joined the session,
runs its role with the VM's guard chain and budget, and ends with the
session rule: completed once every role has reached end and every message
to this role has arrived (orphan if some were not received), deadlock when
every role waits and nothing is in flight for --quiet, a fault when a peer
reports one or is silent for --lost (crashed or partitioned), and deadlock
when --timeout passes. It prints its role's trace and its outcome, and
publishes its trace events on the session's event subject for choreo
monitor.

With --host nats the role's payloads and branch decisions come from a host
process answering NATS requests (see docs/nats.md).

Exit status: 0 completed, 1 any other outcome or a protocol with errors,
2 usage, I/O or connection error.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runNode(cmd, a, args[0], &f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.role, "role", "", "the role this node runs (required)")
	fl.Int64Var(&f.run.seed, "seed", 0, "seed of the branch and fault randomness")
	fl.StringVar(&f.run.branch, "branch", "", "branch policy: first, round-robin, random or script:label,label,...")
	fl.StringVar(&f.run.configPath, "config", "", "run configuration file (YAML)")
	fl.StringVar(&f.run.trace, "trace", "text", "trace format: text or json")
	fl.StringVar(&f.run.faults, "faults", "", "fault injection, e.g. drop:0.1,delay:0.2,duplicate:0.05,crash:Role@5,partition:Role@3")
	addSessionFlags(fl, &f.run.sess, false)
	return cmd
}

func runNode(cmd *cobra.Command, a *app, path string, f *nodeFlags) error {
	usage := func(err error) error { return cmdline.Usage(err) }
	sf := &f.run.sess
	sf.transport = "nats"
	switch {
	case f.role == "":
		return usage(fmt.Errorf("--role is required"))
	case sf.natsURL == "":
		return usage(fmt.Errorf("--nats is required"))
	case sf.session == "":
		return usage(fmt.Errorf("--session is required"))
	}
	if f.run.trace != "text" && f.run.trace != "json" {
		return usage(fmt.Errorf("unknown trace format %q (want text or json)", f.run.trace))
	}
	if err := sf.check(); err != nil {
		return usage(err)
	}
	net, err := a.network()
	if err != nil {
		return err
	}
	cfg, err := runConfig(cmd, &f.run)
	if err != nil {
		return usage(err)
	}
	img, err := compileFile(cmd, path, cfg)
	if err != nil {
		return err
	}
	if img.Role(f.role) < 0 {
		return usage(fmt.Errorf("%s has no role %q (roles: %v)", img.Protocol.Name, f.role, img.Participants))
	}
	ctx := cmd.Context()
	sess, err := net.Transport(sf.natsURL).StartSession(ctx, sf.session, f.role)
	if err != nil {
		return usage(err)
	}
	host, closeHost, err := sf.hosts(net, sf.natsURL)
	if err != nil {
		return usage(err)
	}
	defer closeHost()
	out := cmd.OutOrStdout()
	opts := runtime.Options{}
	if host != nil {
		opts.Host = host(f.role)
	}
	var footer func(runtime.Outcome) error
	var sinkErr func() error
	if f.run.trace == "json" {
		if err := runtime.WriteJSONHeader(out, img.Protocol.Name, img.Participants, cfg); err != nil {
			return usage(err)
		}
		s := &runtime.JSONSink{W: out}
		opts.Sink, sinkErr = s, func() error { return s.Err }
		footer = func(o runtime.Outcome) error { return runtime.WriteJSONOutcome(out, o) }
	} else {
		fmt.Fprint(out, runtime.TextHeader(img.Protocol.Name, img.Participants, cfg))
		s := &runtime.TextSink{W: out}
		opts.Sink, sinkErr = s, func() error { return s.Err }
		footer = func(o runtime.Outcome) error {
			_, err := fmt.Fprintln(out, "outcome:", o)
			return err
		}
	}
	so := sf.opts
	so.PublishEvents = true
	rep, err := runtime.ExecuteRole(ctx, img, cfg, f.role, sess, opts, so)
	if err != nil {
		return usage(err)
	}
	if err := sinkErr(); err != nil {
		return usage(err)
	}
	if err := footer(rep.Outcome); err != nil {
		return usage(err)
	}
	if f.run.trace != "text" {
		fmt.Fprintln(cmd.ErrOrStderr(), "outcome:", rep.Outcome)
	}
	if rep.Outcome.Kind != runtime.Completed {
		return cmdline.Findings()
	}
	return nil
}
