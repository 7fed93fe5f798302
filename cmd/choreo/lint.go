package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/diag"
)

func newLintCmd() *cobra.Command {
	format := formatText
	var configPath string
	cmd := &cobra.Command{
		Use:   "lint [paths...]",
		Short: "Check .choreo files and report diagnostics",
		Long: `Lint checks .choreo files: syntax, roles, choices, recursion, annotations,
links and budgets (every check of SEMANTICS §2). Paths are files or
directories (searched recursively for *.choreo); the default is ".".
Each file uses the choreo.yaml found by walking up from its directory, or
the file given with --config.

Exit status: 0 no errors, 1 errors found, 2 usage or I/O error.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			files, err := collectChoreoFiles(args)
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			if len(files) == 0 {
				fmt.Fprintln(cmd.ErrOrStderr(), "lint: no .choreo files in", strings.Join(args, " "))
				return nil
			}
			var fixed *config.Config
			if configPath != "" {
				data, err := os.ReadFile(configPath)
				if err != nil {
					return &exitError{code: exitUsage, err: err}
				}
				if fixed, err = config.Parse(configPath, data); err != nil {
					return &exitError{code: exitUsage, err: err}
				}
			}
			found, lintErr := lintFiles(cmd.Context(), files, fixed, progressWriter(cmd.ErrOrStderr()))
			if err := writeFindings(cmd.OutOrStdout(), format, found); err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			if lintErr != nil {
				return &exitError{code: exitUsage, err: lintErr}
			}
			if hasErrors(found) {
				return findings()
			}
			return nil
		},
	}
	cmd.Flags().VarP(&format, "format", "f", "output format: text, json, sarif or github")
	cmd.Flags().StringVar(&configPath, "config", "", "use this choreo.yaml for every file instead of searching for one")
	return cmd
}

// collectChoreoFiles expands paths into .choreo files: a file is taken as
// given, a directory is searched recursively (hidden directories skipped).
func collectChoreoFiles(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && path != p && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if !d.IsDir() && strings.HasSuffix(path, ".choreo") {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("lint: %w", err)
		}
	}
	sort.Strings(files)
	return files, nil
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
				results[i], errs[i] = lintOne(ctx, files[i], configs, configErrs)
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
	var okFiles []string
	for i, r := range results {
		if r != nil {
			ok, okFiles = append(ok, r), append(okFiles, files[i])
		}
	}
	var out []Finding
	for i, ds := range analysis.ResolveWorkspaceLinks(ok) {
		for _, d := range ds {
			out = append(out, Finding{Path: okFiles[i], Diagnostic: d})
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

// lintOne reads and analyses one file with its directory's configuration.
func lintOne(ctx context.Context, path string, configs map[string]*config.Config, configErrs map[string]error) (*analysis.Result, error) {
	dir := filepath.Dir(path)
	if err := configErrs[dir]; err != nil {
		return nil, err
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return analysis.Analyze(ctx, analysis.Input{Filename: path, Src: src, Config: configs[dir]}), nil
}

// analyzeFile reads and analyses one file with the configuration found
// from its directory. I/O and configuration errors are returned; findings
// are in the result.
func analyzeFile(ctx context.Context, path string) (*analysis.Result, error) {
	cfg, err := config.Load(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return analysis.Analyze(ctx, analysis.Input{Filename: path, Src: src, Config: cfg}), nil
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
