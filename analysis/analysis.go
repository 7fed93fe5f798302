package analysis

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"

	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/projection"
	"github.com/choreo-lang/choreo/syntax"
)

// Input is one file to analyse.
type Input struct {
	Filename string         // used for the missing-namespace quick fix and in messages
	Src      []byte         // the file's text
	Config   *config.Config // nil means config.Default()
}

// Result is everything analysis knows about one file. A Result is immutable
// once Analyze returns it and may be shared between goroutines.
type Result struct {
	Filename string
	Config   *config.Config

	// File is the typed syntax tree (never nil).
	File *syntax.File
	// Protocol is the lowered global protocol of the file's first top-level
	// protocol, or nil when the file has none.
	Protocol *global.Protocol
	// Projections holds the local type of every participant of Protocol
	// (iterate Protocol.Participants() for declaration order). Nil when
	// Protocol is nil or the context was cancelled before projection.
	Projections map[string]projection.Type
	// Diagnostics of every stage, sorted (diag.Sort), with the configured
	// severity overrides applied and suppressed codes removed.
	Diagnostics []diag.Diagnostic

	// Budget is the termination budget of Protocol (§7); the zero Budget
	// when Projections is nil.
	Budget Budget
	// Manifest is the composition manifest (§6); nil when Projections is.
	Manifest *Manifest
	// Symbols indexes roles, branch labels, rec labels and local protocols.
	Symbols *Symbols
	// Links are the parsed link annotations of Protocol, in source order.
	Links []*global.Link
	// Bundles are the proof bundles Protocol requires, in the order of its
	// requires clause.
	Bundles []ProofBundle

	// effects indexes the effect commands by send ID, built on the first
	// call of Effects: only hovers need them, not every analysis.
	effectsOnce sync.Once
	effects     map[int][]EffectCommand
}

// Effects returns the ordered effect commands the runtime executes before
// the send with global.Send.ID sendID (nil for an unannotated send).
func (r *Result) Effects(sendID int) []EffectCommand {
	r.effectsOnce.Do(r.indexEffects)
	return r.effects[sendID]
}

// indexEffects computes the effect commands of every annotated send of
// r.Protocol, once per distinct annotation list.
func (r *Result) indexEffects() {
	if r.Protocol == nil {
		return
	}
	r.effects = make(map[int][]EffectCommand)
	cmds := make(map[*global.Meta][]EffectCommand)
	global.Walk(r.Protocol.Body, func(n global.Node) {
		s, ok := n.(*global.Send)
		if !ok || s.Meta == nil {
			return
		}
		c, seen := cmds[s.Meta]
		if !seen {
			c = EffectCommands(s.Meta)
			cmds[s.Meta] = c
		}
		r.effects[s.ID] = c
	})
}

// Analyze parses, lowers, checks and projects one file. It never returns nil
// and never panics: an internal failure becomes an "internal" diagnostic.
// Analyze stops early (returning what it has) when ctx is cancelled.
func Analyze(ctx context.Context, in Input) *Result {
	f, ds := syntax.ParseFile(in.Src)
	return AnalyzeTree(ctx, in, f, ds)
}

// AnalyzeTree is Analyze for a file already parsed with syntax.ParseFile;
// syntaxDiags are the parser's diagnostics. Callers that keep syntax trees
// (the language server) use it to avoid parsing twice.
func AnalyzeTree(ctx context.Context, in Input, f *syntax.File, syntaxDiags []diag.Diagnostic) (res *Result) {
	cfg := in.Config
	if cfg == nil {
		cfg = config.Default()
	}
	if f == nil {
		f = &syntax.File{}
	}
	res = &Result{Filename: in.Filename, Config: cfg, File: f, Symbols: &Symbols{}}
	defer func() {
		if p := recover(); p != nil {
			res.Diagnostics = append(res.Diagnostics, diag.Diagnostic{
				Severity: diag.Error,
				Code:     CodeInternal,
				Message:  fmt.Sprintf("internal error in analysis: %v\n%s", p, debug.Stack()),
			})
		}
		res.Diagnostics = finishDiagnostics(cfg, res.Diagnostics)
	}()
	res.Diagnostics = append(res.Diagnostics, syntaxDiags...)
	analyze(ctx, in, res)
	return res
}

// finishDiagnostics removes duplicates (desugaring may lower one statement
// several times), applies severity overrides and sorts.
func finishDiagnostics(cfg *config.Config, ds []diag.Diagnostic) []diag.Diagnostic {
	type key struct {
		code       diag.Code
		start, end int
		msg        string
	}
	seen := make(map[key]bool, len(ds))
	out := ds[:0]
	for _, d := range ds {
		k := key{d.Code, d.Span.Start.Offset, d.Span.End.Offset, d.Message}
		if seen[k] {
			continue
		}
		seen[k] = true
		sev, on := cfg.Severity(d.Code, d.Severity)
		if !on {
			continue
		}
		d.Severity = sev
		out = append(out, d)
	}
	diag.Sort(out)
	return out
}
