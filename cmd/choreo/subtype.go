package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO(owner): replace this placeholder with the real command.
func newSubtypeCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "subtype",
		Short: "(subtype: not built yet)",
		RunE:  func(*cobra.Command, []string) error { return errors.New("subtype: not built yet") },
	}
}
