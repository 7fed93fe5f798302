package subtype

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/projection"
)

// The system property test checks Compatible verdicts in the multiparty
// setting the relation is about: the peers are independent processes,
// each running its projection of a random global protocol, connected by
// one FIFO channel per ordered pair of roles. The role A is replaced by a
// mutation of its projection; when the checker says the mutation can
// replace the original, the system must still run without an unexpected
// message, a deadlock or a message left unconsumed.

var systemRoles = []string{"A", "B", "C"}

// genGlobal draws a random global protocol body over systemRoles: a few
// sends, then optionally a choice of two branches whose first sends come
// from the decider with distinct messages, or a loop of one such choice
// (one branch continues, the other leaves).
func genGlobal(t *rapid.T, depth int, ids *int, loop string) global.Block {
	pair := func() (string, string) {
		from := rapid.SampledFrom(systemRoles).Draw(t, "from")
		to := rapid.SampledFrom(slices.DeleteFunc(slices.Clone(systemRoles), func(r string) bool { return r == from })).Draw(t, "to")
		return from, to
	}
	send := func(from, to, msg string) *global.Send {
		*ids++
		return &global.Send{ID: *ids, From: from, To: to, Msg: global.Message{Name: msg}}
	}
	var b global.Block
	for range rapid.IntRange(0, 3).Draw(t, "sends") {
		from, to := pair()
		b = append(b, send(from, to, rapid.SampledFrom([]string{"a", "b", "c"}).Draw(t, "msg")))
	}
	if depth == 0 {
		if loop != "" {
			b = append(b, &global.Continue{Label: loop})
		}
		return b
	}
	choice := func(label string, cont bool) *global.Choice {
		from, to := pair()
		c := &global.Choice{Decider: from}
		for i, m := range []string{"l", "r"} {
			body := global.Block{send(from, to, m)}
			switch {
			case cont && i == 0:
				body = append(body, genGlobal(t, 0, ids, label)...)
			case cont:
				body = append(body, genGlobal(t, 0, ids, "")...)
			default:
				body = append(body, genGlobal(t, depth-1, ids, loop)...)
			}
			c.Branches = append(c.Branches, &global.Branch{Label: m, Body: body})
		}
		return c
	}
	switch rapid.SampledFrom([]string{"none", "choice", "loop"}).Draw(t, "tail") {
	case "choice":
		b = append(b, choice("", false))
	case "loop":
		if loop == "" {
			b = append(b, &global.Rec{Label: "L", Body: global.Block{choice("L", true)}})
		}
	default:
		if loop != "" {
			b = append(b, &global.Continue{Label: loop})
		}
	}
	return b
}

// runSystem explores every run of the roles' local types over per-pair
// FIFO channels holding at most bound messages, and returns a reachable
// error, or "".
func runSystem(types map[string]projection.Type, bound int) string {
	graphs := make([]*graph, len(systemRoles))
	for i, r := range systemRoles {
		g, err := buildGraph(types[r])
		if err != nil {
			return fmt.Sprintf("%s is malformed: %v", r, err)
		}
		graphs[i] = g
	}
	index := func(r string) int { return slices.Index(systemRoles, r) }
	// A configuration: the state of each role, then the queue of each
	// ordered pair (from*n+to) as "msg;" entries, joined by "|".
	type conf struct {
		states [3]int
		queues string
	}
	split := func(q string) []string { return strings.Split(q, "|") }
	n := len(systemRoles)
	seen := make(map[conf]bool)
	stack := []conf{{queues: strings.Repeat("|", n*n-1)}}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[c] {
			continue
		}
		seen[c] = true
		qs := split(c.queues)
		moved, blocked := false, false
		for i, g := range graphs {
			st := g.states[c.states[i]]
			for _, e := range st.edges {
				j := index(e.peer)
				if j < 0 {
					return fmt.Sprintf("%s talks to unknown peer %s", systemRoles[i], e.peer)
				}
				next := c
				next.states[i] = e.next
				nq := slices.Clone(qs)
				if st.kind == kindOut {
					q := &nq[i*n+j]
					if strings.Count(*q, ";") >= bound {
						blocked = true
						continue
					}
					*q += e.msg.Name + ";"
				} else {
					q := &nq[j*n+i]
					head, rest, ok := strings.Cut(*q, ";")
					if !ok {
						continue
					}
					if !slices.ContainsFunc(st.edges, func(x edge) bool { return x.peer == e.peer && x.msg.Name == head }) {
						return fmt.Sprintf("%s receives unexpected %s from %s (queues %s)", systemRoles[i], head, e.peer, c.queues)
					}
					if head != e.msg.Name {
						continue
					}
					*q = rest
				}
				next.queues = strings.Join(nq, "|")
				stack = append(stack, next)
				moved = true
			}
		}
		if moved || blocked {
			continue
		}
		for i, g := range graphs {
			if g.states[c.states[i]].kind != kindEnd {
				return fmt.Sprintf("deadlock: %s is stuck (queues %s)", systemRoles[i], c.queues)
			}
		}
		if strings.Trim(c.queues, "|") != "" {
			return "a message is never consumed: queues " + c.queues
		}
	}
	return ""
}

// TestPropertySoundSystem: a Compatible verdict for A, asynchronous or
// synchronous, never breaks a system of independent peers running the old
// projections.
func TestPropertySoundSystem(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ids := 0
		p := &global.Protocol{Name: "P", Body: genGlobal(t, 2, &ids, "")}
		for _, r := range systemRoles {
			p.Roles = append(p.Roles, &global.Role{Name: r, Size: 1})
		}
		types, diags := projection.Project(p)
		if slices.ContainsFunc(diags, func(d diag.Diagnostic) bool { return d.Severity == diag.Error }) {
			t.Skip("not projectable")
		}
		if problem := runSystem(types, 3); problem != "" {
			t.Skip("the original system is not safe: " + problem)
		}
		newA := mutate(t, types["A"])
		if rapid.Bool().Draw(t, "twice") {
			newA = mutate(t, newA)
		}
		if _, err := buildGraph(newA); err != nil {
			t.Skip("the mutation left an unguarded recursion")
		}
		old := types["A"]
		var proofs []*Result
		for _, rel := range []Relation{Async, Sync} {
			res, err := Check(context.Background(), rel, newA, old, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Verdict == Compatible {
				proofs = append(proofs, res)
			}
		}
		if len(proofs) == 0 {
			return
		}
		types["A"] = newA
		if problem := runSystem(types, 3); problem != "" {
			for _, res := range proofs {
				t.Errorf("%s  ≤%s  %s: compatible (%s), but %s", projection.Session(newA), res.Relation, projection.Session(old), res.Justification, problem)
			}
		}
	})
}
