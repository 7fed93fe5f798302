package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
	"github.com/choreo-lang/choreo/cmd/internal/subtyperun"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/internal/gitrev"
	"github.com/choreo-lang/choreo/projection/compat"
	"github.com/choreo-lang/choreo/syntax/filenames"
)

func newCompatCmd() *cobra.Command {
	format := formatText
	var (
		base            string
		strictNamespace bool
		opts            compat.Options
	)
	cmd := &cobra.Command{
		Use:   "compat [flags] OLD NEW | compat [--base REF] [paths...]",
		Short: "Classify protocol changes as patch, minor, major or undetermined",
		Long: `Compat compares two versions of a protocol: for every role
present in both, the new local type must be an asynchronous subtype of the
old one, so that the new role can replace the old while its peers still run
the old protocol. Each file gets one level, with the decision-table row that
applied and a reason per role:

  patch         no role's local type changed (comments, formatting, annotations)
  minor         local types changed and every shared role is compatible
  major         a role is incompatible (with a counterexample), a role was added,
                removed or renamed, the namespace changed, or the file was deleted
  undetermined  the checker reached its bound, or a version does not analyse
  unclassified  a new file: initial versioning needs an explicit review

With two files, OLD is compared with NEW; their module and protocol names are
file identities and a difference is only noted (--strict-namespace counts it
as a namespace change). Otherwise every .choreo or .tell file changed since the git
revision --base is compared with its version there, including new (also
untracked), deleted and renamed files; paths restrict the comparison. The
base defaults to compat.base of choreo.yaml, else ` + gitrev.DefaultBase + ` (what changed in the
work tree); a CI job names the pull request's base (--base origin/main).
When the history is too short for the base (HEAD~1 in a repository with one
commit), every file is new and unclassified; in a shallow clone the base
must be fetched first.

Exit status: 0 no major or undetermined change, 1 otherwise, 2 usage, I/O or git error.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkBounds(cmd, &opts.Subtype); err != nil {
				return err
			}
			opts.IgnoreNamespace = !strictNamespace
			var (
				reps []*compat.Report
				err  error
			)
			switch {
			case base == "" && len(args) == 2 && isFileArg(args[0]) && isFileArg(args[1]):
				reps, err = compareTwoFiles(cmd.Context(), args[0], args[1], opts)
			case base == "" && len(args) == 1 && isFileArg(args[0]):
				return cmdline.Usage(fmt.Errorf("compat needs two versions of %s: give OLD NEW, or --base REV to compare it with a git revision", args[0]))
			default:
				cfg, _ := config.Load(".")
				base = gitrev.Base(base, cfg)
				opts.IgnoreNamespace = false // the same file at two revisions
				reps, err = compareWithRevision(cmd.Context(), cmd.ErrOrStderr(), base, args, opts)
			}
			if err != nil {
				return cmdline.Usage(err)
			}
			if err := writeCompat(cmd.OutOrStdout(), format, reps); err != nil {
				return cmdline.Usage(err)
			}
			for _, r := range reps {
				if r.Level.Gates() {
					return cmdline.Findings()
				}
			}
			return nil
		},
	}
	cmd.Flags().VarP(&format, "format", "f", "output format: text, json, sarif or github")
	cmd.Flags().StringVar(&base, "base", "", "git revision to compare against (default: compat.base of choreo.yaml, else "+gitrev.DefaultBase+")")
	cmd.Flags().BoolVar(&strictNamespace, "strict-namespace", false, "with two files, count a module or protocol name change as major")
	addBoundFlags(cmd, &opts.Subtype)
	return cmd
}

// isFileArg reports whether p names a file: a .choreo or .tell path
// (existing or not, so that a missing file is reported as such) or an
// existing file.
func isFileArg(p string) bool {
	if filenames.IsSource(p) {
		return true
	}
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// readVersion reads a file and the configuration of its directory.
func readVersion(path string) (*compat.Version, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	cfg, err := config.Load(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	return &compat.Version{Path: path, Src: src, Config: cfg}, nil
}

func compareTwoFiles(ctx context.Context, oldPath, newPath string, opts compat.Options) ([]*compat.Report, error) {
	before, err := readVersion(oldPath)
	if err != nil {
		return nil, err
	}
	after, err := readVersion(newPath)
	if err != nil {
		return nil, err
	}
	rep, err := compat.CompareFiles(ctx, before, after, opts)
	if err != nil {
		return nil, err
	}
	return []*compat.Report{rep}, nil
}

// git runs git in dir and returns its standard output.
func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	c := exec.CommandContext(ctx, "git", args...)
	c.Dir = dir
	var stderr bytes.Buffer
	c.Stderr = &stderr
	out, err := c.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// fileChange is one changed .choreo file: paths relative to the
// repository root; oldPath is "" for an added file, newPath "" for a
// deleted one.
type fileChange struct {
	oldPath, newPath string
}

// changedChoreoFiles lists the .choreo and .tell files that differ between base and
// the working tree (restricted to paths), with renames detected, followed
// by the untracked ones (new files not yet added).
func changedChoreoFiles(ctx context.Context, root, base string, paths []string) ([]fileChange, error) {
	pathArgs, err := absPaths(paths)
	if err != nil {
		return nil, err
	}
	out, err := git(ctx, root, append([]string{"diff", "--name-status", "-M", base, "--"}, pathArgs...)...)
	if err != nil {
		return nil, err
	}
	untracked, err := git(ctx, root, append([]string{"ls-files", "--others", "--exclude-standard", "--full-name", "--"}, pathArgs...)...)
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(strings.TrimSpace(string(untracked)), "\n") {
		if line != "" {
			out = append(out, "A\t"+line+"\n"...)
		}
	}
	var changes []fileChange
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 2 {
			continue
		}
		var ch fileChange
		switch status := f[0]; {
		case status == "A":
			ch.newPath = f[1]
		case status == "D":
			ch.oldPath = f[1]
		case (status[0] == 'R' || status[0] == 'C') && len(f) == 3:
			ch.oldPath, ch.newPath = f[1], f[2]
		default: // M, T
			ch.oldPath, ch.newPath = f[1], f[1]
		}
		if filenames.IsSource(ch.oldPath) || filenames.IsSource(ch.newPath) {
			changes = append(changes, ch)
		}
	}
	return pairRenames(changes), sc.Err()
}

// pairRenames joins a deleted x.choreo and an added x.tell (the same path
// otherwise) into one change, a rename, when git did not detect it
// because the move came with edits: Aura renamed every file on moving to
// Telltale 10 and refactored them in the same commit. The pair is then
// classified like any other change of one protocol.
func pairRenames(changes []fileChange) []fileChange {
	added := make(map[string]int) // path without extension → index of an addition
	for i, ch := range changes {
		if ch.oldPath == "" {
			added[filenames.TrimExtension(ch.newPath)] = i
		}
	}
	renamedFrom := make(map[int]int) // addition → the deletion it joins
	for i, ch := range changes {
		if ch.newPath != "" {
			continue
		}
		j, ok := added[filenames.TrimExtension(ch.oldPath)]
		if _, taken := renamedFrom[j]; ok && !taken && filepath.Ext(ch.oldPath) != filepath.Ext(changes[j].newPath) {
			renamedFrom[j] = i
		}
	}
	joined := make(map[int]bool, len(renamedFrom))
	for _, i := range renamedFrom {
		joined[i] = true
	}
	var out []fileChange
	for i, ch := range changes {
		if d, ok := renamedFrom[i]; ok {
			ch.oldPath = changes[d].oldPath
		}
		if !joined[i] {
			out = append(out, ch)
		}
	}
	return out
}

// absPaths makes paths absolute, for git commands run at the work tree's top.
func absPaths(paths []string) ([]string, error) {
	out := make([]string, len(paths))
	for i, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		out[i] = abs
	}
	return out, nil
}

// allChoreoFiles lists every tracked or untracked (not ignored) .choreo
// and .tell file (restricted to paths) as new.
func allChoreoFiles(ctx context.Context, root string, paths []string) ([]fileChange, error) {
	pathArgs, err := absPaths(paths)
	if err != nil {
		return nil, err
	}
	out, err := git(ctx, root, append([]string{"ls-files", "--cached", "--others", "--exclude-standard", "--full-name", "--"}, pathArgs...)...)
	if err != nil {
		return nil, err
	}
	var changes []fileChange
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if line != "" && filenames.IsSource(line) {
			changes = append(changes, fileChange{newPath: line})
		}
	}
	return changes, nil
}

// checkPaths rejects a path that exists neither in the working tree nor at
// base (a deleted file may be named): a mistyped path would otherwise
// restrict the comparison to nothing and pass.
func checkPaths(ctx context.Context, root, base string, paths []string) error {
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			continue
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			return err
		}
		out, err := git(ctx, root, "ls-tree", "-r", "--name-only", base, "--", abs)
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(out)) == 0 {
			return fmt.Errorf("%s: no such file or directory, in the working tree or at %s", p, base)
		}
	}
	return nil
}

// compareWithRevision classifies every .choreo or .tell file changed since
// base. When the history is too short for base (gitrev.ErrNoBase), every
// file is new, and a note on notes says so.
func compareWithRevision(ctx context.Context, notes io.Writer, base string, paths []string, opts compat.Options) ([]*compat.Report, error) {
	top, err := git(ctx, ".", "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("compat --base needs a git work tree: %w", err)
	}
	root := strings.TrimSpace(string(top))
	var changes []fileChange
	switch err := gitrev.CheckBase(ctx, root, base); {
	case errors.Is(err, gitrev.ErrNoBase):
		fmt.Fprintf(notes, "compat: %v; every file is new and unclassified\n", err)
		if changes, err = allChoreoFiles(ctx, root, paths); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, err
	default:
		if err := checkPaths(ctx, root, base, paths); err != nil {
			return nil, err
		}
		if changes, err = changedChoreoFiles(ctx, root, base, paths); err != nil {
			return nil, err
		}
	}
	// The old versions are analysed with the configuration of their
	// directory at base, read once per directory.
	baseConfigs := make(map[string]*config.Config)
	var reps []*compat.Report
	for _, ch := range changes {
		var before, after *compat.Version
		if ch.newPath != "" {
			if after, err = readVersion(filepath.Join(root, ch.newPath)); err != nil {
				return nil, err
			}
			after.Path = ch.newPath
		}
		if ch.oldPath != "" {
			src, err := git(ctx, root, "show", base+":"+ch.oldPath)
			if err != nil {
				return nil, err
			}
			dir := path.Dir(ch.oldPath)
			cfg := baseConfigs[dir]
			if cfg == nil {
				if cfg, err = gitrev.Config(ctx, root, base, ch.oldPath); err != nil {
					return nil, err
				}
				baseConfigs[dir] = cfg
			}
			before = &compat.Version{Path: ch.oldPath, Src: src, Config: cfg}
		}
		rep, err := compat.CompareFiles(ctx, before, after, opts)
		if err != nil {
			return nil, err
		}
		reps = append(reps, rep)
	}
	return reps, nil
}

// reportPath is the path a report is shown under: the new file, or the
// old one for a deleted file.
func reportPath(r *compat.Report) string {
	if r.NewPath != "" {
		return r.NewPath
	}
	return r.OldPath
}

func writeCompat(w io.Writer, format outputFormat, reps []*compat.Report) error {
	switch format {
	case formatJSON:
		if reps == nil {
			reps = []*compat.Report{}
		}
		return cmdline.PrintJSON(w, reps)
	case formatSARIF, formatGitHub:
		return writeFindings(w, format, compatFindings(reps))
	}
	if len(reps) == 0 {
		_, err := fmt.Fprintln(w, "no .choreo or .tell file changed")
		return err
	}
	var b strings.Builder
	for _, r := range reps {
		path := reportPath(r)
		if r.OldPath != "" && r.NewPath != "" && r.OldPath != r.NewPath {
			path = r.OldPath + " → " + r.NewPath
		}
		fmt.Fprintf(&b, "%s: %s [%s]\n", path, r.Reason, joinRows(r.Rows))
		for _, n := range r.Notes {
			fmt.Fprintf(&b, "  note: %s\n", n)
		}
		for _, role := range r.Roles {
			fmt.Fprintf(&b, "  %s: %s\n", role.Role, roleLine(role))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func joinRows(rows []compat.Row) string {
	s := make([]string, len(rows))
	for i, r := range rows {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}

func roleLine(r compat.RoleReport) string {
	if r.Status == compat.StatusEqual {
		return "equal"
	}
	if r.Status == compat.StatusUnknown && r.Check != nil {
		if hint := subtyperun.RaiseHint(r.Check); hint != "" {
			return r.Reason + "; " + hint
		}
	}
	return r.Reason
}

// compatFindings turns reports into findings for the SARIF and GitHub
// formats: one per file (error for major or undetermined, warning for
// minor, note otherwise) and one per role that is not equal.
func compatFindings(reps []*compat.Report) []Finding {
	var fs []Finding
	for _, r := range reps {
		sev := diag.Information
		switch {
		case r.Level.Gates():
			sev = diag.Error
		case r.Level == compat.Minor:
			sev = diag.Warning
		}
		path, src := reportPath(r), r.NewSrc
		if r.NewPath == "" {
			src = r.OldSrc
		}
		fs = append(fs, Finding{Path: path, Src: src, Diagnostic: diag.Diagnostic{
			Span: r.Span, Severity: sev, Code: diag.Code("compat-" + r.Level.String()),
			Message: r.Reason + " [" + joinRows(r.Rows) + "]",
		}})
		for _, role := range r.Roles {
			if role.Status == compat.StatusEqual || role.Status == compat.StatusCompatible {
				continue
			}
			rolePath, roleSrc := path, src
			if role.Status == compat.StatusRemoved && r.OldPath != "" {
				rolePath, roleSrc = r.OldPath, r.OldSrc
			}
			fs = append(fs, Finding{Path: rolePath, Src: roleSrc, Diagnostic: diag.Diagnostic{
				Span: role.Span, Severity: sev, Code: diag.Code("compat-role-" + string(role.Status)),
				Message: role.Role + ": " + role.Reason,
			}})
		}
	}
	return fs
}
