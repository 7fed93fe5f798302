// Command choreo-lsp is the choreo language server: it speaks LSP over
// stdin and stdout (package lsp). Editors start it as `choreo lsp`, which
// checks the command line and replaces itself with choreo-lsp (on Unix, by
// execve, so the editor's pipes reach the server unchanged; elsewhere as a
// child with the same standard streams); it is installed next to choreo by
// `go install ./cmd/...`, and bundled next to it by the editor packages.
//
// The server is a program of its own so that the short commands of choreo
// (subtype, lint, fmt, ...) do not link it: Go initialises every linked
// package before main runs, and the LSP protocol types, JSON-RPC and the
// zap logger the server needs made every choreo command start slower,
// mostly in page faults (see internal/helperbin). The command line is
// shared with `choreo lsp` (package lsp/lspcmd); the analysis is the same
// packages every choreo command uses.
//
// Exit status: 0 after an orderly exit, 1 when serving failed, 2 for a bad
// command line.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"syscall"

	"github.com/spf13/cobra"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/choreo-lang/choreo/lsp"
	"github.com/choreo-lang/choreo/lsp/lspcmd"
)

// usageError marks an error of the command line (exit status 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	cmd := lspcmd.New("choreo-lsp", serve)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	err := cmd.ExecuteContext(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "choreo-lsp:", err)
		if errors.As(err, new(usageError)) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// serve runs the server on stdio with the settings of f.
func serve(cmd *cobra.Command, f *lspcmd.Flags) error {
	log, closeLog, err := newLogger(f.LogPath, f.LogLevel)
	if err != nil {
		return usageError{err}
	}
	defer closeLog()
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set && f.MemLimit > 0 {
		debug.SetMemoryLimit(f.MemLimit << 20)
	}
	if _, set := os.LookupEnv("GOGC"); !set && f.MinHeap > 0 {
		keepMinHeap(cmd.Context(), uint64(f.MinHeap)<<20)
	}
	if f.CPUProf != "" {
		stop, err := startCPUProfile(f.CPUProf)
		if err != nil {
			return usageError{err}
		}
		defer stop()
	}
	srv := lsp.New(lsp.Options{Logger: log, DiagnosticsDelay: f.Delay})
	return srv.Serve(cmd.Context(), newStdio())
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
