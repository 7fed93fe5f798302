package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO(owner): replace this placeholder with the real command.
func newCompatCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "compat",
		Short: "(compat: not built yet)",
		RunE:  func(*cobra.Command, []string) error { return errors.New("compat: not built yet") },
	}
}
