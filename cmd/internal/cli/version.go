package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/choreo-lang/choreo/internal/buildinfo"
)

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, revision and toolchain of this binary",
		Long: `Version prints what the Go toolchain recorded in this binary: the module
version ("(devel)" when unknown), the git revision with its time and
"(modified)" for a work tree with uncommitted changes, and the Go version
and platform. choreo --version prints the same.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprint(cmd.OutOrStdout(), buildinfo.Read())
			return err
		},
	}
}
