// Package cmdline is what the command lines of choreo's programs share:
// the exit codes, the error that carries one out of a command, how an
// error is reported, "did you mean" for misspelt flags, and JSON output.
// It links no parser, so that the programs that do not parse (choreo's
// session-notation commands) share it with those that do.
package cmdline

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/choreo-lang/choreo/internal/suggest"
)

// Exit codes shared by every command.
const (
	ExitOK       = 0 // clean
	ExitFindings = 1 // diagnostics with errors, an incompatible change, a failed run
	ExitUsage    = 2 // usage or I/O error
)

// ExitError carries a specific exit code out of a command. A command that
// has already printed its findings returns ExitError{Code: ExitFindings}.
type ExitError struct {
	Code int
	Err  error // nil when the command already reported everything
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// Findings returns the error a command uses to exit 1 after printing
// results.
func Findings() error { return &ExitError{Code: ExitFindings} }

// Usage wraps err as a usage or I/O error (exit 2).
func Usage(err error) error { return &ExitError{Code: ExitUsage, Err: err} }

// PrintJSON writes v to w as indented JSON, leaving <, > and & as they are
// so that payload types such as Vec<u8> stay readable.
func PrintJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// Report writes the error a command returned to w, as "choreo: …", and
// returns the exit code it stands for.
func Report(w io.Writer, err error) int {
	if err == nil {
		return ExitOK
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		if ee.Err != nil {
			fmt.Fprintln(w, "choreo:", ee.Err)
		}
		return ee.Code
	}
	fmt.Fprintln(w, "choreo:", err)
	return ExitUsage
}

// SuggestFlag adds the closest flag of cmd to the error of an unknown
// long flag ("did you mean --format?"); it is a cobra flag error function.
func SuggestFlag(cmd *cobra.Command, err error) error {
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
