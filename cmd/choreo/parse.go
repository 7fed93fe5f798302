package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO(owner): replace this placeholder with the real command.
func newParseCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "parse",
		Short: "(parse: not built yet)",
		RunE:  func(*cobra.Command, []string) error { return errors.New("parse: not built yet") },
	}
}
