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

// analysis returns the snapshot's analysis, computing it on first use. The
// computation runs under the snapshot's context, not the caller's, so that
// concurrent requests and the diagnostics job share one run; a caller whose
// own context ends stops waiting, and a superseded snapshot answers
// ContentModified.
func (s *Snapshot) analysis(ctx context.Context, fs *fileStore) (*analysis.Result, error) {
	s.once.Do(func() {
		go func() {
			s.res, s.resErr = fs.analyze(s)
			close(s.done)
		}()
	})
	select {
	case <-s.done:
	case <-ctx.Done():
		return nil, protocol.ErrRequestCancelled
	}
	if s.resErr != nil {
		return nil, protocol.ErrContentModified
	}
	return s.res, nil
}

// analyze runs the pipeline on s.
func (fs *fileStore) analyze(s *Snapshot) (*analysis.Result, error) {
	if err := s.ctx.Err(); err != nil {
		return nil, err
	}
	in := analysis.Input{Filename: s.Path, Src: s.Text, Config: fs.configs.forFile(s.Path, fs.srv.log)}
	var res *analysis.Result
	if s.file != nil {
		res = analysis.AnalyzeTree(s.ctx, in, s.file, s.syntaxDiags)
	} else {
		res = analysis.Analyze(s.ctx, in)
	}
	// A cancelled analysis stops early and is incomplete: never use it.
	return res, s.ctx.Err()
}

// configCache memoizes the project configuration per directory. It is
// flushed when the client reports changed files or settings.
type configCache struct {
	mu    sync.Mutex
	byDir map[string]*config.Config
}

// forFile returns the configuration that applies to path: the nearest
// choreo.yaml above it, or the defaults (also for a broken file, whose
// mistake is logged).
func (c *configCache) forFile(path string, log *zap.Logger) *config.Config {
	if path == "" {
		return config.Default()
	}
	dir := filepath.Dir(path)
	c.mu.Lock()
	defer c.mu.Unlock()
	if cfg, ok := c.byDir[dir]; ok {
		return cfg
	}
	cfg, err := config.Load(dir)
	if err != nil {
		log.Warn("project configuration ignored", zap.String("dir", dir), zap.Error(err))
		cfg = config.Default()
	}
	if c.byDir == nil {
		c.byDir = make(map[string]*config.Config)
	}
	c.byDir[dir] = cfg
	return cfg
}

// flush forgets every cached configuration.
func (c *configCache) flush() {
	c.mu.Lock()
	c.byDir = nil
	c.mu.Unlock()
}
