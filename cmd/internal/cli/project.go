package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
	"github.com/choreo-lang/choreo/projection"
	"github.com/choreo-lang/choreo/projection/fsm"
	"github.com/choreo-lang/choreo/projection/fsm/svg"
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

// graphFormat is the value of project's --format flag (a pflag.Value).
type graphFormat string

// Output formats of project: the local types as text, or state machines.
const (
	graphText    graphFormat = "text"
	graphDot     graphFormat = "dot"
	graphMermaid graphFormat = "mermaid"
	graphSVG     graphFormat = "svg"
	graphJSON    graphFormat = "json"
)

func (f *graphFormat) String() string { return string(*f) }

// Set implements pflag.Value.
func (f *graphFormat) Set(s string) error {
	switch v := graphFormat(s); v {
	case graphText, graphDot, graphMermaid, graphSVG, graphJSON:
		*f = v
		return nil
	}
	return fmt.Errorf("unknown format %q (want text, dot, mermaid, svg or json)", s)
}

// Type implements pflag.Value.
func (f *graphFormat) Type() string { return "text|dot|mermaid|svg|json" }

func newProjectCmd() *cobra.Command {
	var (
		roles  []string
		notn   = notationSession
		format = graphText
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

--format dot, mermaid, svg or json writes state machines instead: each
participant's communicating finite-state machine (one state per point of its
local type, a shared continuation being one state; transitions !B.Msg(payload)
and ?A.Msg(payload)) and, without --role, the global protocol as a graph of
its interactions, in one Graphviz digraph, Mermaid flowchart, SVG picture
(laid out by Graphviz) or JSON document.

--role selects participants; a family name selects all of its members.
Diagnostics of the file are printed on stderr.

Exit status: 0 no errors, 1 errors in the file, 2 usage or I/O error.`,
		Example: `  choreo project examples/auction.choreo
  choreo project examples/threshold_sign.choreo --role Witness --notation rust
  choreo project examples/auction.choreo --format svg > auction.svg`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := args[0]
			r, err := analyzeFile(cmd, path, nil)
			if err != nil {
				return cmdline.Usage(err)
			}
			found := make([]Finding, len(r.Diagnostics))
			for i, d := range r.Diagnostics {
				found[i] = Finding{Path: path, Diagnostic: d}
			}
			if err := writeText(cmd.ErrOrStderr(), found); err != nil {
				return cmdline.Usage(err)
			}
			if r.Protocol == nil {
				return noProtocol(path, hasErrors(found))
			}
			selected, err := selectParticipants(r, roles)
			if err != nil {
				return cmdline.Usage(err)
			}
			write := func(w io.Writer) error { return writeProjections(w, r, selected, notn) }
			if format != graphText {
				write = func(w io.Writer) error { return writeMachines(cmd.Context(), w, r, selected, len(roles) == 0, format) }
			}
			if err := write(cmd.OutOrStdout()); err != nil {
				return cmdline.Usage(err)
			}
			if hasErrors(found) {
				return cmdline.Findings()
			}
			return nil
		},
	}
	cmd.Flags().StringSliceVar(&roles, "role", nil, "print only these roles (repeatable or comma-separated; a family name selects its members)")
	cmd.Flags().Var(&notn, "notation", "local type notation: session, rust or pretty")
	cmd.Flags().Var(&format, "format", "output: text (local types), or state machines as dot, mermaid, svg or json")
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

// machinesDoc is the JSON document of project --format json.
type machinesDoc struct {
	Protocol string         `json:"protocol"`
	Global   *fsm.Machine   `json:"global,omitempty"`
	Roles    []*fsm.Machine `json:"roles"`
}

// writeMachines writes the state machines of the participants, preceded
// by the global graph when withGlobal is set.
func writeMachines(ctx context.Context, w io.Writer, r *analysis.Result, participants []string, withGlobal bool, f graphFormat) error {
	ms := fsm.Machines(r.Protocol, r.Projections, participants, withGlobal)
	switch f {
	case graphDot:
		return fsm.WriteDot(w, ms)
	case graphMermaid:
		return fsm.WriteMermaid(w, ms)
	case graphSVG:
		return svg.Render(ctx, w, ms)
	}
	doc := machinesDoc{Protocol: r.Protocol.Name, Roles: ms}
	if withGlobal {
		doc.Global, doc.Roles = ms[0], ms[1:]
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
