package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
	"github.com/choreo-lang/choreo/projection"
	"github.com/choreo-lang/choreo/projection/subtype"
	"github.com/choreo-lang/choreo/syntax/filenames"
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
			if format != "text" && format != "json" {
				return &cmdline.ExitError{Code: cmdline.ExitUsage, Err: fmt.Errorf("unknown format %q (want text or json)", format)}
			}
			if err := checkBounds(cmd, &opts); err != nil {
				return err
			}
			var sides [2]subtypeSide
			for i, name := range []string{"new", "old"} {
				var err error
				if sides[i], err = loadSide(cmd, name, args[i], fromFile, role); err != nil {
					return err
				}
			}
			pairs, err := pairSides(sides, role)
			if err != nil {
				return &cmdline.ExitError{Code: cmdline.ExitUsage, Err: err}
			}
			results := make([]roleResult, len(pairs))
			compatible := true
			for i, p := range pairs {
				res, err := subtype.Check(cmd.Context(), subtype.Relation(relation), p.newT, p.oldT, opts)
				if err != nil {
					return &cmdline.ExitError{Code: cmdline.ExitUsage, Err: err}
				}
				results[i] = roleResult{Role: p.role, Result: res}
				compatible = compatible && res.Verdict == subtype.Compatible
			}
			if err := writeSubtypeResults(cmd.OutOrStdout(), format, relation, results); err != nil {
				return &cmdline.ExitError{Code: cmdline.ExitUsage, Err: err}
			}
			if !compatible {
				return cmdline.Findings()
			}
			return nil
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

// subtypeSide is what one side of choreo subtype names: one type, or a
// type per role (a listing in session notation, or every role of a
// .choreo file).
type subtypeSide struct {
	name  string // "new" or "old"
	one   projection.Type
	roles []projection.RoleType
}

// loadSide reads the side name ("new" or "old") from arg: a type, or with
// fromFile a file holding one type, a listing, or a protocol (whose role
// is role, or every role when role is "").
func loadSide(cmd *cobra.Command, name, arg string, fromFile bool, role string) (subtypeSide, error) {
	side := subtypeSide{name: name}
	if !fromFile {
		t, err := parseSide(name, arg, arg, false)
		side.one = t
		return side, err
	}
	if filenames.IsSource(arg) {
		roles, err := protocolTypes(cmd, arg)
		if err != nil {
			return side, err
		}
		side.roles = roles
		return side, nil
	}
	src, err := os.ReadFile(arg)
	if err != nil {
		return side, &cmdline.ExitError{Code: cmdline.ExitUsage, Err: fmt.Errorf("%s type: %w", name, err)}
	}
	text := string(src)
	roles, listing, err := projection.ParseSessionRoles(text)
	switch {
	case err != nil:
		return side, &cmdline.ExitError{Code: cmdline.ExitUsage, Err: fmt.Errorf("%s: %w", arg, parseErrorText(name, text, err))}
	case listing:
		side.roles = roles
		return side, nil
	}
	side.one, err = parseSide(name, arg, text, true)
	return side, err
}

// parseSide parses text, the side name's type (read from the file arg when
// fromFile), as session notation.
func parseSide(name, arg, text string, fromFile bool) (projection.Type, error) {
	t, err := projection.ParseSession(text)
	if err != nil {
		err = parseErrorText(name, text, err)
		if fromFile {
			err = fmt.Errorf("%s: %w", arg, err)
		}
		return nil, &cmdline.ExitError{Code: cmdline.ExitUsage, Err: err}
	}
	return t, nil
}

// protocolTypes analyses a .choreo file and returns the local type of each
// participant, in the protocol's order.
func protocolTypes(cmd *cobra.Command, path string) ([]projection.RoleType, error) {
	res, err := analyzeFile(cmd, path, nil)
	if err != nil {
		return nil, &cmdline.ExitError{Code: cmdline.ExitUsage, Err: err}
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

// rolePair is one check of choreo subtype: the new and old types of role
// ("" for two types without roles).
type rolePair struct {
	role       string
	newT, oldT projection.Type
}

// pairSides pairs the types of the two sides: the two types, the types of
// role on each side, or (two listings without role) every role, which both
// sides must list.
func pairSides(sides [2]subtypeSide, role string) ([]rolePair, error) {
	newS, oldS := sides[0], sides[1]
	if role != "" {
		newT, err := newS.typeOf(role)
		if err != nil {
			return nil, err
		}
		oldT, err := oldS.typeOf(role)
		if err != nil {
			return nil, err
		}
		return []rolePair{{role, newT, oldT}}, nil
	}
	switch {
	case newS.one != nil && oldS.one != nil:
		return []rolePair{{"", newS.one, oldS.one}}, nil
	case newS.one != nil || oldS.one != nil:
		single, listing := newS, oldS
		if oldS.one != nil {
			single, listing = oldS, newS
		}
		return nil, fmt.Errorf("%s is one type and %s has the roles %s: name the role to compare with --role",
			strings.ToUpper(single.name), strings.ToUpper(listing.name), strings.Join(listing.roleNames(), ", "))
	}
	var pairs []rolePair
	var missing []string
	for _, o := range oldS.roles {
		n := slices.IndexFunc(newS.roles, func(r projection.RoleType) bool { return r.Role == o.Role })
		if n < 0 {
			missing = append(missing, fmt.Sprintf("NEW has no role %s", o.Role))
			continue
		}
		pairs = append(pairs, rolePair{o.Role, newS.roles[n].Type, o.Type})
	}
	for _, n := range newS.roles {
		if !slices.Contains(oldS.roleNames(), n.Role) {
			missing = append(missing, fmt.Sprintf("OLD has no role %s", n.Role))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("the two sides do not list the same roles (%s): give each side every role, or name one with --role", strings.Join(missing, "; "))
	}
	return pairs, nil
}

// typeOf returns the side's type for role: its one type, or the role's.
func (s subtypeSide) typeOf(role string) (projection.Type, error) {
	if s.one != nil {
		return s.one, nil
	}
	for _, r := range s.roles {
		if r.Role == role {
			return r.Type, nil
		}
	}
	return nil, fmt.Errorf("%s has no role %q (roles: %s)", strings.ToUpper(s.name), role, strings.Join(s.roleNames(), ", "))
}

func (s subtypeSide) roleNames() []string {
	names := make([]string, len(s.roles))
	for i, r := range s.roles {
		names[i] = r.Role
	}
	return names
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
		return &cmdline.ExitError{Code: cmdline.ExitUsage, Err: fmt.Errorf("--timeout must be positive, got %v", opts.Timeout)}
	case opts.MaxPending < 1:
		return &cmdline.ExitError{Code: cmdline.ExitUsage, Err: fmt.Errorf("--max-pending must be at least 1, got %d", opts.MaxPending)}
	case opts.MaxConfigurations < 1:
		return &cmdline.ExitError{Code: cmdline.ExitUsage, Err: fmt.Errorf("--max-configurations must be at least 1, got %d", opts.MaxConfigurations)}
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

// roleResult is the answer of one check of choreo subtype, for role ("" for
// two types without roles).
type roleResult struct {
	Role   string          `json:"role"`
	Result *subtype.Result `json:"result"`
}

// writeSubtypeResults prints the answers: one answer as it is, several
// (role by role) each after its role, or as a JSON array.
func writeSubtypeResults(w io.Writer, format, relation string, results []roleResult) error {
	if len(results) == 1 {
		return writeSubtype(w, format, relation, results[0].Result)
	}
	if format == "json" {
		return cmdline.PrintJSON(w, results)
	}
	for _, r := range results {
		if _, err := io.WriteString(w, r.Role+": "); err != nil {
			return err
		}
		if err := writeSubtype(w, format, relation, r.Result); err != nil {
			return err
		}
	}
	return nil
}

func writeSubtype(w io.Writer, format, relation string, res *subtype.Result) error {
	if format == "json" {
		return cmdline.PrintJSON(w, res)
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
