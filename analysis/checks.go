package analysis

import (
	"fmt"

	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/analysis/selection"
	"github.com/choreo-lang/choreo/diag"
)

// checkModel runs the checks of §2 that need the desugared model:
// choice-not-decider, choice-ambiguous and unguarded-recursion. It runs
// before the labels are put on the wire (package selection), on the
// protocol as written.
func checkModel(p *global.Protocol, branches map[*global.Branch]*selection.Branch, generated map[string]diag.Span, report func(diag.Diagnostic)) {
	global.Walk(p.Body, func(n global.Node) {
		switch n := n.(type) {
		case *global.Choice:
			checkChoice(n, branches, report)
		case *global.Rec:
			checkGuarded(n, n.Body, generated, report)
		}
	})
}

// checkChoice reports branches whose first communication (looking through
// continue) is missing or not the decider's, and two branches that would
// be selected by the same message towards the same role. Two written
// labels that are equal are duplicate-label (reported when lowering), so
// choice-ambiguous is left for the branches a desugaring produced and for
// unlabelled ones.
func checkChoice(c *global.Choice, branches map[*global.Branch]*selection.Branch, report func(diag.Diagnostic)) {
	type first struct {
		sel    selection.Selector
		branch *global.Branch
	}
	seen := make(map[[2]string]first) // (receiver, selection) → first branch selected by it
	for _, br := range c.Branches {
		info := branches[br]
		sends, ok := info.Sends, info.Complete
		if len(sends) == 0 {
			report(diag.Diagnostic{Span: br.Span, Severity: diag.Error, Code: CodeChoiceNotDecider,
				Message: fmt.Sprintf("branch `%s` of the choice at %s has no communication: %s must send first so the others learn the branch", br.Label, c.Decider, c.Decider)})
			continue
		}
		if !ok {
			report(diag.Diagnostic{Span: br.Span, Severity: diag.Error, Code: CodeChoiceNotDecider,
				Message: fmt.Sprintf("branch `%s` of the choice at %s has a path with no communication", br.Label, c.Decider)})
		}
		for _, s := range sends {
			if s.From != c.Decider {
				report(diag.Diagnostic{Span: s.Span, Severity: diag.Error, Code: CodeChoiceNotDecider,
					Message: fmt.Sprintf("branch `%s` of the choice at %s starts with %s -> %s : %s; its first message must be sent by %s", br.Label, c.Decider, s.From, s.To, s.Msg.Name, c.Decider),
					Related: []diag.Related{{Span: c.Span, Message: "the choice at " + c.Decider}}})
			}
		}
		if !info.Selected { // no selector when another role speaks first
			continue
		}
		sel := info.Selector
		k := [2]string{sel.To, sel.Name}
		prev, dup := seen[k]
		if !dup {
			seen[k] = first{sel, br}
			continue
		}
		if prev.branch.Label == br.Label && br.Label != "" && !prev.branch.Generated && !br.Generated {
			continue // duplicate-label
		}
		this, other := first{sel, br}, prev
		if br.Generated && !prev.branch.Generated {
			this, other = prev, this // point at the label the user wrote
		}
		at, otherAt := this.branch.LabelSpan, other.branch.LabelSpan
		if br.Label == "" {
			at, otherAt = this.sel.First.Span, other.sel.First.Span
		}
		report(diag.Diagnostic{Span: at, Severity: diag.Error, Code: CodeChoiceAmbiguous,
			Message: fmt.Sprintf("branches %s and %s are both selected by %s -> %s : %s; %s cannot tell them apart", branchTitle(other.branch), branchTitle(this.branch), c.Decider, sel.To, sel.Name, sel.To),
			Related: []diag.Related{{Span: otherAt, Message: "branch " + branchTitle(other.branch) + " is selected by the same message"}}})
	}
}

// branchTitle names a branch in messages.
func branchTitle(br *global.Branch) string {
	if br.Generated {
		return "`" + br.Label + "` (added by loop decide by)"
	}
	return "`" + br.Label + "`"
}

// checkGuarded reports every `continue L` that rec L reaches with no
// communication on the way.
func checkGuarded(rec *global.Rec, b global.Block, generated map[string]diag.Span, report func(diag.Diagnostic)) {
	var visit func(b global.Block) bool // reports whether b surely communicates
	visit = func(b global.Block) bool {
		for _, n := range b {
			switch n := n.(type) {
			case *global.Send:
				return true
			case *global.Continue:
				if n.Label == rec.Label {
					msg := fmt.Sprintf("rec %s reaches continue %s without any communication", rec.Label, rec.Label)
					if _, gen := generated[rec.Label]; gen {
						msg = "this loop can repeat without any communication"
					}
					report(diag.Diagnostic{Span: n.Span, Severity: diag.Error, Code: CodeUnguardedRecursion, Message: msg,
						Related: []diag.Related{{Span: rec.Span, Message: "the recursion starts here"}}})
				}
				return true // control does not fall through
			case *global.Choice:
				all := len(n.Branches) > 0
				for _, br := range n.Branches {
					all = visit(br.Body) && all
				}
				if all {
					return true
				}
			case *global.Rec:
				if n.Label == rec.Label {
					return true // shadowed
				}
				if visit(n.Body) {
					return true
				}
			case *global.Par:
				some := false
				for _, br := range n.Branches {
					some = visit(br) || some
				}
				if some {
					return true
				}
			case *global.Loop:
				visit(n.Body)
			}
		}
		return false
	}
	visit(b)
}
