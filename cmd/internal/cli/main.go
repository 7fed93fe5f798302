// Package cli is choreo's command line: every command, its flags, help,
// completions and output formats, on top of the analysis packages. Two
// programs run it: choreo, and choreo-nats, the same commands with the NATS
// client linked (see Network for why).
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/choreo-lang/choreo/internal/buildinfo"
	"github.com/choreo-lang/choreo/internal/suggest"
)

// Exit codes shared by every subcommand.
const (
	exitOK       = 0 // clean
	exitFindings = 1 // diagnostics with errors, an incompatible change, a failed run
	exitUsage    = 2 // usage or I/O error
)

// exitError carries a specific exit code out of a subcommand. A subcommand
// that has already printed its findings returns exitError{code: exitFindings}.
type exitError struct {
	code int
	err  error // nil when the command already reported everything
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// findings returns the error a command uses to exit 1 after printing results.
func findings() error { return &exitError{code: exitFindings} }

// printJSON writes v to w as indented JSON, leaving <, > and & as they are
// so that payload types such as Vec<u8> stay readable.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// Main runs the command line os.Args[1:] with net as the NATS side (nil in
// choreo) and returns the process exit code.
func Main(net Network) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	root := newRoot(net, os.Args[1:])
	root.SetArgs(os.Args[1:])
	return reportError(os.Stderr, root.ExecuteContext(ctx))
}

// reportError writes the error a command returned to w, as "choreo: …",
// and returns the exit code it stands for.
func reportError(w io.Writer, err error) int {
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(w, "choreo:", ee.err)
		}
		return ee.code
	}
	fmt.Fprintln(w, "choreo:", err)
	return exitUsage
}

// suggestFlag adds the closest flag of cmd to the error of an unknown
// long flag ("did you mean --format?").
func suggestFlag(cmd *cobra.Command, err error) error {
	name, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok {
		return err
	}
	var names []string
	collect := func(f *pflag.Flag) { names = append(names, f.Name) }
	cmd.LocalFlags().VisitAll(collect)
	cmd.InheritedFlags().VisitAll(collect)
	if s := suggest.Closest(name, names, func(n string) string { return n }); s != "" {
		return fmt.Errorf("%w (did you mean --%s?)", err, s)
	}
	return err
}

// newRoot returns the root command with every subcommand; net is the NATS
// side (nil in choreo) and args the command line, for handing over.
func newRoot(net Network, args []string) *cobra.Command {
	a := &app{net: net, args: args}
	root := &cobra.Command{
		Use:           "choreo",
		Short:         "Language tools for .choreo and .tell multiparty protocols",
		Long:          "choreo checks, projects, compares, formats and runs .choreo and .tell choreographies.",
		SilenceUsage:  true,
		SilenceErrors: true,
		// --version prints what `choreo version` prints.
		Version: buildinfo.Read().String(),
	}
	root.SetVersionTemplate("{{.Version}}")
	root.SetFlagErrorFunc(suggestFlag) // inherited by every command
	root.AddCommand(
		newParseCmd(),
		newLintCmd(),
		newProjectCmd(),
		newBudgetCmd(),
		newManifestCmd(),
		newSubtypeCmd(),
		newCompatCmd(),
		newRunCmd(a),
		newNodeCmd(a),
		newMonitorCmd(a),
		newNATSServerCmd(),
		newFmtCmd(),
		newLSPCmd(),
		newVersionCmd(),
	)
	registerCompletions(root)
	return root
}
