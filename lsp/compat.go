package lsp

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/internal/gitrev"
	"github.com/choreo-lang/choreo/projection/compat"
)

// codeCompat is the code of live-compatibility diagnostics.
const codeCompat diag.Code = "compat-incompatible"

// baselines caches the analysed version of files at git revisions; the
// cache is flushed when files are saved or change on disk.
type baselines struct {
	mu sync.Mutex
	m  map[baselineKey]*memo[*analysis.Result] // nil result: the file is not tracked at rev
}

// baselineKey identifies a baseline: the file, the revision and the
// client's analysis settings it was analysed with.
type baselineKey struct {
	path, rev string
	over      *analysisSettings
}

func (b *baselines) flush() {
	b.mu.Lock()
	b.m = nil
	b.mu.Unlock()
}

// get returns the analysis of path at rev (nil when git does not know the
// file there), with the project configuration of rev and the client's
// overrides over. The baseline is loaded once under bg, the server's
// context, and shared: a caller whose ctx ends (a superseded snapshot)
// stops waiting but does not abort the load, so fast typing does not start
// git again on every keystroke. A failed load is retried by the next call.
func (b *baselines) get(ctx, bg context.Context, path, rev string, over *analysisSettings, log *zap.Logger) (*analysis.Result, error) {
	b.mu.Lock()
	if b.m == nil {
		b.m = make(map[baselineKey]*memo[*analysis.Result])
	}
	k := baselineKey{path, rev, over}
	bl := b.m[k]
	if bl == nil {
		bl = &memo[*analysis.Result]{}
		b.m[k] = bl
	}
	b.mu.Unlock()
	res, err := bl.get(ctx, func() (*analysis.Result, error) { return loadBaseline(bg, path, rev, over, log) })
	if err != nil && ctx.Err() == nil {
		b.mu.Lock()
		if b.m[k] == bl {
			delete(b.m, k) // retry next time (git may have been busy)
		}
		b.mu.Unlock()
	}
	return res, err
}

// loadBaseline reads and analyses path at rev (nil when git does not know
// the file there). A broken project file at rev is logged and replaced by
// the defaults, as in the working tree.
func loadBaseline(ctx context.Context, path, rev string, over *analysisSettings, log *zap.Logger) (*analysis.Result, error) {
	root, rel, err := gitrev.WorkTree(ctx, path)
	if err != nil || root == "" {
		return nil, err
	}
	src, err := gitrev.Show(ctx, root, rev, rel)
	if err != nil || src == nil {
		return nil, err
	}
	cfg, err := gitrev.Config(ctx, root, rev, rel)
	var cfgErr *config.Error
	switch {
	case errors.As(err, &cfgErr):
		log.Warn("project configuration ignored", zap.String("rev", rev), zap.Error(err))
		cfg = config.Default()
	case err != nil:
		return nil, err
	}
	return analysis.Analyze(ctx, analysis.Input{Filename: path, Src: src, Config: over.apply(cfg)}), ctx.Err()
}

// compatBase returns the revision to compare against: the client setting,
// else the project file's compat.base, else gitrev.DefaultBase, as for
// `choreo compat`.
func (s *Server) compatBase(res *analysis.Result) string {
	return gitrev.Base(s.currentSettings().Compat.Base, res.Config)
}

// compatReport returns the classification of snap against rev ("" for the
// configured base); nil when the file has no baseline there.
func (s *Server) compatReport(ctx context.Context, snap *Snapshot, res *analysis.Result, rev string) (*compat.Report, error) {
	if snap.Path == "" {
		return nil, nil
	}
	compute := func(rev string) (*compat.Report, error) {
		old, err := s.files.baselines.get(snap.ctx, s.ctx, snap.Path, rev, s.files.configs.overrides(), s.log)
		if err != nil || old == nil {
			return nil, err
		}
		return compat.Compare(snap.ctx, old, res, compat.Options{})
	}
	if rev != "" && rev != s.compatBase(res) {
		return compute(rev)
	}
	return snap.compat.get(ctx, func() (*compat.Report, error) { return compute(s.compatBase(res)) })
}

// compatDiagnostics turns each incompatible role of rep into a diagnostic
// on the role's declaration, with the counterexample as related
// information.
func compatDiagnostics(res *analysis.Result, rep *compat.Report, rev string, sev diag.Severity) []diag.Diagnostic {
	if rep == nil || sev == 0 {
		return nil
	}
	var out []diag.Diagnostic
	for _, r := range rep.Roles {
		if r.Status != compat.StatusIncompatible {
			continue
		}
		span := rep.Span
		family, _, _ := strings.Cut(r.Role, "[")
		if role := findRole(res.Protocol, family); role != nil {
			span = role.Span
		}
		d := diag.Diagnostic{Span: span, Severity: sev, Code: codeCompat,
			Message: fmt.Sprintf("role %s cannot replace its version at %s (%s change): %s", r.Role, rev, rep.Level, r.Reason)}
		if r.Check != nil && r.Check.Counterexample != nil {
			d.Related = append(d.Related, diag.Related{Span: span, Message: "counterexample: " + r.Check.Counterexample.String()})
		}
		if r.Old != "" {
			d.Related = append(d.Related, diag.Related{Span: span, Message: "at " + rev + ": " + r.Old})
		}
		out = append(out, d)
	}
	return out
}

// compatResult is the result of choreo.compatWithBase.
type compatResult struct {
	Base   string         `json:"base"`
	Report *compat.Report `json:"report"` // null: no baseline (a new file)
	Text   string         `json:"text"`
}

func (s *Server) compatWithBase(ctx context.Context, u uri.URI, rev string) (*compatResult, error) {
	snap, res, err := s.analyzed(ctx, u)
	if err != nil {
		return nil, err
	}
	if rev == "" {
		rev = s.compatBase(res)
	}
	rep, err := s.compatReport(ctx, snap, res, rev)
	if err != nil {
		return nil, jsonrpc2.Errorf(codeRequestFailed, "compatibility with %s: %v", rev, err)
	}
	out := &compatResult{Base: rev, Report: rep}
	if rep == nil {
		out.Text = fmt.Sprintf("%s is not tracked at %s: a new file is not classified (initial versioning needs an explicit review)\n", snap.Path, rev)
		return out, nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s vs %s: %s\n", filepath.Base(snap.Path), rev, rep.Reason)
	for _, r := range rep.Roles {
		fmt.Fprintf(&b, "  %s: %s — %s\n", r.Role, r.Status, r.Reason)
	}
	out.Text = b.String()
	return out, nil
}
