package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO(owner): replace this placeholder with the real command.
func newManifestCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "manifest",
		Short: "(manifest: not built yet)",
		RunE:  func(*cobra.Command, []string) error { return errors.New("manifest: not built yet") },
	}
}
