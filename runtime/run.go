package runtime

import (
	"context"
	"errors"
	"fmt"
	"maps"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/projection"
)

// Analyze analyses in with the run configuration's family sizes applied on
// top of in.Config, so that the protocol's families are instantiated with
// the sizes the run asks for.
func Analyze(ctx context.Context, in analysis.Input, cfg Config) *analysis.Result {
	in.Config = ProjectConfig(in.Config, cfg)
	return analysis.Analyze(ctx, in)
}

// ProjectConfig returns a copy of base (nil: config.Default()) with the
// family sizes of cfg applied.
func ProjectConfig(base *config.Config, cfg Config) *config.Config {
	if base == nil {
		base = config.Default()
	}
	if len(cfg.Families) == 0 {
		return base
	}
	c := *base
	c.FamilySizes = maps.Clone(base.FamilySizes)
	if c.FamilySizes == nil {
		c.FamilySizes = make(map[string]int)
	}
	maps.Copy(c.FamilySizes, cfg.Families)
	return &c
}

// ErrNotRunnable is returned (wrapped) for a result that cannot be run:
// no protocol, or error diagnostics.
var ErrNotRunnable = errors.New("protocol cannot be run")

// Compile builds the code image of an analysis result. Loops that no role
// decides (global.Loop) are unrolled to their configured bound and the
// protocol is projected again; otherwise the result's projections are
// compiled as they are.
func Compile(res *analysis.Result, cfg Config) (*Image, error) {
	if res == nil || res.Protocol == nil {
		return nil, fmt.Errorf("%w: the file has no protocol", ErrNotRunnable)
	}
	for _, d := range res.Diagnostics {
		if d.Severity == diag.Error {
			return nil, fmt.Errorf("%w: %s has errors (first: %s)", ErrNotRunnable, res.Protocol.Name, d.Message)
		}
	}
	p, projections := res.Protocol, res.Projections
	if body, unrolled := unrollLoops(p.Body, &cfg); unrolled {
		q := *p
		q.Body = body
		p = &q
		var diags []diag.Diagnostic
		projections, diags = projection.Project(p)
		for _, d := range diags {
			if d.Severity == diag.Error {
				return nil, fmt.Errorf("%w: unrolled loops do not project: %s", ErrNotRunnable, d.Message)
			}
		}
	}
	img, err := NewImage(p, projections, res.Config)
	if err != nil {
		return nil, err
	}
	img.Manifest = res.Manifest
	return img, nil
}

// Run compiles res and executes it under cfg, recording the trace.
func Run(ctx context.Context, res *analysis.Result, cfg Config) (*Report, error) {
	img, err := Compile(res, cfg)
	if err != nil {
		return nil, err
	}
	return Execute(ctx, img, cfg, Options{Record: true})
}

// unrollLoops replaces every loop no role decides by its body repeated
// cfg.LoopRepeat times; every participant evaluates the loop condition
// identically (SEMANTICS §1), so they all take the same number of turns.
// The second result is false when b has no such loop (b is returned).
func unrollLoops(b global.Block, cfg *Config) (global.Block, bool) {
	var out global.Block
	changed := false
	for i, n := range b {
		repl, ok := unrollNode(n, cfg)
		if !ok {
			if changed {
				out = append(out, n)
			}
			continue
		}
		if !changed {
			out = append(out, b[:i]...)
			changed = true
		}
		out = append(out, repl...)
	}
	if !changed {
		return b, false
	}
	return out, true
}

// unrollNode returns the replacement of n, or false when n contains no
// loop to unroll.
func unrollNode(n global.Node, cfg *Config) (global.Block, bool) {
	switch n := n.(type) {
	case *global.Loop:
		key := n.Predicate
		if n.Kind == global.LoopRepeat {
			key = n.Count
		}
		body, _ := unrollLoops(n.Body, cfg)
		var repl global.Block
		for range cfg.LoopRepeat(key) {
			repl = append(repl, body...)
		}
		return repl, true
	case *global.Choice:
		c := *n
		c.Branches = make([]*global.Branch, len(n.Branches))
		changed := false
		for j, br := range n.Branches {
			nb := *br
			var ch bool
			nb.Body, ch = unrollLoops(br.Body, cfg)
			changed = changed || ch
			c.Branches[j] = &nb
		}
		return global.Block{&c}, changed
	case *global.Rec:
		body, changed := unrollLoops(n.Body, cfg)
		r := *n
		r.Body = body
		return global.Block{&r}, changed
	case *global.Par:
		pr := *n
		pr.Branches = make([]global.Block, len(n.Branches))
		changed := false
		for j, br := range n.Branches {
			var ch bool
			pr.Branches[j], ch = unrollLoops(br, cfg)
			changed = changed || ch
		}
		return global.Block{&pr}, changed
	}
	return nil, false
}
