package analysis

import (
	"fmt"

	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/diag"
)

// checkModel runs the checks of §2 that need the desugared model:
// choice-not-decider, choice-ambiguous and unguarded-recursion.
func checkModel(p *global.Protocol, generated map[string]diag.Span, report func(diag.Diagnostic)) {
	global.Walk(p.Body, func(n global.Node) {
		switch n := n.(type) {
		case *global.Choice:
			checkChoice(n, report)
		case *global.Rec:
			checkGuarded(n, n.Body, generated, report)
		}
	})
}

// firstSends returns the first communication on every path through b
// (nested choices, recs and par branches contribute theirs); ok is false
// when some path reaches the end of b or a continue with no communication.
func firstSends(b global.Block) (sends []*global.Send, ok bool) {
	for _, n := range b {
		switch n := n.(type) {
		case *global.Send:
			return append(sends, n), true
		case *global.Choice:
			all := len(n.Branches) > 0
			for _, br := range n.Branches {
				s, brOK := firstSends(br.Body)
				sends = append(sends, s...)
				all = all && brOK
			}
			if all {
				return sends, true
			}
		case *global.Rec:
			s, recOK := firstSends(n.Body)
			sends = append(sends, s...)
			if recOK {
				return sends, true
			}
		case *global.Par:
			some := false
			for _, br := range n.Branches {
				s, brOK := firstSends(br)
				sends = append(sends, s...)
				some = some || brOK
			}
			if some {
				return sends, true
			}
		case *global.Loop:
			s, _ := firstSends(n.Body) // the loop may run zero times
			sends = append(sends, s...)
		case *global.Continue:
			return sends, false
		}
	}
	return sends, false
}

func checkChoice(c *global.Choice, report func(diag.Diagnostic)) {
	type first struct {
		send   *global.Send
		branch *global.Branch
	}
	seen := make(map[[2]string]first) // (receiver, message) → first branch starting with it
	for _, br := range c.Branches {
		sends, ok := firstSends(br.Body)
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
				continue
			}
			k := [2]string{s.To, s.Msg.Name}
			if prev, dup := seen[k]; dup && prev.branch != br {
				report(diag.Diagnostic{Span: s.Span, Severity: diag.Error, Code: CodeChoiceAmbiguous,
					Message: fmt.Sprintf("branches `%s` and `%s` both start with %s -> %s : %s; %s cannot tell them apart", prev.branch.Label, br.Label, s.From, s.To, s.Msg.Name, s.To),
					Related: []diag.Related{{Span: prev.send.Span, Message: "branch `" + prev.branch.Label + "` starts with the same message"}}})
				continue
			}
			seen[k] = first{s, br}
		}
	}
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
