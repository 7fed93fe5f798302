// Package lspcmd is the command line of the choreo language server: its
// flags, help and flag completions. Two programs accept it: `choreo lsp`,
// which checks the command line and hands it over to choreo-lsp, and
// choreo-lsp (cmd/choreo-lsp), which serves. Keeping it here, apart from the
// server, lets choreo show `choreo lsp --help` and complete its flags
// without linking the server (see cmd/choreo-lsp for why it is a program of
// its own).
package lspcmd

import (
	"time"

	"github.com/spf13/cobra"
)

// DefaultDiagnosticsDelay is the debounce between an edit and its
// diagnostics when neither the command line nor the client sets one. It is
// short enough to feel instant while typing and long enough to skip
// analyses a following keystroke would discard.
const DefaultDiagnosticsDelay = 50 * time.Millisecond

// Flags are the server's settings from the command line.
type Flags struct {
	LogPath  string        // --log: the server log's file ("" for stderr)
	LogLevel string        // --log-level
	Delay    time.Duration // --diagnostics-delay; negative when not given
	MemLimit int64         // --memory-limit, MiB (0 disables)
	MinHeap  int64         // --min-heap, MiB (0 disables)
	CPUProf  string        // --cpuprofile (hidden, for benchmarks)
}

// LogLevels are the values of --log-level.
var LogLevels = []string{"debug", "info", "warn", "error"}

// New returns the command `use` (["lsp"] under choreo, the program's name
// for choreo-lsp) with the server's flags; run is called with them once
// they are parsed.
func New(use string, run func(cmd *cobra.Command, f *Flags) error) *cobra.Command {
	f := new(Flags)
	cmd := &cobra.Command{
		Use:   use,
		Short: "Run the language server over stdio",
		Long: use + " runs the choreo language server, speaking LSP (JSON-RPC with Content-Length framing)\n" +
			"on stdin/stdout. Logs go to stderr, or to --log FILE; never to stdout.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return run(cmd, f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.LogPath, "log", "", "write the server log to `FILE` instead of stderr")
	fl.StringVar(&f.LogLevel, "log-level", "warn", "log level: debug, info, warn or error (editors show the server's stderr as errors, so only warnings and errors are logged by default)")
	fl.DurationVar(&f.Delay, "diagnostics-delay", -1, "debounce between an edit and its diagnostics (0 disables)")
	// -1 means "not given": the client's setting, else the server's default, applies.
	fl.Lookup("diagnostics-delay").DefValue = DefaultDiagnosticsDelay.String()
	fl.Int64Var(&f.MemLimit, "memory-limit", 120, "soft limit of the Go heap in `MiB` (the GC works harder near it; 0 disables; GOMEMLIMIT wins)")
	fl.Int64Var(&f.MinHeap, "min-heap", 64, "collect garbage only once the Go heap reaches `MiB`, to which it grows at startup (keeps the GC from running several times per keystroke while the live heap is small; 0 disables; GOGC wins)")
	fl.StringVar(&f.CPUProf, "cpuprofile", "", "write a pprof CPU profile to `FILE` when the server stops (for benchmarks)")
	_ = fl.MarkHidden("cpuprofile")
	// Editors (vscode-languageclient) pass --stdio; stdio is the only transport.
	fl.Bool("stdio", true, "use stdin/stdout (the only transport)")
	_ = cmd.RegisterFlagCompletionFunc("log-level", cobra.FixedCompletions(LogLevels, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}
