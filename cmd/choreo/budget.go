package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO(owner): replace this placeholder with the real command.
func newBudgetCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "budget",
		Short: "(budget: not built yet)",
		RunE:  func(*cobra.Command, []string) error { return errors.New("budget: not built yet") },
	}
}
