package main

import (
	"github.com/spf13/cobra"
)

func newManifestCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "manifest FILE",
		Short: "Print the composition manifest of a protocol as JSON",
		Long: `Manifest prints the composition manifest of SEMANTICS §6 as JSON: namespace,
protocol id, roles, required capabilities, flow cost per participant,
journal facts, leakage observers, links and fragments, the termination
budget, the projected local types, the execution envelope, the
determinism policy reference and the admission report.

Errors in the file are printed on stderr and make the exit status 1.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := analyzeFile(cmd.Context(), args[0])
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			failed := reportErrors(cmd.ErrOrStderr(), args[0], r)
			if r.Manifest == nil {
				return findings()
			}
			if err := printJSON(cmd.OutOrStdout(), r.Manifest); err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			if failed {
				return findings()
			}
			return nil
		},
	}
}
