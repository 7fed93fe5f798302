package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO(owner): replace this placeholder with the real command.
func newFmtCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "fmt",
		Short: "(fmt: not built yet)",
		RunE:  func(*cobra.Command, []string) error { return errors.New("fmt: not built yet") },
	}
}
