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

// DefaultBase is the revision `choreo compat`, the language server's live
// check and the editors compare against when neither a flag nor a setting
// nor choreo.yaml's compat.base names one: the last commit, so that what is
// compared is what changed in the work tree. CI jobs name the pull
// request's base with --base.
const DefaultBase = "HEAD"

// Base returns the revision to compare against: flag when given, else the
// project file's compat.base, else DefaultBase.
func Base(flag string, cfg *config.Config) string {
	switch {
	case flag != "":
		return flag
	case cfg != nil && cfg.CompatBase != "":
		return cfg.CompatBase
	}
	return DefaultBase
}

// ErrNoBase reports that a base revision does not exist because the
// history is too short for it (HEAD~1 in a repository with one commit, or
// HEAD before the first commit): every file is new.
var ErrNoBase = errors.New("no base revision")

// CheckBase verifies that rev names a commit of the work tree at root. It
// returns an error wrapping ErrNoBase when the history is too short for a
// HEAD-relative rev, and a message saying what is missing and how to get
// it for a shallow clone or an unknown revision.
func CheckBase(ctx context.Context, root, rev string) error {
	if exec.CommandContext(ctx, "git", "-C", root, "rev-parse", "--verify", "--quiet", rev+"^{commit}").Run() == nil {
		return nil
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	shallow, _ := exec.CommandContext(ctx, "git", "-C", root, "rev-parse", "--is-shallow-repository").Output()
	if strings.TrimSpace(string(shallow)) == "true" {
		return fmt.Errorf("base revision %s is not in this clone: it is a shallow clone (git clone --depth), so older commits are missing; "+
			"fetch them (git fetch --unshallow, or fetch-depth: 0 with actions/checkout) or pass --base a revision that is fetched, such as origin/main", rev)
	}
	if back, ok := headOffset(rev); ok {
		count, err := exec.CommandContext(ctx, "git", "-C", root, "rev-list", "--first-parent", "--count", "HEAD").Output()
		n, _ := strconv.Atoi(strings.TrimSpace(string(count)))
		if err != nil || n <= back {
			return fmt.Errorf("%w: %s does not exist (the history has %d commit%s)", ErrNoBase, rev, n, plural(n))
		}
	}
	return fmt.Errorf("unknown revision %s: name a commit, branch or tag of this repository (fetch it first if it is remote)", rev)
}

// headOffset parses HEAD, HEAD~n and HEAD^ (and repetitions) into the
// number of first-parent steps back from HEAD.
func headOffset(rev string) (int, bool) {
	rest, ok := strings.CutPrefix(rev, "HEAD")
	if !ok {
		return 0, false
	}
	back := 0
	for rest != "" {
		switch rest[0] {
		case '^':
			back++
			rest = rest[1:]
		case '~':
			rest = rest[1:]
			i := 0
			for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
				i++
			}
			n := 1
			if i > 0 {
				n, _ = strconv.Atoi(rest[:i])
			}
			back += n
			rest = rest[i:]
		default:
			return 0, false
		}
	}
	return back, true
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
