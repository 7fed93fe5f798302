package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/projection"
)

// notation is the value of project's --notation flag (a pflag.Value).
type notation string

// Local type notations (SEMANTICS §3).
const (
	notationSession notation = "session" // !B.Msg(data: Vec<u8>); ?B.Ack(code: u32); end
	notationRust    notation = "rust"    // Send<B, Msg, Receive<B, Ack, End>>
	notationPretty  notation = "pretty"  // session notation, one action per line
)

func (n *notation) String() string { return string(*n) }

// Set implements pflag.Value.
func (n *notation) Set(s string) error {
	switch v := notation(s); v {
	case notationSession, notationRust, notationPretty:
		*n = v
		return nil
	}
	return fmt.Errorf("unknown notation %q (want session, rust or pretty)", s)
}

// Type implements pflag.Value.
func (n *notation) Type() string { return "session|rust|pretty" }

func newProjectCmd() *cobra.Command {
	var (
		roles []string
		notn  = notationSession
	)
	cmd := &cobra.Command{
		Use:   "project FILE",
		Short: "Print the local type of every role of a protocol",
		Long: `Project projects the protocol of FILE onto each participant (role family
members expanded: W[0], W[1], ...) and prints one "Role: type" line per
participant in declaration order, in the session notation (default), the
Rust type notation (--notation rust), or the session notation over several
lines (--notation pretty). A continuation that several branches share is
written once, as a named definition: "where K1 = ..." in session notation,
an alias "type K1 = ...;" on the lines after the type in Rust notation
(docs/local-types.md describes both).

--role selects participants; a family name selects all of its members.
Diagnostics of the file are printed on stderr.

Exit status: 0 no errors, 1 errors in the file, 2 usage or I/O error.`,
		Example: `  choreo project examples/auction.choreo
  choreo project examples/threshold_sign.choreo --role Witness --notation rust`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := args[0]
			r, err := analyzeFile(cmd, path, nil)
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			found := make([]Finding, len(r.Diagnostics))
			for i, d := range r.Diagnostics {
				found[i] = Finding{Path: path, Diagnostic: d}
			}
			if err := writeText(cmd.ErrOrStderr(), found); err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			if r.Protocol == nil {
				return findings()
			}
			selected, err := selectParticipants(r, roles)
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			if err := writeProjections(cmd.OutOrStdout(), r, selected, notn); err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			if hasErrors(found) {
				return findings()
			}
			return nil
		},
	}
	cmd.Flags().StringSliceVar(&roles, "role", nil, "print only these roles (repeatable or comma-separated; a family name selects its members)")
	cmd.Flags().Var(&notn, "notation", "local type notation: session, rust or pretty")
	return cmd
}

// selectParticipants returns the participants of r named by roles (all of
// them when roles is empty), in declaration order.
func selectParticipants(r *analysis.Result, roles []string) ([]string, error) {
	all := r.Protocol.Participants()
	if len(roles) == 0 {
		return all, nil
	}
	want := make(map[string]bool)
	for _, name := range roles {
		found := false
		for _, role := range r.Protocol.Roles {
			if role.Name == name || slices.Contains(role.Instances(), name) {
				found = true
				if role.Name == name {
					for _, inst := range role.Instances() {
						want[inst] = true
					}
				} else {
					want[name] = true
				}
			}
		}
		if !found {
			return nil, fmt.Errorf("no role %q in protocol %s (participants: %s)", name, r.Protocol.Name, strings.Join(all, ", "))
		}
	}
	var out []string
	for _, p := range all {
		if want[p] {
			out = append(out, p)
		}
	}
	return out, nil
}

// writeProjections prints "Role: type" for each participant.
func writeProjections(w io.Writer, r *analysis.Result, participants []string, n notation) error {
	for _, p := range participants {
		t := r.Projections[p]
		var text string
		switch n {
		case notationRust: // aliases of shared continuations on the lines after
			text = " " + strings.ReplaceAll(projection.Rust(t), "\n", "\n  ")
		case notationPretty:
			text = "\n  " + strings.ReplaceAll(projection.Pretty(t), "\n", "\n  ")
		default:
			text = " " + projection.Session(t)
		}
		if _, err := fmt.Fprintf(w, "%s:%s\n", p, text); err != nil {
			return err
		}
	}
	return nil
}
