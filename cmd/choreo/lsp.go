package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO(owner): replace this placeholder with the real command.
func newLSPCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "lsp",
		Short: "(lsp: not built yet)",
		RunE:  func(*cobra.Command, []string) error { return errors.New("lsp: not built yet") },
	}
}
