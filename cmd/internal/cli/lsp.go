package cli

import (
	"errors"
	"fmt"
	"os/exec"

	"github.com/spf13/cobra"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
	"github.com/choreo-lang/choreo/internal/helperbin"
	"github.com/choreo-lang/choreo/lsp/lspcmd"
)

// newLSPCmd is `choreo lsp`: it checks the server's command line (so that
// its help and completions are choreo's) and hands it over to choreo-lsp,
// the language server, which is a program of its own (see cmd/choreo-lsp).
func newLSPCmd() *cobra.Command {
	return lspcmd.New("lsp", func(cmd *cobra.Command, _ *lspcmd.Flags) error {
		return handOver("choreo-lsp", helperbin.FlagArgs(cmd.Flags()))
	})
}

// handOver runs the helper program name (found by helperbin.Find) with
// args in place of choreo, and returns only when it could not
// start it or, where a process cannot replace itself, with the helper's
// exit status.
func handOver(name string, args []string) error {
	path, err := helperbin.Find(name)
	if err != nil {
		return &cmdline.ExitError{Code: cmdline.ExitUsage, Err: err}
	}
	err = helperbin.Exec(path, args)
	if ee, ok := errors.AsType[*exec.ExitError](err); ok {
		return &cmdline.ExitError{Code: ee.ExitCode()}
	}
	if err != nil {
		return &cmdline.ExitError{Code: cmdline.ExitUsage, Err: fmt.Errorf("%s: %w", name, err)}
	}
	return nil
}
