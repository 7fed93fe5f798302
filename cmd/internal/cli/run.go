package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/runtime"
)

// runFlags are the flags of `choreo run`.
type runFlags struct {
	seed       int64
	policy     string
	branch     string
	configPath string
	trace      string
	out        string
	disasm     bool
	faults     string
	replay     string
	sess       sessionFlags
}

func newRunCmd(a *app) *cobra.Command {
	var f runFlags
	cmd := &cobra.Command{
		Use:   "run FILE",
		Short: "Run a protocol in the bundled VM and print its trace",
		Long: `Run compiles every role's projected local type to bytecode and executes the
protocol in the deterministic VM: FIFO buffers per pair of roles, the guard
chain at every send, the termination budget, and optional simulated faults.

Flags override the run configuration file (--config run.yaml). The trace is
written to --out (default stdout) as text, JSON lines, a Mermaid sequence
diagram or a standalone SVG sequence diagram. --replay re-runs the
configuration recorded in a JSON trace and reports the first event that
differs.

--transport memory or nats runs every role as its own machine connected only
through the transport (NATS: an embedded server on a loopback port, or
--nats URL), with the session rule of choreo node deciding each role's
outcome; the trace merges every role's events in causal (Lamport) order.

Exit status: 0 the run completed (or the replay matched), 1 deadlock, orphan,
bound-exceeded, fault, a diverging replay or a protocol with errors, 2 usage
or I/O error.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRun(cmd, a, args[0], &f)
		},
	}
	fl := cmd.Flags()
	fl.Int64Var(&f.seed, "seed", 0, "seed of the scheduler, branch and fault randomness")
	fl.StringVar(&f.policy, "policy", "", "scheduling policy: cooperative, round-robin or random")
	fl.StringVar(&f.branch, "branch", "", "branch policy: first, round-robin, random or script:label,label,...")
	fl.StringVar(&f.configPath, "config", "", "run configuration file (YAML)")
	fl.StringVar(&f.trace, "trace", "text", "trace format: text, json, mermaid or svg")
	fl.StringVarP(&f.out, "out", "o", "", "write the trace to this file instead of stdout")
	fl.BoolVar(&f.disasm, "disasm", false, "print the code image's disassembly instead of running")
	fl.StringVar(&f.faults, "faults", "", "fault injection, e.g. drop:0.1,delay:0.2,duplicate:0.05,crash:Role@5")
	fl.StringVar(&f.replay, "replay", "", "re-run the configuration recorded in this JSON trace and compare event by event")
	addSessionFlags(fl, &f.sess, true)
	return cmd
}

// runConfig assembles the run configuration: the file, then the flags the
// user set.
func runConfig(cmd *cobra.Command, f *runFlags) (runtime.Config, error) {
	var cfg runtime.Config
	if f.configPath != "" {
		data, err := os.ReadFile(f.configPath)
		if err != nil {
			return cfg, err
		}
		if cfg, err = runtime.ParseConfig(data); err != nil {
			return cfg, fmt.Errorf("%s: %w", f.configPath, err)
		}
	}
	fl := cmd.Flags()
	if fl.Changed("seed") {
		cfg.Seed = f.seed
	}
	if fl.Changed("policy") {
		cfg.Policy = runtime.Policy(f.policy)
	}
	if fl.Changed("branch") {
		if labels, ok := strings.CutPrefix(f.branch, "script:"); ok {
			cfg.Branch, cfg.Script = runtime.BranchScript, strings.Split(labels, ",")
		} else {
			cfg.Branch = runtime.BranchPolicy(f.branch)
		}
	}
	if f.faults != "" {
		if err := runtime.ParseFaults(f.faults, &cfg.Faults); err != nil {
			return cfg, err
		}
	}
	return cfg, cfg.Validate()
}

func runRun(cmd *cobra.Command, a *app, path string, f *runFlags) (retErr error) {
	usage := func(err error) error { return cmdline.Usage(err) }
	switch f.trace {
	case "text", "json", "mermaid", "svg":
	default:
		return usage(fmt.Errorf("unknown trace format %q (want text, json, mermaid or svg)", f.trace))
	}
	cfg, err := runConfig(cmd, f)
	if err != nil {
		return usage(err)
	}
	if err := f.sess.check(); err != nil {
		return usage(err)
	}
	var net Network
	if f.sess.transport == "nats" {
		if net, err = a.network(); err != nil {
			return err
		}
	}
	var recorded *runtime.Trace
	if f.replay != "" {
		if recorded, err = readTrace(f.replay); err != nil {
			return usage(err)
		}
		cfg = recorded.Config
	}
	img, err := compileFile(cmd, path, cfg)
	if err != nil {
		return err
	}
	if err := img.CheckConfig(cfg); err != nil {
		return usage(err) // before the trace's header
	}
	ctx := cmd.Context()

	out := cmd.OutOrStdout()
	if f.out != "" {
		file, err := os.Create(f.out)
		if err != nil {
			return usage(err)
		}
		defer func() {
			// A failed close can lose the end of the trace.
			if err := file.Close(); err != nil && retErr == nil {
				retErr = usage(err)
			}
		}()
		out = file
	}
	if f.disasm {
		if err := img.Disassemble(out); err != nil {
			return usage(err)
		}
		return nil
	}
	if recorded != nil {
		div, err := runtime.Replay(ctx, img, recorded)
		if err != nil {
			return usage(err)
		}
		if div != nil {
			fmt.Fprintln(out, div.Reason)
			return cmdline.Findings()
		}
		fmt.Fprintf(out, "replay matches the recorded trace: %d events, %s\n", len(recorded.Events), recorded.Outcome.Kind)
		return nil
	}
	var rep *runtime.Report
	if f.sess.transport == "vm" {
		rep, err = execute(cmd, img, cfg, f.trace, out)
	} else {
		rep, err = runOverTransport(cmd, net, img, cfg, &f.sess, f.trace, out)
	}
	if err != nil {
		return usage(err)
	}
	if f.out != "" || f.trace != "text" {
		fmt.Fprintln(cmd.ErrOrStderr(), "outcome:", rep.Outcome)
	}
	if rep.Outcome.Kind != runtime.Completed {
		return cmdline.Findings()
	}
	return nil
}

// compileFile analyses the protocol file at path with its choreo.yaml and
// compiles it for cfg. Errors are exitErrors: the protocol's error
// diagnostics are printed on stderr (exit 1), anything else is a usage or
// I/O error (exit 2).
func compileFile(cmd *cobra.Command, path string, cfg runtime.Config) (*runtime.Image, error) {
	usage := func(err error) error { return cmdline.Usage(err) }
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, usage(err)
	}
	project, err := config.Load(filepath.Dir(path))
	if err != nil {
		return nil, usage(err)
	}
	warnConfig(cmd.ErrOrStderr(), project)
	res := runtime.Analyze(cmd.Context(), analysis.Input{Filename: path, Src: src, Config: project}, cfg)
	img, err := runtime.Compile(res, cfg)
	if errors.Is(err, runtime.ErrNotRunnable) {
		var errs []Finding
		for _, d := range res.Diagnostics {
			if d.Severity == diag.Error {
				errs = append(errs, Finding{Path: path, Diagnostic: d})
			}
		}
		if werr := writeFindings(cmd.ErrOrStderr(), formatText, errs); werr != nil {
			return nil, usage(werr)
		}
		return nil, &cmdline.ExitError{Code: cmdline.ExitFindings, Err: err}
	}
	if err != nil {
		return nil, usage(err)
	}
	return img, nil
}

func readTrace(path string) (*runtime.Trace, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	t, err := runtime.ReadTrace(file)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// execute runs img. Text and JSON traces are streamed as the run goes;
// the diagrams are rendered from the recorded trace.
func execute(cmd *cobra.Command, img *runtime.Image, cfg runtime.Config, format string, out io.Writer) (*runtime.Report, error) {
	var (
		sink   runtime.Sink
		sinkOK func() error
		footer func(runtime.Outcome) error
	)
	switch format {
	case "text":
		if _, err := io.WriteString(out, runtime.TextHeader(img.Protocol.Name, img.Participants, cfg)); err != nil {
			return nil, err
		}
		s := &runtime.TextSink{W: out}
		sink, sinkOK = s, func() error { return s.Err }
		footer = func(o runtime.Outcome) error {
			_, err := fmt.Fprintln(out, "outcome:", o)
			return err
		}
	case "json":
		if err := runtime.WriteJSONHeader(out, img.Protocol.Name, img.Participants, cfg); err != nil {
			return nil, err
		}
		s := &runtime.JSONSink{W: out}
		sink, sinkOK = s, func() error { return s.Err }
		footer = func(o runtime.Outcome) error { return runtime.WriteJSONOutcome(out, o) }
	}
	if sink != nil {
		rep, err := runtime.Execute(cmd.Context(), img, cfg, runtime.Options{Sink: sink})
		if err != nil {
			return nil, err
		}
		if err := sinkOK(); err != nil {
			return nil, err
		}
		return rep, footer(rep.Outcome)
	}
	rep, err := runtime.Execute(cmd.Context(), img, cfg, runtime.Options{Record: true})
	if err != nil {
		return nil, err
	}
	render := runtime.RenderSVG
	if format == "mermaid" {
		render = runtime.RenderMermaid
	}
	return rep, render(out, rep.Trace)
}
