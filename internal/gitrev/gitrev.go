// Package gitrev reads what a file was at a git revision: the work tree
// it belongs to, its content, and the project configuration (choreo.yaml)
// that applied to it there. `choreo compat --base` and the language
// server's live compatibility analyse the old version of a file with it.
package gitrev

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/choreo-lang/choreo/analysis/config"
)

// WorkTree returns the top of path's git work tree and path relative to it
// (slash-separated); root is "" when path is not in a git work tree.
func WorkTree(ctx context.Context, path string) (root, rel string, err error) {
	top, err := exec.CommandContext(ctx, "git", "-C", filepath.Dir(path), "rev-parse", "--show-toplevel").Output()
	if err != nil {
		if ctx.Err() != nil {
			return "", "", ctx.Err()
		}
		return "", "", nil // not a git work tree
	}
	root, err = filepath.EvalSymlinks(strings.TrimSpace(string(top)))
	if err != nil {
		return "", "", fmt.Errorf("git work tree: %w", err)
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		real = path
	}
	rel, err = filepath.Rel(root, real)
	if err != nil {
		return "", "", fmt.Errorf("git path: %w", err)
	}
	return root, filepath.ToSlash(rel), nil
}

// Show returns the content of rel (relative to the work tree root) at
// rev, or nil when it is not tracked at rev.
func Show(ctx context.Context, root, rev, rel string) ([]byte, error) {
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "git", "-C", root, "show", rev+":"+rel)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case errors.As(err, &exit):
		return nil, nil // not tracked at rev (or rev unknown)
	case err != nil:
		return nil, fmt.Errorf("git show %s:%s: %w", rev, rel, err)
	}
	return out, nil
}

// Config returns the project configuration that applied to file
// at the git revision rev: the nearest choreo.yaml in file's directory or
// one of its ancestors in rev's tree (the walk config.Load does on disk),
// or config.Default() when rev has none. file is slash-separated and
// relative to root, the top of the git work tree. A broken choreo.yaml is
// an error, never replaced by the defaults; its mistakes are reported
// under "rev:path". `choreo compat --base` and the language server's live
// compatibility analyse the old version of a file with it.
func Config(ctx context.Context, root, rev, file string) (*config.Config, error) {
	var candidates []string
	for dir := path.Dir(file); ; dir = path.Dir(dir) {
		candidates = append(candidates, path.Join(dir, config.FileName))
		if dir == "." || dir == "/" {
			break
		}
	}
	// One git process looks every candidate up: cat-file --batch answers
	// each object name with "TYPE SIZE\nCONTENT\n" or "NAME missing".
	var in strings.Builder
	for _, c := range candidates {
		fmt.Fprintf(&in, "%s:%s\n", rev, c)
	}
	cmd := exec.CommandContext(ctx, "git", "-C", root, "cat-file", "--batch=%(objecttype) %(objectsize)")
	cmd.Stdin = strings.NewReader(in.String())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("git cat-file at %s: %v: %s", rev, err, strings.TrimSpace(stderr.String()))
	}
	for _, c := range candidates {
		header, rest, ok := bytes.Cut(out, []byte("\n"))
		if !ok {
			return nil, fmt.Errorf("git cat-file at %s: truncated output", rev)
		}
		out = rest
		typ, sizeText, _ := strings.Cut(string(header), " ")
		size, err := strconv.Atoi(sizeText)
		if err != nil {
			continue // "NAME missing" (or ambiguous): no such file at rev
		}
		if size < 0 || size >= len(out) {
			return nil, fmt.Errorf("git cat-file at %s: truncated output", rev)
		}
		data := out[:size]
		out = out[size+1:] // the content is followed by a newline
		if typ == "blob" { // a directory named choreo.yaml is no project file
			return config.Parse(rev+":"+c, data)
		}
	}
	return config.Default(), nil
}
