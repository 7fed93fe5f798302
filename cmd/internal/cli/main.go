// Package cli is choreo's command line: every command, its flags, help,
// completions and output formats, on top of the analysis packages. Two
// programs run it: choreo-syntax, to which choreo hands every command line
// it does not answer itself (see cmd/choreo), and choreo-nats, the same
// commands with the NATS client linked (see Network for why).
package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
	"github.com/choreo-lang/choreo/internal/buildinfo"
	"github.com/choreo-lang/choreo/internal/suggest"
)

// Main runs the command line os.Args[1:] with net as the NATS side (nil in
// choreo-syntax) and returns the process exit code.
func Main(net Network) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	root := newRoot(net, os.Args[1:])
	root.SetArgs(os.Args[1:])
	return cmdline.Report(os.Stderr, root.ExecuteContext(ctx))
}

// newRoot returns the root command with every subcommand; net is the NATS
// side (nil in choreo-syntax) and args the command line, for handing over.
func newRoot(net Network, args []string) *cobra.Command {
	a := &app{net: net, args: args}
	root := &cobra.Command{
		Use:           "choreo",
		Short:         "Language tools for .choreo and .tell multiparty protocols",
		Long:          "choreo checks, projects, compares, formats and runs .choreo and .tell choreographies.",
		SilenceUsage:  true,
		SilenceErrors: true,
		// --version prints what `choreo version` prints.
		Version: buildinfo.Read().String(),
	}
	root.SetVersionTemplate("{{.Version}}")
	root.SetFlagErrorFunc(suggestFlag) // inherited by every command
	root.AddCommand(
		newParseCmd(),
		newLintCmd(),
		newProjectCmd(),
		newBudgetCmd(),
		newManifestCmd(),
		newSubtypeCmd(),
		newCompatCmd(),
		newRunCmd(a),
		newNodeCmd(a),
		newMonitorCmd(a),
		newNATSServerCmd(),
		newFmtCmd(),
		newLSPCmd(),
		newVersionCmd(),
	)
	registerCompletions(root)
	return root
}

// suggestFlag adds the closest flag of cmd to the error of an unknown
// long flag ("did you mean --format?").
func suggestFlag(cmd *cobra.Command, err error) error {
	name, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok {
		return err
	}
	var names []string
	collect := func(f *pflag.Flag) { names = append(names, f.Name) }
	cmd.LocalFlags().VisitAll(collect)
	cmd.InheritedFlags().VisitAll(collect)
	if s := suggest.Closest(name, names, func(n string) string { return n }); s != "" {
		return fmt.Errorf("%w (did you mean --%s?)", err, s)
	}
	return err
}
