// Package cmdline is what the command lines of choreo's programs share:
// the exit codes, the error that carries one out of a command, how an
// error is reported, JSON output, and handing a command line over to a
// helper program. It links neither the parser nor a flag library (whose
// package net would link the cgo resolver), so that choreo's fast path
// for session-notation checks shares it (see cmd/choreo).
package cmdline

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"

	"github.com/choreo-lang/choreo/internal/helperbin"
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

// HandOver runs the helper program name (found by helperbin.Find) with args
// in place of this program, and returns only when it could not start it
// or, where a process cannot replace itself, with the helper's exit status.
func HandOver(name string, args []string) error {
	path, err := helperbin.Find(name)
	if err != nil {
		return Usage(err)
	}
	err = helperbin.Exec(path, args)
	if ee, ok := errors.AsType[*exec.ExitError](err); ok {
		return &ExitError{Code: ee.ExitCode()}
	}
	if err != nil {
		return Usage(fmt.Errorf("%s: %w", name, err))
	}
	return nil
}
