// Package subtyperun answers choreo subtype: whether local types can
// replace others (package projection/subtype), for types in session
// notation, listings of one type per role, and the roles of protocol
// files, which it reads through the parser of the program that runs it
// (Protocols). It links neither the parser nor a flag library, so that
// choreo answers the session-notation checks without either's start-up
// (see cmd/choreo); the command line choreo subtype of package
// cmd/internal/cli runs it too.
package subtyperun

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
	"github.com/choreo-lang/choreo/projection"
	"github.com/choreo-lang/choreo/projection/subtype"
	"github.com/choreo-lang/choreo/syntax/filenames"
)

// Request is one invocation of choreo subtype, its flags read.
type Request struct {
	// New and Old are the types, or with FromFile the files that hold
	// them (a type, a listing of one type per role, or a protocol).
	New, Old string
	FromFile bool
	Role     string // the one role to compare ("": every role)
	Relation string // async, sync or equal
	Format   string // text or json
	// Options bounds the asynchronous check; zero fields take the
	// defaults.
	Options subtype.Options
}

// Protocols returns the local type of every participant of the protocol
// in the .choreo or .tell file path, in the protocol's order, after
// reporting the file's errors. It is nil in a program without the parser,
// which must not give Run a protocol file.
type Protocols func(path string) ([]projection.RoleType, error)

// Run answers req on stdout. The error carries the exit code
// (cmdline.ExitError): findings when a pair is not compatible, usage for
// bad input.
func Run(ctx context.Context, req Request, protocols Protocols, stdout io.Writer) error {
	if req.Format != "text" && req.Format != "json" {
		return cmdline.Usage(fmt.Errorf("unknown format %q (want text or json)", req.Format))
	}
	var sides [2]subtypeSide
	for i, arg := range []string{req.New, req.Old} {
		var err error
		if sides[i], err = loadSide(protocols, [2]string{"new", "old"}[i], arg, req.FromFile); err != nil {
			return err
		}
	}
	pairs, err := pairSides(sides, req.Role)
	if err != nil {
		return cmdline.Usage(err)
	}
	results := make([]roleResult, len(pairs))
	compatible := true
	for i, p := range pairs {
		res, err := subtype.Check(ctx, subtype.Relation(req.Relation), p.newT, p.oldT, req.Options)
		if err != nil {
			return cmdline.Usage(err)
		}
		results[i] = roleResult{Role: p.role, Result: res}
		compatible = compatible && res.Verdict == subtype.Compatible
	}
	if err := writeSubtypeResults(stdout, req.Format, req.Relation, results); err != nil {
		return cmdline.Usage(err)
	}
	if !compatible {
		return cmdline.Findings()
	}
	return nil
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
// fromFile a file holding one type, a listing, or a protocol.
func loadSide(protocols Protocols, name, arg string, fromFile bool) (subtypeSide, error) {
	side := subtypeSide{name: name}
	if !fromFile {
		t, err := parseSide(name, arg, arg, false)
		side.one = t
		return side, err
	}
	if filenames.IsSource(arg) {
		if protocols == nil {
			return side, cmdline.Usage(fmt.Errorf("%s: this program reads no protocol files", arg))
		}
		roles, err := protocols(arg)
		side.roles = roles
		return side, err
	}
	src, err := os.ReadFile(arg)
	if err != nil {
		return side, cmdline.Usage(fmt.Errorf("%s type: %w", name, err))
	}
	text := string(src)
	roles, listing, err := projection.ParseSessionRoles(text)
	switch {
	case err != nil:
		return side, cmdline.Usage(fmt.Errorf("%s: %w", arg, parseErrorText(name, text, err)))
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
		return nil, cmdline.Usage(err)
	}
	return t, nil
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
	newNames, oldNames := newS.roleNames(), oldS.roleNames()
	for _, o := range oldS.roles {
		n := slices.Index(newNames, o.Role)
		if n < 0 {
			missing = append(missing, fmt.Sprintf("NEW has no role %s", o.Role))
			continue
		}
		pairs = append(pairs, rolePair{o.Role, newS.roles[n].Type, o.Type})
	}
	for _, n := range newNames {
		if !slices.Contains(oldNames, n) {
			missing = append(missing, fmt.Sprintf("OLD has no role %s", n))
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

// RaiseHint says how to raise the bound that stopped a check ("" when no
// bound stopped it).
func RaiseHint(res *subtype.Result) string {
	if res == nil {
		return ""
	}
	flag, ok := boundFlags[res.StoppedBy]
	if !ok {
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
		if hint := RaiseHint(res); hint != "" {
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
