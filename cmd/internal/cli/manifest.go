package cli

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
)

func newManifestCmd() *cobra.Command {
	var configPath string
	cmd := &cobra.Command{
		Use:   "manifest FILE",
		Short: "Print the composition manifest of a protocol as JSON",
		Long: `Manifest prints the composition manifest of a protocol as JSON: namespace,
protocol id, roles, required capabilities, flow cost per participant,
journal facts, leakage observers, links and fragments, the termination
budget, the projected local types, the execution envelope, the
determinism policy reference and the admission report.

The file uses the choreo.yaml found by walking up from its directory, or
the file given with --config. Errors in the file are printed on stderr and
make the exit status 1; usage and I/O errors make it 2.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return showFile(cmd, args[0], configPath, func(w io.Writer, r *analysis.Result) error {
				return cmdline.PrintJSON(w, r.Manifest)
			})
		},
	}
	addConfigFlag(cmd, &configPath)
	return cmd
}
