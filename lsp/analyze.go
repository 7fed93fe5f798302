package lsp

import (
	"context"
	"path/filepath"
	"sync"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/analysis/config"
)

// memo is a value computed once, in the background, and shared by every
// caller; a caller whose context ends stops waiting without stopping the
// computation (which runs under its snapshot's context).
type memo[T any] struct {
	once sync.Once
	done chan struct{}
	val  T
	err  error
}

// get returns the value, starting compute on the first call.
func (m *memo[T]) get(ctx context.Context, compute func() (T, error)) (T, error) {
	m.once.Do(func() {
		m.done = make(chan struct{})
		go func() {
			m.val, m.err = compute()
			close(m.done)
		}()
	})
	select {
	case <-m.done:
		return m.val, m.err
	case <-ctx.Done():
		var zero T
		return zero, protocol.ErrRequestCancelled
	}
}

// analysis returns the snapshot's analysis, computing it on first use, so
// that concurrent requests and the diagnostics job share one run. A
// superseded snapshot (whose analysis was cancelled) answers
// ContentModified.
func (s *Snapshot) analysis(ctx context.Context, fs *fileStore) (*analysis.Result, error) {
	res, err := s.res.get(ctx, func() (*analysis.Result, error) { return fs.analyze(s) })
	if err != nil && ctx.Err() == nil {
		return nil, protocol.ErrContentModified
	}
	return res, err
}

// analyze runs the pipeline on s.
func (fs *fileStore) analyze(s *Snapshot) (*analysis.Result, error) {
	if err := s.ctx.Err(); err != nil {
		return nil, err
	}
	in := analysis.Input{Filename: s.Path, Src: s.Text, Config: fs.configs.forFile(s.Path, fs.srv.log)}
	var res *analysis.Result
	if s.trees != nil {
		f, ds, err := s.trees.parse(s.ctx, s.Text)
		if err != nil {
			return nil, err
		}
		res = analysis.AnalyzeTree(s.ctx, in, f, ds)
	} else {
		res = analysis.Analyze(s.ctx, in)
	}
	// A cancelled analysis stops early and is incomplete: never use it.
	return res, s.ctx.Err()
}

// configCache memoizes the configuration per directory: the project file
// with the client's analysis settings applied, merged once per change of
// either. It is flushed when the client reports changed files or settings.
type configCache struct {
	mu    sync.Mutex
	over  *analysisSettings // nil: none
	byDir map[string]*config.Config
	// report, when set, receives the mistakes of each project file the
	// cache loads (none: the file is fine), so that they can be shown.
	report func(file string, mistakes []*config.Error)
}

// forFile returns the configuration that applies to path: the nearest
// choreo.yaml above it, or the defaults (also for a broken file, whose
// mistake is logged and reported), with the client's overrides.
func (c *configCache) forFile(path string, log *zap.Logger) *config.Config {
	if path == "" {
		return c.overrides().apply(config.Default())
	}
	dir := filepath.Dir(path)
	c.mu.Lock()
	if cfg, ok := c.byDir[dir]; ok {
		c.mu.Unlock()
		return cfg
	}
	var file string // the project file, and its mistakes
	var mistakes []*config.Error
	cfg, err := config.Load(dir)
	if err != nil {
		log.Warn("project configuration ignored", zap.String("dir", dir), zap.Error(err))
		file, _ = config.Find(dir)
		cfg, mistakes = config.Default(), configMistakes(err)
	} else {
		file, mistakes = cfg.Path, cfg.Warnings
	}
	cfg = c.over.apply(cfg)
	if c.byDir == nil {
		c.byDir = make(map[string]*config.Config)
	}
	c.byDir[dir] = cfg
	report := c.report
	c.mu.Unlock()
	if report != nil && file != "" {
		report(file, mistakes)
	}
	return cfg
}

// configMistakes returns the positioned mistakes in err, a failure to load
// a project file, or one mistake without position when it has none.
func configMistakes(err error) []*config.Error {
	var out []*config.Error
	var walk func(error)
	walk = func(err error) {
		if e, ok := err.(*config.Error); ok {
			out = append(out, e)
			return
		}
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				walk(e)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
	if len(out) == 0 {
		out = append(out, &config.Error{Msg: err.Error()})
	}
	return out
}

// overrides returns the client's analysis settings (nil: none).
func (c *configCache) overrides() *analysisSettings {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.over
}

// setOverrides installs new client analysis settings and forgets the
// configurations merged with the old ones.
func (c *configCache) setOverrides(over *analysisSettings) {
	c.mu.Lock()
	c.over, c.byDir = over, nil
	c.mu.Unlock()
}

// flush forgets every cached configuration.
func (c *configCache) flush() {
	c.mu.Lock()
	c.byDir = nil
	c.mu.Unlock()
}
