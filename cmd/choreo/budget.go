package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/analysis/global"
)

func newBudgetCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "budget FILE",
		Short: "Print the termination budget of a protocol (depths, W₀, class, max_steps)",
		Long: `Budget prints the termination budget of SEMANTICS §7: the depth of each
participant's local type, the static weight W₀ = 2 × Σ depth, the protocol
class with its factor k_σ and the rule that chose it, and
max_steps = min(hard_cap, ceil(ceil(W₀ × k_σ) × multiplier)).

Errors in the file are printed on stderr and make the exit status 1.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := analyzeFile(cmd.Context(), args[0])
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			failed := reportErrors(cmd.ErrOrStderr(), args[0], r)
			if r.Protocol == nil {
				return findings()
			}
			if asJSON {
				if err := printJSON(cmd.OutOrStdout(), r.Budget); err != nil {
					return &exitError{code: exitUsage, err: err}
				}
			} else {
				writeBudget(cmd.OutOrStdout(), r)
			}
			if failed {
				return findings()
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the budget as JSON")
	return cmd
}

func writeBudget(w io.Writer, r *analysis.Result) {
	p, b := r.Protocol, r.Budget
	fmt.Fprintf(w, "protocol:   %s", p.Name)
	if p.Namespace != "" {
		fmt.Fprintf(w, " (namespace %s)", p.Namespace)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "class:      %s, k_σ = %g, expected W %s\n", b.Class.Name, b.Class.K, b.Class.ExpectedRange())
	fmt.Fprintf(w, "chosen by:  %s\n", b.RuleText(p.Namespace))
	var fams []string
	for _, r := range p.Roles {
		if r.Family {
			fams = append(fams, fmt.Sprintf("%s: %d members (%s)", r.Name, r.Size, sizeSource(r.SizeFrom)))
		}
	}
	if len(fams) > 0 {
		fmt.Fprintf(w, "families:   %s\n", strings.Join(fams, ", "))
	}
	var parts []string
	for _, part := range p.Participants() {
		parts = append(parts, fmt.Sprintf("%s %d", part, b.Depths[part]))
	}
	fmt.Fprintf(w, "depths:     %s\n", strings.Join(parts, ", "))
	fmt.Fprintf(w, "W₀:         2 × %d = %d", b.SumDepth, b.W0)
	if !b.InRange {
		fmt.Fprintf(w, " (outside %s)", b.Class.ExpectedRange())
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "max_steps:  min(%d, ceil(ceil(%d × %g) × %g)) = %d\n", b.HardCap, b.W0, b.Class.K, b.Multiplier, b.MaxSteps)
}

func sizeSource(s global.SizeSource) string {
	switch s {
	case global.SizeConfig:
		return "size from choreo.yaml"
	case global.SizeDefault:
		return "default size"
	}
	return "literal size"
}
