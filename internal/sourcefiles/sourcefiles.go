// Package sourcefiles finds the choreography files (.choreo and .tell)
// under directories, the way every directory walk of choreo does (lint,
// fmt, the language server's workspace scan): it skips hidden directories,
// what git ignores, and the `exclude:` globs of the project file.
//
// What git ignores is read with go-git's gitignore package
// (github.com/go-git/go-git/v5/plumbing/format/gitignore), which implements
// git's own rules (nested .gitignore files, negation, anchoring, directory
// patterns, .git/info/exclude) and is kept by the go-git project; choreo
// does not match ignore patterns itself. Exclude globs use
// github.com/bmatcuk/doublestar (`**` for any number of directories), the
// usual glob library of Go tools.
package sourcefiles

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/syntax"
)

// Options configure Find.
type Options struct {
	// Exclude are globs of paths to leave out, slash-separated and relative
	// to ExcludeBase (the directory of the choreo.yaml that gave them).
	Exclude     []string
	ExcludeBase string
}

// Find returns the choreography files under root in lexical order. When
// root is a file it is returned as given, whatever the rules say: a file
// named on the command line is always taken. The walk stops with ctx's
// error when ctx is done.
func Find(ctx context.Context, root string, opts Options) ([]string, error) {
	st, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{root}, nil
	}
	ign, err := newIgnorer(root)
	if err != nil {
		return nil, err
	}
	ex, err := newExcluder(opts)
	if err != nil {
		return nil, err
	}
	var files []string
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if path == root {
			return nil
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") || ign.ignored(path, d.IsDir()) || ex.excluded(path) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() && syntax.IsSourceFile(path) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("walking %s: %w", root, err)
	}
	return files, nil
}

// ignorer answers what git ignores under one directory: the patterns of
// the .gitignore files from the top of the work tree down, and of
// .git/info/exclude. Outside a git work tree, the .gitignore files under
// the directory still apply (as they would once it is one).
type ignorer struct {
	top     string // the work tree's top (or the walked directory)
	matcher gitignore.Matcher
}

func newIgnorer(root string) (*ignorer, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	top := workTreeTop(abs)
	rel, err := filepath.Rel(top, abs)
	if err != nil {
		return nil, err
	}
	var parts []string
	if rel != "." {
		parts = strings.Split(filepath.ToSlash(rel), "/")
	}
	// Below the top, the patterns that apply to root come first from
	// .git/info/exclude and the .gitignore files above root, top first;
	// go-git then reads every .gitignore under root (skipping the
	// directories they ignore), and at the top .git/info/exclude too.
	var ps []gitignore.Pattern
	if len(parts) > 0 {
		info, err := readPatternFile(filepath.Join(top, ".git", "info", "exclude"), nil)
		if err != nil {
			return nil, err
		}
		ps = append(ps, info...)
		for i := range parts {
			dir := filepath.Join(append([]string{top}, parts[:i]...)...)
			more, err := readPatternFile(filepath.Join(dir, ".gitignore"), parts[:i])
			if err != nil {
				return nil, err
			}
			ps = append(ps, more...)
		}
	}
	under, err := gitignore.ReadPatterns(osfs.New(top), parts)
	if err != nil {
		return nil, fmt.Errorf("reading .gitignore files under %s: %w", root, err)
	}
	ps = append(ps, under...)
	return &ignorer{top: top, matcher: gitignore.NewMatcher(ps)}, nil
}

func (ig *ignorer) ignored(path string, isDir bool) bool {
	rel, ok := under(ig.top, path)
	return ok && ig.matcher.Match(strings.Split(rel, "/"), isDir)
}

// under returns path relative to base, slash-separated, when path is
// below base.
func under(base, path string) (string, bool) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", false
	}
	rel, err := filepath.Rel(base, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// workTreeTop returns the nearest directory at or above dir that holds a
// .git entry, or dir itself.
func workTreeTop(dir string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// readPatternFile reads the patterns of an ignore file (none when it does
// not exist), each scoped to the directory domain (path components from
// the work tree's top).
func readPatternFile(name string, domain []string) ([]gitignore.Pattern, error) {
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var ps []gitignore.Pattern
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		ps = append(ps, gitignore.ParsePattern(line, domain))
	}
	return ps, sc.Err()
}

// excluder matches the exclude globs of the project file.
type excluder struct {
	base  string
	globs []string
}

func newExcluder(opts Options) (*excluder, error) {
	for _, g := range opts.Exclude {
		if !doublestar.ValidatePattern(g) {
			return nil, fmt.Errorf("exclude: %q is not a valid glob", g)
		}
	}
	base, err := filepath.Abs(opts.ExcludeBase)
	if err != nil {
		return nil, err
	}
	return &excluder{base: base, globs: opts.Exclude}, nil
}

func (ex *excluder) excluded(path string) bool {
	if len(ex.globs) == 0 {
		return false
	}
	rel, ok := under(ex.base, path)
	if !ok {
		return false
	}
	for _, g := range ex.globs {
		if ok, _ := doublestar.Match(strings.TrimPrefix(g, "./"), rel); ok {
			return true
		}
	}
	return false
}

// For returns the options of walks under dir: the exclude globs of the
// project file that applies there (fixed, when not nil, else the
// choreo.yaml found by walking up from dir). A project file that cannot be
// loaded excludes nothing; the commands that read it report why.
func For(dir string, fixed *config.Config) Options {
	cfg := fixed
	if cfg == nil {
		var err error
		if cfg, err = config.Load(dir); err != nil {
			return Options{}
		}
	}
	if cfg.Path == "" {
		return Options{}
	}
	return Options{Exclude: cfg.Exclude, ExcludeBase: filepath.Dir(cfg.Path)}
}
