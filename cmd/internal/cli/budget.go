package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
)

func newBudgetCmd() *cobra.Command {
	var (
		asJSON     bool
		configPath string
	)
	cmd := &cobra.Command{
		Use:   "budget FILE",
		Short: "Print the termination budget of a protocol (depths, W₀, class, max_steps)",
		Long: `Budget prints the termination budget of a protocol: the depth of each
participant's local type, the static weight W₀ = 2 × Σ depth, the protocol
class with its factor k_σ and the rule that chose it, and
max_steps = min(hard_cap, ceil(ceil(W₀ × k_σ) × multiplier)).

The file uses the choreo.yaml found by walking up from its directory, or
the file given with --config. Errors in the file are printed on stderr and
make the exit status 1; usage and I/O errors make it 2.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return showFile(cmd, args[0], configPath, func(w io.Writer, r *analysis.Result) error {
				if asJSON {
					return cmdline.PrintJSON(w, r.Budget)
				}
				return writeBudget(w, r)
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the budget as JSON")
	addConfigFlag(cmd, &configPath)
	return cmd
}

// writeBudget writes the budget of r in the text format of choreo budget.
func writeBudget(w io.Writer, r *analysis.Result) error {
	p, b := r.Protocol, r.Budget
	var out strings.Builder
	fmt.Fprintf(&out, "protocol:   %s", p.Name)
	if p.Namespace != "" {
		fmt.Fprintf(&out, " (namespace %s)", p.Namespace)
	}
	out.WriteByte('\n')
	fmt.Fprintf(&out, "class:      %s, k_σ = %g, expected W %s\n", b.Class.Name, b.Class.K, b.Class.ExpectedRange())
	fmt.Fprintf(&out, "chosen by:  %s\n", b.RuleText(p.Namespace))
	var fams []string
	for _, r := range p.Roles {
		if r.Family {
			fams = append(fams, fmt.Sprintf("%s: %d members (%s)", r.Name, r.Size, sizeSource(r.SizeFrom)))
		}
	}
	if len(fams) > 0 {
		fmt.Fprintf(&out, "families:   %s\n", strings.Join(fams, ", "))
	}
	var parts []string
	for _, part := range p.Participants() {
		parts = append(parts, fmt.Sprintf("%s %d", part, b.Depths[part]))
	}
	fmt.Fprintf(&out, "depths:     %s\n", strings.Join(parts, ", "))
	fmt.Fprintf(&out, "W₀:         2 × %d = %d", b.SumDepth, b.W0)
	if !b.InRange {
		fmt.Fprintf(&out, " (outside %s)", b.Class.ExpectedRange())
	}
	out.WriteByte('\n')
	fmt.Fprintf(&out, "max_steps:  min(%d, ceil(ceil(%d × %g) × %g)) = %d\n", b.HardCap, b.W0, b.Class.K, b.Multiplier, b.MaxSteps)
	_, err := io.WriteString(w, out.String())
	return err
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
