// Package globalgen generates global protocols (analysis/global models) for
// property tests and benchmarks: random protocols with rapid, shrinking to
// small counterexamples, and large deterministic ones.
//
// A generated protocol uses sends, choices, recursion, parallel
// composition and, optionally, a role family. By default it is well formed
// by construction, so that projection reports nothing for it and SEMANTICS
// §4 promises that it runs without deadlock:
//
//   - every branch of a choice at R starts by informing every role in scope
//     (every declared participant, or the roles of the enclosing par
//     branch): a fixed inform tree rooted at R, chosen once per choice,
//     sends each role a message naming the branch, either from R directly
//     or from a role informed before it; the tree is the same in every
//     branch, so a role always learns the branch from the same sender;
//   - continue L only ends a branch of a choice inside rec L, never the
//     first branch, so every loop has an exit (a run that always takes the
//     first branch terminates) and every jump is guarded by the inform
//     messages;
//   - the branches of a par use disjoint sets of roles.
//
// With Options.LoopBranches a branch may also be a loop: its body, inform
// messages first, inside a rec that the choices nested in it may continue.
// Every iteration informs every role again, so the protocol stays well
// formed, and projection must find the first messages of the choice by
// unfolding the rec.
//
// With Options.Unaware, inform trees may leave roles out, and those roles
// then act only in the first branch, so protocols may draw unaware-role
// warnings and unmergeable errors.
package globalgen

import (
	"math/rand/v2"
	"slices"
	"strconv"

	"pgregory.net/rapid"

	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/diag"
)

// Options shape the random protocols. The zero value gives small well
// formed protocols.
type Options struct {
	MaxRoles int  // declared single roles: 2..MaxRoles (default 4)
	MaxDepth int  // nesting of choices, recs and pars (default 3)
	MaxLen   int  // statements per block (default 4)
	Family   bool // also declare a role family W of 1..3 members
	Unaware  bool // branches may leave roles uninformed (not well formed)
	// LoopBranches lets a branch of a choice be a loop: its whole body,
	// inform messages included, inside a rec that its nested choices may
	// continue, so that a choice's first messages come from unfolding.
	LoopBranches bool
}

func (o Options) withDefaults() Options {
	if o.MaxRoles < 2 {
		o.MaxRoles = 4
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = 3
	}
	if o.MaxLen <= 0 {
		o.MaxLen = 4
	}
	return o
}

// Protocol draws a small well-formed protocol with default options.
func Protocol(t *rapid.T) *global.Protocol {
	return Generator(Options{}).Draw(t, "protocol")
}

// Generator returns a rapid generator of protocols shaped by opts.
func Generator(opts Options) *rapid.Generator[*global.Protocol] {
	opts = opts.withDefaults()
	return rapid.Custom(func(t *rapid.T) *global.Protocol {
		p := &global.Protocol{Name: "Generated"}
		n := rapid.IntRange(2, opts.MaxRoles).Draw(t, "roles")
		for i := range n {
			p.Roles = append(p.Roles, &global.Role{Name: "R" + strconv.Itoa(i), Size: 1})
		}
		if opts.Family {
			size := rapid.IntRange(1, 3).Draw(t, "family")
			p.Roles = append(p.Roles, &global.Role{Name: "W", Family: true, Size: size, SizeFrom: global.SizeLiteral})
		}
		g := &generator{src: rapidSource{t}, opts: opts}
		p.Body = g.block(p.Participants(), nil, 0)
		p.Span = g.span()
		return p
	})
}

// Large builds a deterministic protocol with the given number of roles and
// about the given number of sends (it stops at the first block boundary
// past it), mixing plain sends, choices that inform every role, and loops.
// It is well formed. Benchmarks use it.
func Large(roles, sends int, seed uint64) *global.Protocol {
	p := &global.Protocol{Name: "Large"}
	for i := range roles {
		p.Roles = append(p.Roles, &global.Role{Name: "R" + strconv.Itoa(i), Size: 1})
	}
	g := &generator{src: randSource{rand.New(rand.NewPCG(seed, seed))}, opts: Options{MaxLen: 8, MaxDepth: 3}}
	scope := p.Participants()
	for g.ids < sends {
		switch g.src.intn(4, "segment") {
		case 0, 1:
			p.Body = append(p.Body, g.block(scope, nil, 1)...)
		case 2:
			p.Body = append(p.Body, g.choice(scope, nil, 2))
		default:
			p.Body = append(p.Body, g.rec(scope, nil, 2))
		}
	}
	return p
}

// source is where the generator's decisions come from: rapid (shrinking)
// or a seeded PRNG (benchmarks).
type source interface {
	intn(n int, label string) int // in [0, n)
}

type rapidSource struct{ t *rapid.T }

func (s rapidSource) intn(n int, label string) int { return rapid.IntRange(0, n-1).Draw(s.t, label) }

type randSource struct{ r *rand.Rand }

func (s randSource) intn(n int, _ string) int { return s.r.IntN(n) }

type generator struct {
	src                        source
	opts                       Options
	ids, lines, choices, loops int
}

// span gives each node its own line so diagnostics point somewhere distinct.
func (g *generator) span() diag.Span {
	g.lines++
	return diag.Span{Start: diag.Pos{Line: g.lines}, End: diag.Pos{Line: g.lines, Col: 1}}
}

func (g *generator) pick(roles []string, label string) string {
	return roles[g.src.intn(len(roles), label)]
}

// block draws a block over the roles in scope; recs are the labels a
// branch may continue to.
func (g *generator) block(scope, recs []string, depth int) global.Block {
	n := 1 + g.src.intn(g.opts.MaxLen, "len")
	var b global.Block
	for range n {
		kind := 0
		if depth < g.opts.MaxDepth {
			kind = g.src.intn(6, "kind")
		}
		switch {
		case kind == 3:
			b = append(b, g.choice(scope, recs, depth+1))
		case kind == 4:
			b = append(b, g.rec(scope, recs, depth+1))
		case kind == 5 && len(scope) >= 4:
			b = append(b, g.par(scope, depth+1))
		default:
			from := g.pick(scope, "from")
			to := g.pick(without(scope, from), "to")
			b = append(b, g.send(from, to, "M"+strconv.Itoa(g.src.intn(3, "msg"))))
		}
	}
	return b
}

func (g *generator) send(from, to, msg string) *global.Send {
	g.ids++
	return &global.Send{ID: g.ids, From: from, To: to, Msg: global.Message{Name: msg}, Span: g.span(), MsgSpan: g.span()}
}

// choice draws a choice whose branches inform the roles in scope through
// one inform tree; a branch other than the first may end with a continue.
func (g *generator) choice(scope, recs []string, depth int) *global.Choice {
	g.choices++
	id := "C" + strconv.Itoa(g.choices)
	decider := g.pick(scope, "decider")
	// The inform tree: roles in a random order, each told by the decider or
	// by a role told before it.
	order := slices.Clone(without(scope, decider))
	for i := len(order) - 1; i > 0; i-- {
		j := g.src.intn(i+1, "shuffle")
		order[i], order[j] = order[j], order[i]
	}
	informers := make([]string, len(order))
	told := []string{decider}
	for i, r := range order {
		informers[i] = g.pick(told, "informer")
		if g.opts.Unaware && g.src.intn(3, "skip") == 0 && i > 0 {
			informers[i] = "" // r is not told
			continue
		}
		told = append(told, r)
	}
	c := &global.Choice{Decider: decider, Span: g.span()}
	branches := 2 + g.src.intn(2, "branches")
	for k := range branches {
		label := "b" + strconv.Itoa(k)
		var body global.Block
		for i, r := range order {
			if informers[i] != "" {
				body = append(body, g.send(informers[i], r, id+label))
			}
		}
		bodyScope := scope
		if g.opts.Unaware && k > 0 && len(told) >= 2 {
			bodyScope = told // an uninformed role acts in the first branch only
		}
		inner := recs
		loop := g.opts.LoopBranches && g.src.intn(3, "loop branch") == 0
		if loop {
			g.loops++
			inner = append(slices.Clip(recs), "L"+strconv.Itoa(g.loops))
		}
		body = append(body, g.block(bodyScope, inner, depth)...)
		if len(recs) > 0 && k > 0 && g.src.intn(2, "continue") == 0 {
			body = append(body, &global.Continue{Label: g.pick(recs, "target"), Span: g.span()})
		}
		if loop {
			body = global.Block{&global.Rec{Label: inner[len(inner)-1], Body: body, Span: g.span()}}
		}
		c.Branches = append(c.Branches, &global.Branch{Label: label, Body: body, Span: g.span()})
	}
	return c
}

func (g *generator) rec(scope, recs []string, depth int) *global.Rec {
	g.loops++
	label := "L" + strconv.Itoa(g.loops)
	return &global.Rec{Label: label, Body: g.block(scope, append(slices.Clip(recs), label), depth), Span: g.span()}
}

// par splits the scope into two disjoint groups of at least two roles.
func (g *generator) par(scope []string, depth int) *global.Par {
	cut := 2 + g.src.intn(len(scope)-3, "cut")
	shuffled := slices.Clone(scope)
	for i := len(shuffled) - 1; i > 0; i-- {
		j := g.src.intn(i+1, "split")
		shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
	}
	left, right := shuffled[:cut], shuffled[cut:]
	return &global.Par{Branches: []global.Block{g.block(left, nil, depth), g.block(right, nil, depth)}, Span: g.span()}
}

func without(roles []string, r string) []string {
	out := make([]string, 0, len(roles))
	for _, x := range roles {
		if x != r {
			out = append(out, x)
		}
	}
	return out
}
