package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/internal/sourcefiles"
)

// failOn is the --fail-on flag of lint: the lowest severity that fails
// the run ("" when not given: lint.fail_on of choreo.yaml, else error).
type failOn string

func (f *failOn) String() string { return string(*f) }

// Set implements pflag.Value.
func (f *failOn) Set(s string) error {
	if !config.ValidFailOn(s) {
		return fmt.Errorf("unknown severity %q (want error, warning or never)", s)
	}
	*f = failOn(s)
	return nil
}

// Type implements pflag.Value.
func (f *failOn) Type() string { return "error|warning|never" }

// fails reports whether findings fail a lint run under threshold.
func fails(threshold string, found []Finding) bool {
	for _, f := range found {
		switch {
		case threshold == "never":
			return false
		case f.Severity == diag.Error:
			return true
		case threshold == "warning" && f.Severity == diag.Warning:
			return true
		}
	}
	return false
}

// failThreshold is the effective --fail-on: the flag, else lint.fail_on of
// the project file (fixed, or the choreo.yaml of the current directory),
// else error.
func failThreshold(flag failOn, fixed *config.Config) string {
	if flag != "" {
		return string(flag)
	}
	cfg := fixed
	if cfg == nil {
		cfg, _ = config.Load(".")
	}
	if cfg != nil && cfg.FailOn != "" {
		return cfg.FailOn
	}
	return "error"
}

func newLintCmd() *cobra.Command {
	format := formatText
	var configPath string
	var failOnFlag failOn
	cmd := &cobra.Command{
		Use:   "lint [paths... | -]",
		Short: "Check .choreo and .tell files and report diagnostics",
		Long: `Lint checks .choreo and .tell files: syntax, roles, choices, recursion, annotations,
links and budgets (every code is explained in docs/diagnostics). Paths are files or
directories (searched recursively for *.choreo and *.tell); the default is ".";
- reads one protocol from standard input (with the choreo.yaml of the
current directory), as choreo fmt does.
Each file uses the choreo.yaml found by walking up from its directory, or
the file given with --config.

Exit status: 0 clean, 1 findings at or above --fail-on (error by default;
warning makes warnings fail too, never only reports; lint.fail_on in
choreo.yaml sets it for a project), 2 usage or I/O error.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			fixed, err := loadConfigFlag(configPath)
			if err != nil {
				return cmdline.Usage(err)
			}
			var found []Finding
			var lintErr error
			if slices.Contains(args, "-") {
				if len(args) > 1 {
					return cmdline.Usage(errors.New("lint: - (standard input) cannot be mixed with paths"))
				}
				if found, fixed, err = lintStdin(cmd.Context(), cmd.InOrStdin(), fixed); err != nil {
					return cmdline.Usage(err)
				}
			} else {
				files, err := collectChoreoFiles(cmd.Context(), args, fixed)
				if err != nil {
					return cmdline.Usage(err)
				}
				if len(files) == 0 {
					fmt.Fprintln(cmd.ErrOrStderr(), "lint: no .choreo or .tell files in", strings.Join(args, " "))
				}
				found, lintErr = lintFiles(cmd.Context(), files, fixed, progressWriter(cmd.ErrOrStderr()))
			}
			if err := writeFindings(cmd.OutOrStdout(), format, found); err != nil {
				return cmdline.Usage(err)
			}
			if lintErr != nil {
				return cmdline.Usage(lintErr)
			}
			if fails(failThreshold(failOnFlag, fixed), found) {
				return cmdline.Findings()
			}
			return nil
		},
	}
	cmd.Flags().VarP(&format, "format", "f", "output format: text, json, sarif or github")
	cmd.Flags().Var(&failOnFlag, "fail-on", "lowest severity that makes lint exit 1: error, warning or never (default error, or lint.fail_on of choreo.yaml)")
	addConfigFlag(cmd, &configPath)
	return cmd
}

// addConfigFlag registers --config, the choreo.yaml of every file of the
// command, on cmd; load it with loadConfigFlag.
func addConfigFlag(cmd *cobra.Command, path *string) {
	cmd.Flags().StringVar(path, "config", "", "use this choreo.yaml for every file instead of searching for one")
}

// loadConfigFlag reads and parses the choreo.yaml named by a --config
// flag. It returns nil for an empty path: each file then uses the
// configuration found by walking up from its directory.
func loadConfigFlag(path string) (*config.Config, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--config: %w", err)
	}
	return config.Parse(path, data)
}

// collectChoreoFiles expands paths into .choreo and .tell files: a file is
// taken as given; a directory is searched recursively, leaving out hidden
// directories, what git ignores and the exclude globs of the project file
// (fixed, or the choreo.yaml found from the directory).
func collectChoreoFiles(ctx context.Context, paths []string, fixed *config.Config) ([]string, error) {
	var files []string
	for _, p := range paths {
		found, err := sourcefiles.Find(ctx, p, sourcefiles.For(p, fixed))
		if err != nil {
			return nil, err
		}
		files = append(files, found...)
	}
	sort.Strings(files)
	return slices.Compact(files), nil
}

// progressWriter returns w when it is a terminal, nil otherwise: progress
// is shown only to people, never in CI logs or pipes.
func progressWriter(w io.Writer) io.Writer {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return w
}

// lintFiles analyses files in parallel (one worker per CPU) and returns
// their findings in file order. Links are resolved across all files. A file
// that cannot be read, or whose choreo.yaml is broken, is skipped and its
// error joined into the returned error; the other files are still linted.
// fixed, when not nil, is the configuration of every file; otherwise each
// directory's is loaded. progress, when not nil, receives a one-line
// counter.
func lintFiles(ctx context.Context, files []string, fixed *config.Config, progress io.Writer) ([]Finding, error) {
	configs := make(map[string]*config.Config)
	configErrs := make(map[string]error)
	for _, f := range files {
		dir := filepath.Dir(f)
		if _, ok := configs[dir]; ok || configErrs[dir] != nil {
			continue
		}
		if fixed != nil {
			configs[dir] = fixed
			continue
		}
		cfg, err := config.Load(dir)
		if err != nil {
			configErrs[dir] = err
			continue
		}
		configs[dir] = cfg
	}

	results := make([]*analysis.Result, len(files))
	srcs := make([][]byte, len(files))
	errs := make([]error, len(files))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i], srcs[i], errs[i] = lintOne(ctx, files[i], configs, configErrs)
				if progress != nil {
					mu.Lock()
					done++
					fmt.Fprintf(progress, "\rlint: %d/%d files", done, len(files))
					mu.Unlock()
				}
			}
		}()
	}
	for i := range files {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if progress != nil && len(files) > 0 {
		fmt.Fprintln(progress)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var ok []*analysis.Result
	var okFiles []int // indexes into files of the results in ok
	for i, r := range results {
		if r != nil {
			ok, okFiles = append(ok, r), append(okFiles, i)
		}
	}
	out := configWarnings(configs)
	for i, ds := range analysis.ResolveWorkspaceLinks(ok) {
		f := okFiles[i]
		for _, d := range ds {
			out = append(out, Finding{Path: files[f], Src: srcs[f], Diagnostic: d})
		}
	}
	seen := make(map[error]bool) // one report per broken choreo.yaml
	var failed []error
	for _, err := range errs {
		if err != nil && !seen[err] {
			seen[err] = true
			failed = append(failed, err)
		}
	}
	return out, errors.Join(failed...)
}

// configWarnings returns the warnings of the configurations in use (a
// diagnostics entry with an unknown code, which is ignored) as findings in
// their choreo.yaml, each file once.
func configWarnings(configs map[string]*config.Config) []Finding {
	var out []Finding
	seen := make(map[*config.Config]bool)
	for _, dir := range slices.Sorted(maps.Keys(configs)) {
		cfg := configs[dir]
		if seen[cfg] {
			continue
		}
		seen[cfg] = true
		if len(cfg.Warnings) == 0 {
			continue
		}
		src, _ := os.ReadFile(cfg.Path) // without it the positions are still lines and columns
		for _, w := range cfg.Warnings {
			var span diag.Span
			if off := w.Offset(src); off >= 0 {
				p := diag.Pos{Offset: off, Line: w.Line - 1, Col: off - (bytes.LastIndexByte(src[:off], '\n') + 1)}
				span = diag.Span{Start: p, End: p}
			}
			out = append(out, Finding{Path: w.Path, Src: src, Diagnostic: diag.Diagnostic{
				Span:     span,
				Severity: diag.Warning,
				Code:     "config",
				Message:  w.Msg,
			}})
		}
	}
	return out
}

// stdinName is the path findings in standard input are reported under.
const stdinName = "<standard input>"

// lintStdin analyses standard input (lint -) with cfg or, when cfg is nil,
// the choreo.yaml found from the current directory, and returns the
// findings and the configuration used.
func lintStdin(ctx context.Context, stdin io.Reader, cfg *config.Config) ([]Finding, *config.Config, error) {
	src, err := io.ReadAll(stdin)
	if err != nil {
		return nil, nil, fmt.Errorf("lint: reading standard input: %w", err)
	}
	if cfg == nil {
		if cfg, err = config.Load("."); err != nil {
			return nil, nil, err
		}
	}
	r := analysis.Analyze(ctx, analysis.Input{Filename: stdinName, Src: src, Config: cfg})
	out := configWarnings(map[string]*config.Config{".": cfg})
	for _, ds := range analysis.ResolveWorkspaceLinks([]*analysis.Result{r}) {
		for _, d := range ds {
			out = append(out, Finding{Path: stdinName, Src: src, Diagnostic: d})
		}
	}
	return out, cfg, ctx.Err()
}

// lintOne reads and analyses one file with its directory's configuration
// and returns the result and the file's text.
func lintOne(ctx context.Context, path string, configs map[string]*config.Config, configErrs map[string]error) (*analysis.Result, []byte, error) {
	dir := filepath.Dir(path)
	if err := configErrs[dir]; err != nil {
		return nil, nil, err
	}
	return analyzeWith(ctx, path, configs[dir])
}

// analyzeFile reads and analyses one file with cfg or, when cfg is nil,
// the configuration found from its directory, for a command that shows
// one file. I/O and configuration errors are returned; the
// configuration's warnings are printed on the command's stderr; findings
// are in the result.
func analyzeFile(cmd *cobra.Command, path string, cfg *config.Config) (*analysis.Result, error) {
	if cfg == nil {
		var err error
		if cfg, err = config.Load(filepath.Dir(path)); err != nil {
			return nil, err
		}
	}
	warnConfig(cmd.ErrOrStderr(), cfg)
	r, _, err := analyzeWith(cmd.Context(), path, cfg)
	return r, err
}

// warnConfig prints the warnings of cfg (entries it ignores) on w.
func warnConfig(w io.Writer, cfg *config.Config) {
	for _, e := range cfg.Warnings {
		fmt.Fprintln(w, e)
	}
}

// analyzeWith reads and analyses one file with cfg and returns the result
// and the file's text.
func analyzeWith(ctx context.Context, path string, cfg *config.Config) (*analysis.Result, []byte, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	return analysis.Analyze(ctx, analysis.Input{Filename: path, Src: src, Config: cfg}), src, nil
}

// reportErrors prints the error diagnostics of r to w in text format and
// reports whether there were any. Commands whose output is not a
// diagnostic list (budget, manifest) use it.
func reportErrors(w io.Writer, path string, r *analysis.Result) bool {
	var errs []Finding
	for _, d := range r.Diagnostics {
		if d.Severity == diag.Error {
			errs = append(errs, Finding{Path: path, Diagnostic: d})
		}
	}
	_ = writeText(w, errs)
	return len(errs) > 0
}

// noProtocol is the error of a command that needs the protocol of a file
// without one: the errors already printed stopped the analysis (failed), or
// the file declares none.
func noProtocol(path string, failed bool) error {
	if failed {
		return &cmdline.ExitError{Code: cmdline.ExitFindings, Err: fmt.Errorf("%s: no protocol to show because of the errors above", path)}
	}
	return &cmdline.ExitError{Code: cmdline.ExitFindings, Err: fmt.Errorf("%s: the file declares no protocol (it is empty, or holds only comments, a module header or imports)", path)}
}

// showFile is the body of a command that analyses one file and prints a
// view of its result (budget, manifest). The file uses the configuration
// named by configPath (its --config flag) or found from its directory.
// Errors in the file are printed on stderr; show then writes the view to
// stdout, unless the file has no projected protocol to show. The returned
// error carries the exit status: 1 for errors in the file, 2 for usage
// and I/O errors.
func showFile(cmd *cobra.Command, path, configPath string, show func(io.Writer, *analysis.Result) error) error {
	cfg, err := loadConfigFlag(configPath)
	if err != nil {
		return cmdline.Usage(err)
	}
	r, err := analyzeFile(cmd, path, cfg)
	if err != nil {
		return cmdline.Usage(err)
	}
	if err := cmd.Context().Err(); err != nil {
		return cmdline.Usage(err)
	}
	failed := reportErrors(cmd.ErrOrStderr(), path, r)
	if r.Projections == nil {
		return noProtocol(path, failed)
	}
	if err := show(cmd.OutOrStdout(), r); err != nil {
		return cmdline.Usage(err)
	}
	if failed {
		return cmdline.Findings()
	}
	return nil
}
