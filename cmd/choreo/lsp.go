package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/choreo-lang/choreo/lsp"
)

func newLSPCmd() *cobra.Command {
	var (
		logPath  string
		logLevel string
		delay    time.Duration
		memLimit int64
		minHeap  int64
		cpuProf  string
	)
	cmd := &cobra.Command{
		Use:   "lsp",
		Short: "Run the language server over stdio",
		Long: "lsp runs the choreo language server, speaking LSP (JSON-RPC with Content-Length framing)\n" +
			"on stdin/stdout. Logs go to stderr, or to --log FILE; never to stdout.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			log, closeLog, err := newLogger(logPath, logLevel)
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			defer closeLog()
			if _, set := os.LookupEnv("GOMEMLIMIT"); !set && memLimit > 0 {
				debug.SetMemoryLimit(memLimit << 20)
			}
			if _, set := os.LookupEnv("GOGC"); !set && minHeap > 0 {
				keepMinHeap(cmd.Context(), uint64(minHeap)<<20)
			}
			if cpuProf != "" {
				stop, err := startCPUProfile(cpuProf)
				if err != nil {
					return &exitError{code: exitUsage, err: err}
				}
				defer stop()
			}
			srv := lsp.New(lsp.Options{Logger: log, DiagnosticsDelay: delay})
			if err := srv.Serve(cmd.Context(), newStdio()); err != nil {
				return &exitError{code: exitFindings, err: err}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&logPath, "log", "", "write the server log to `FILE` instead of stderr")
	cmd.Flags().StringVar(&logLevel, "log-level", "warn", "log level: debug, info, warn or error (editors show the server's stderr as errors, so only warnings and errors are logged by default)")
	cmd.Flags().DurationVar(&delay, "diagnostics-delay", -1, "debounce between an edit and its diagnostics (0 disables)")
	// -1 means "not given": the client's setting, else the server's default, applies.
	cmd.Flags().Lookup("diagnostics-delay").DefValue = lsp.DefaultDiagnosticsDelay.String()
	cmd.Flags().Int64Var(&memLimit, "memory-limit", 120, "soft limit of the Go heap in `MiB` (the GC works harder near it; 0 disables; GOMEMLIMIT wins)")
	cmd.Flags().Int64Var(&minHeap, "min-heap", 64, "collect garbage only once the Go heap reaches `MiB`, to which it grows at startup (keeps the GC from running several times per keystroke while the live heap is small; 0 disables; GOGC wins)")
	cmd.Flags().StringVar(&cpuProf, "cpuprofile", "", "write a pprof CPU profile to `FILE` when the server stops (for benchmarks)")
	_ = cmd.Flags().MarkHidden("cpuprofile")
	// Editors (vscode-languageclient) pass --stdio; stdio is the only transport.
	cmd.Flags().Bool("stdio", true, "use stdin/stdout (the only transport)")
	return cmd
}

// newLogger returns a zap logger writing JSON lines to path, or to stderr
// when path is empty.
func newLogger(path, level string) (*zap.Logger, func(), error) {
	lvl, err := zapcore.ParseLevel(level)
	if err != nil {
		return nil, nil, fmt.Errorf("--log-level: %w", err)
	}
	var w io.Writer = os.Stderr
	closeFn := func() {}
	if path != "" {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return nil, nil, fmt.Errorf("--log: %w", err)
		}
		w, closeFn = f, func() { _ = f.Close() }
	}
	enc := zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig())
	core := zapcore.NewCore(enc, zapcore.Lock(zapcore.AddSync(w)), lvl)
	return zap.New(core), closeFn, nil
}

// startCPUProfile starts profiling the CPU into path; the returned function
// stops and writes the profile.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}, nil
}

// stdio is the server's transport: stdin for reading, stdout for writing.
// Closing it closes stdin, which must interrupt a pending read so that the
// server can stop after exit: newStdio puts stdin in non-blocking mode,
// which lets the Go runtime poll it (a blocking read is not interrupted).
type stdio struct{ in *os.File }

func newStdio() stdio {
	if err := syscall.SetNonblock(syscall.Stdin, true); err != nil {
		return stdio{in: os.Stdin}
	}
	return stdio{in: os.NewFile(uintptr(syscall.Stdin), "/dev/stdin")}
}

func (s stdio) Read(p []byte) (int, error)  { return s.in.Read(p) }
func (s stdio) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
func (s stdio) Close() error                { return s.in.Close() }
