package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
	"github.com/choreo-lang/choreo/cmd/internal/subtyperun"
	"github.com/choreo-lang/choreo/projection"
	"github.com/choreo-lang/choreo/projection/subtype"
)

func newSubtypeCmd() *cobra.Command {
	var (
		fromFile bool
		role     string
		relation string
		format   string
		newArg   string
		oldArg   string
		opts     subtype.Options
	)
	cmd := &cobra.Command{
		Use:   "subtype [flags] NEW OLD | subtype --new NEW --old OLD",
		Short: "Check whether local type NEW can replace OLD",
		Long: `Subtype decides NEW ≤ OLD for two local types in session notation
(docs/local-types.md), e.g.

  choreo subtype '!x; ?y; !a; !c; ?b; end' '!x; ?y; !a; ?b; !c; end'

NEW comes first, as in "NEW ≤ OLD", which is the opposite of
choreo compat OLD NEW; --new and --old name the sides instead of their
order, and the answer repeats which side was which.

Actions without a role (!m, ?m) talk to the only peer, so binary types from
the literature can be checked directly. With --file, NEW and OLD are files
holding the types; a .choreo file stands for the local type of --role in its
protocol. A file may also list one type per role, as choreo project prints
them ("A: !B.Msg; end" on each line): two listings, or a listing and a
.choreo file, are compared role by role, every role in one process, unless
--role names one.

--relation async (default) is asynchronous multiparty subtyping: NEW may
send earlier and receive later than OLD as long as no peer can be stuck or
see an unexpected message. The answer is compatible (with the reorderings
used), incompatible (with a counterexample) or unknown (a bound was
reached: it is named, raise it with --timeout, --max-configurations or
--max-pending; docs/subtyping.md says which pairs always get a definite
answer). --relation sync is Gay–Hole synchronous subtyping, --relation
equal equality of local types.

Exit status: 0 compatible (every role), 1 incompatible or unknown, 2 usage or parse error.`,
		Args: func(cmd *cobra.Command, args []string) error {
			named := cmd.Flags().Changed("new") || cmd.Flags().Changed("old")
			switch {
			case named && (!cmd.Flags().Changed("new") || !cmd.Flags().Changed("old")):
				return fmt.Errorf("--new and --old go together: give both, or NEW OLD as arguments")
			case named && len(args) > 0:
				return fmt.Errorf("give the types either with --new/--old or as the two arguments NEW OLD, not both")
			case !named && len(args) != 2:
				return fmt.Errorf("want two types, NEW OLD (or --new NEW --old OLD), got %d argument(s)", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{newArg, oldArg}
			}
			if err := checkBounds(cmd, &opts); err != nil {
				return err
			}
			req := subtyperun.Request{New: args[0], Old: args[1], FromFile: fromFile, Role: role, Relation: relation, Format: format, Options: opts}
			protocols := func(path string) ([]projection.RoleType, error) { return protocolTypes(cmd, path) }
			return subtyperun.Run(cmd.Context(), req, protocols, cmd.OutOrStdout())
		},
	}
	cmd.Flags().BoolVar(&fromFile, "file", false, "read NEW and OLD from files (a type or one per role in session notation, or .choreo)")
	cmd.Flags().StringVar(&role, "role", "", "with --file: the one role whose local types are compared (default: every role)")
	cmd.Flags().StringVar(&relation, "relation", string(subtype.Async), "relation: async, sync or equal")
	cmd.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	cmd.Flags().StringVar(&newArg, "new", "", "the new type NEW (with --old, instead of the two arguments)")
	cmd.Flags().StringVar(&oldArg, "old", "", "the old type OLD that NEW must be able to replace (with --new)")
	addBoundFlags(cmd, &opts)
	return cmd
}

// protocolTypes analyses a .choreo file and returns the local type of each
// participant, in the protocol's order.
func protocolTypes(cmd *cobra.Command, path string) ([]projection.RoleType, error) {
	res, err := analyzeFile(cmd, path, nil)
	if err != nil {
		return nil, cmdline.Usage(err)
	}
	if reportErrors(cmd.ErrOrStderr(), path, res) {
		return nil, cmdline.Findings()
	}
	var roles []projection.RoleType
	if res.Protocol != nil {
		for _, p := range res.Protocol.Participants() {
			roles = append(roles, projection.RoleType{Role: p, Type: res.Projections[p]})
		}
	}
	return roles, nil
}

// addBoundFlags registers the bounds of the asynchronous check.
func addBoundFlags(cmd *cobra.Command, opts *subtype.Options) {
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", subtype.DefaultTimeout,
		"bound: time of one check (a duration: 500ms, 2s)")
	cmd.Flags().IntVar(&opts.MaxPending, "max-pending", subtype.DefaultMaxPending,
		"bound: old actions the new role may run ahead of")
	cmd.Flags().IntVar(&opts.MaxConfigurations, "max-configurations", subtype.DefaultMaxConfigurations,
		"bound: configurations explored")
}

// checkBounds rejects bounds that would not bound anything (the flags
// default to the package's bounds, so a value below 1 is a typo), and
// zeroes the bounds whose flag was not given, so that the project file's
// bounds (choreo.yaml's subtype section) or the defaults apply.
func checkBounds(cmd *cobra.Command, opts *subtype.Options) error {
	switch {
	case opts.Timeout <= 0:
		return cmdline.Usage(fmt.Errorf("--timeout must be positive, got %v", opts.Timeout))
	case opts.MaxPending < 1:
		return cmdline.Usage(fmt.Errorf("--max-pending must be at least 1, got %d", opts.MaxPending))
	case opts.MaxConfigurations < 1:
		return cmdline.Usage(fmt.Errorf("--max-configurations must be at least 1, got %d", opts.MaxConfigurations))
	}
	if !cmd.Flags().Changed("timeout") {
		opts.Timeout = 0
	}
	if !cmd.Flags().Changed("max-pending") {
		opts.MaxPending = 0
	}
	if !cmd.Flags().Changed("max-configurations") {
		opts.MaxConfigurations = 0
	}
	return nil
}
