package cli

import (
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
	"github.com/choreo-lang/choreo/lsp/lspcmd"
)

// newLSPCmd is `choreo lsp`: it checks the server's command line (so that
// its help and completions are choreo's) and hands it over to choreo-lsp,
// the language server, which is a program of its own (see cmd/choreo-lsp).
func newLSPCmd() *cobra.Command {
	return lspcmd.New("lsp", func(cmd *cobra.Command, _ *lspcmd.Flags) error {
		return cmdline.HandOver("choreo-lsp", flagArgs(cmd.Flags()))
	})
}

// flagArgs returns the flags set on fs's command line as arguments that
// set them again (--name=value): what choreo hands over to a helper once it
// has checked a command line the helper shares (for example with package
// lsp/lspcmd).
func flagArgs(fs *pflag.FlagSet) []string {
	var args []string
	fs.Visit(func(f *pflag.Flag) {
		args = append(args, "--"+f.Name+"="+f.Value.String())
	})
	return args
}
