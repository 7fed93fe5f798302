// Package sourcefiles finds the choreography files (.choreo and .tell)
// under directories, the way every directory walk of choreo does (lint,
// fmt, the language server's workspace scan): it skips hidden directories,
// what git ignores, and the `exclude:` globs of the project file.
//
// What git ignores is matched with go-git's gitignore package
// (github.com/go-git/go-git/v5/plumbing/format/gitignore), which implements
// git's own rules (patterns scoped to the directory of their .gitignore,
// negation, anchoring, directory patterns) and is kept by the go-git
// project; choreo only reads the files, as the walk enters each directory,
// and does not match ignore patterns itself. Exclude globs use
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
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/syntax/filenames"
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
			return ign.enter(path)
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") || ign.ignored(path, d.IsDir()) || ex.excluded(path) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return ign.enter(path)
		}
		if filenames.IsSource(path) {
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
// .git/info/exclude and of the .gitignore files from the top of the work
// tree down to each directory the walk enters (a directory it skips is
// never read). Outside a git work tree, the .gitignore files under the
// directory still apply (as they would once it is one).
type ignorer struct {
	top      string // the work tree's top (or the walked directory)
	patterns []gitignore.Pattern
	matcher  gitignore.Matcher
}

// newIgnorer reads the patterns that apply to root from above it:
// .git/info/exclude and the .gitignore files of the directories from the
// top down to root's parent. Root's own is read when the walk enters it.
func newIgnorer(root string) (*ignorer, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	ig := &ignorer{top: workTreeTop(abs)}
	if err := ig.read(filepath.Join(ig.top, ".git", "info", "exclude"), nil); err != nil {
		return nil, err
	}
	rel, _ := under(ig.top, abs)
	parts := components(rel)
	for i := range parts {
		dir := filepath.Join(append([]string{ig.top}, parts[:i]...)...)
		if err := ig.read(filepath.Join(dir, ".gitignore"), parts[:i]); err != nil {
			return nil, err
		}
	}
	return ig, nil
}

// enter reads the .gitignore of dir, a directory the walk enters.
func (ig *ignorer) enter(dir string) error {
	rel, ok := under(ig.top, dir)
	if !ok {
		return nil
	}
	return ig.read(filepath.Join(dir, ".gitignore"), components(rel))
}

// read adds the patterns of an ignore file (none when it does not exist),
// each scoped to the directory domain (path components from the top).
func (ig *ignorer) read(name string, domain []string) error {
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	n := len(ig.patterns)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		ig.patterns = append(ig.patterns, gitignore.ParsePattern(line, domain))
	}
	if len(ig.patterns) > n {
		ig.matcher = gitignore.NewMatcher(ig.patterns)
	}
	return sc.Err()
}

// components splits a slash-separated relative path ("" and "." are none).
func components(rel string) []string {
	if rel == "" || rel == "." {
		return nil
	}
	return strings.Split(rel, "/")
}

func (ig *ignorer) ignored(path string, isDir bool) bool {
	if ig.matcher == nil {
		return false
	}
	rel, ok := under(ig.top, path)
	return ok && ig.matcher.Match(components(rel), isDir)
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
