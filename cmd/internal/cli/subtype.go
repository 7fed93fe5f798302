package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/choreo-lang/choreo/projection"
	"github.com/choreo-lang/choreo/projection/subtype"
	"github.com/choreo-lang/choreo/syntax"
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
protocol.

--relation async (default) is asynchronous multiparty subtyping: NEW may
send earlier and receive later than OLD as long as no peer can be stuck or
see an unexpected message. The answer is compatible (with the reorderings
used), incompatible (with a counterexample) or unknown (a bound was
reached: it is named, raise it with --timeout, --max-configurations or
--max-pending; docs/subtyping.md says which pairs always get a definite
answer). --relation sync is Gay–Hole synchronous subtyping, --relation
equal equality of local types.

Exit status: 0 compatible, 1 incompatible or unknown, 2 usage or parse error.`,
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
			if format != "text" && format != "json" {
				return &exitError{code: exitUsage, err: fmt.Errorf("unknown format %q (want text or json)", format)}
			}
			if err := checkBounds(cmd, &opts); err != nil {
				return err
			}
			var types [2]projection.Type
			for i, name := range []string{"new", "old"} {
				var err error
				if fromFile && syntax.IsSourceFile(args[i]) {
					types[i], err = roleType(cmd, args[i], role)
				} else {
					types[i], err = sessionType(name, args[i], fromFile)
				}
				if err != nil {
					return err
				}
			}
			res, err := subtype.Check(cmd.Context(), subtype.Relation(relation), types[0], types[1], opts)
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			if err := writeSubtype(cmd.OutOrStdout(), format, relation, res); err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			if res.Verdict != subtype.Compatible {
				return findings()
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&fromFile, "file", false, "read NEW and OLD from files (session notation, or .choreo with --role)")
	cmd.Flags().StringVar(&role, "role", "", "with --file and .choreo files: the participant whose local types are compared")
	cmd.Flags().StringVar(&relation, "relation", string(subtype.Async), "relation: async, sync or equal")
	cmd.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	cmd.Flags().StringVar(&newArg, "new", "", "the new type NEW (with --old, instead of the two arguments)")
	cmd.Flags().StringVar(&oldArg, "old", "", "the old type OLD that NEW must be able to replace (with --new)")
	addBoundFlags(cmd, &opts)
	return cmd
}

// sessionType parses arg (or the file it names) as session notation.
func sessionType(name, arg string, fromFile bool) (projection.Type, error) {
	text := arg
	if fromFile {
		src, err := os.ReadFile(arg)
		if err != nil {
			return nil, &exitError{code: exitUsage, err: fmt.Errorf("%s type: %w", name, err)}
		}
		text = string(src)
	}
	t, err := projection.ParseSession(text)
	if err != nil {
		err = parseErrorText(name, text, err)
		if fromFile {
			err = fmt.Errorf("%s: %w", arg, err)
		}
		return nil, &exitError{code: exitUsage, err: err}
	}
	return t, nil
}

// roleType analyses a .choreo file and returns the projection of role.
func roleType(cmd *cobra.Command, path, role string) (projection.Type, error) {
	if role == "" {
		return nil, &exitError{code: exitUsage, err: fmt.Errorf("%s: --role is needed to compare the local types of a .choreo file", path)}
	}
	res, err := analyzeFile(cmd, path, nil)
	if err != nil {
		return nil, &exitError{code: exitUsage, err: err}
	}
	if reportErrors(cmd.ErrOrStderr(), path, res) {
		return nil, findings()
	}
	t, ok := res.Projections[role]
	if !ok {
		var names []string
		if res.Protocol != nil {
			names = res.Protocol.Participants()
		}
		return nil, &exitError{code: exitUsage, err: fmt.Errorf("%s: no participant %q (participants: %s)", path, role, strings.Join(names, ", "))}
	}
	return t, nil
}

// The flags of the bounds of the asynchronous check, by the name
// subtype.Result.StoppedBy gives the bound.
var boundFlags = map[string]string{
	subtype.BoundTimeout:        "--timeout",
	subtype.BoundConfigurations: "--max-configurations",
	subtype.BoundPending:        "--max-pending",
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
		return &exitError{code: exitUsage, err: fmt.Errorf("--timeout must be positive, got %v", opts.Timeout)}
	case opts.MaxPending < 1:
		return &exitError{code: exitUsage, err: fmt.Errorf("--max-pending must be at least 1, got %d", opts.MaxPending)}
	case opts.MaxConfigurations < 1:
		return &exitError{code: exitUsage, err: fmt.Errorf("--max-configurations must be at least 1, got %d", opts.MaxConfigurations)}
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

// raiseHint says how to raise the bound that stopped a check ("" when no
// bound stopped it).
func raiseHint(res *subtype.Result) string {
	flag, ok := boundFlags[res.StoppedBy]
	if res == nil || !ok {
		return ""
	}
	return fmt.Sprintf("raise it with %s (or subtype.%s in choreo.yaml for compat and the language server)", flag, res.StoppedBy)
}

// parseErrorText shows a session-notation error under the offending line.
func parseErrorText(name, text string, err error) error {
	var pe *projection.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("%s type: %w", name, err)
	}
	line := strings.Split(text, "\n")[pe.Pos.Line]
	return fmt.Errorf("%s type: %w\n  %s\n  %s^", name, err, line, strings.Repeat(" ", pe.Pos.Col))
}

func writeSubtype(w io.Writer, format, relation string, res *subtype.Result) error {
	if format == "json" {
		return printJSON(w, res)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "NEW ≤ OLD (%s): ", relation)
	switch res.Verdict {
	case subtype.Incompatible:
		c := res.Counterexample
		fmt.Fprintf(&b, "incompatible (%s): %s\n", c.Kind, c.Text)
		writeActions(&b, "new role does", c.Trace)
		writeActions(&b, "old role does", c.Expected)
		writeActions(&b, "old role still to do", c.Pending)
	case subtype.Unknown:
		fmt.Fprintf(&b, "unknown: %s\n  bounds: --timeout %v, --max-configurations %d, --max-pending %d\n",
			res.Justification, res.Bound.Timeout, res.Bound.MaxConfigurations, res.Bound.MaxPending)
		if hint := raiseHint(res); hint != "" {
			fmt.Fprintf(&b, "  %s\n", hint)
		}
	default:
		fmt.Fprintf(&b, "compatible: %s\n", res.Justification)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeActions(b *strings.Builder, label string, as []subtype.Action) {
	if len(as) == 0 {
		return
	}
	parts := make([]string, len(as))
	for i, a := range as {
		parts[i] = a.String()
	}
	fmt.Fprintf(b, "  %s: %s\n", label, strings.Join(parts, "; "))
}
