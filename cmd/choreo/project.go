package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO(owner): replace this placeholder with the real command.
func newProjectCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "project",
		Short: "(project: not built yet)",
		RunE:  func(*cobra.Command, []string) error { return errors.New("project: not built yet") },
	}
}
