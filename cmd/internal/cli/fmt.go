package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/pmezard/go-difflib/difflib"
	"github.com/spf13/cobra"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
	"github.com/choreo-lang/choreo/internal/sourcefiles"
	"github.com/choreo-lang/choreo/syntax/format"
)

// fmtFlags are the options of `choreo fmt`.
type fmtFlags struct {
	write, list, diff, check bool
	width                    int
}

func newFmtCmd() *cobra.Command {
	var fl fmtFlags
	cmd := &cobra.Command{
		Use:   "fmt [flags] [path ...]",
		Short: "Format .choreo and .tell files in the canonical layout",
		Long: `Fmt formats .choreo and .tell files in the canonical layout (see the documentation of
package syntax/format). Without paths it formats standard input to standard
output. A directory path formats every .choreo and .tell file under it.

By default the formatted text is printed. With -l, -w or -d it is not:
-l lists the files whose formatting differs, -w rewrites them in place and
-d prints unified diffs. --check exits with status 1 when any file needs
formatting (for CI); without -d it lists those files like -l.

A file with syntax errors is never changed: its errors are reported and the
command exits with status 2 after processing the other files.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runFmt(cmd.Context(), cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr(), args, fl)
		},
	}
	f := cmd.Flags()
	f.BoolVarP(&fl.write, "write", "w", false, "write the result to the (source) file instead of standard output")
	f.BoolVarP(&fl.list, "list", "l", false, "list files whose formatting differs from the canonical layout")
	f.BoolVarP(&fl.diff, "diff", "d", false, "display diffs instead of rewriting files")
	f.BoolVar(&fl.check, "check", false, "exit with status 1 when any file needs formatting")
	f.IntVar(&fl.width, "width", format.DefaultWidth, "line width for annotation lists")
	return cmd
}

// runFmt formats stdin or the given paths and returns the command's error:
// nil, cmdline.Findings() for --check with differences, or an exit status 2 error
// when a file could not be read, parsed or written.
func runFmt(ctx context.Context, stdin io.Reader, stdout, stderr io.Writer, paths []string, fl fmtFlags) error {
	opts := format.Options{Width: fl.width}
	if len(paths) == 0 {
		if fl.write {
			return cmdline.Usage(errors.New("fmt: cannot use -w with standard input"))
		}
		src, err := io.ReadAll(stdin)
		if err != nil {
			return cmdline.Usage(fmt.Errorf("fmt: reading standard input: %w", err))
		}
		changed, err := fmtOne("<standard input>", src, stdout, opts, fl, nil)
		if err != nil {
			reportFmtError(stderr, "<standard input>", err)
			return &cmdline.ExitError{Code: cmdline.ExitUsage}
		}
		if changed && fl.check {
			return cmdline.Findings()
		}
		return nil
	}

	failed, needFormat := false, false
	for _, root := range paths {
		files, err := sourcefiles.Find(ctx, root, sourcefiles.For(root, nil))
		if err != nil {
			fmt.Fprintln(stderr, err)
			failed = true
			continue
		}
		for _, path := range files {
			changed, err := fmtFile(path, stdout, opts, fl)
			if err != nil {
				reportFmtError(stderr, path, err)
				failed = true
			}
			needFormat = needFormat || changed
		}
	}
	switch {
	case failed:
		return &cmdline.ExitError{Code: cmdline.ExitUsage}
	case needFormat && fl.check:
		return cmdline.Findings()
	}
	return nil
}

// fmtFile formats one file according to fl and reports whether its
// formatting differed.
func fmtFile(path string, stdout io.Writer, opts format.Options, fl fmtFlags) (bool, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return false, err
	}
	return fmtOne(path, src, stdout, opts, fl, func(out []byte) error {
		return writeFileAtomic(path, out)
	})
}

// fmtOne formats src (named name) and acts on the result according to fl;
// write stores the new text (nil for standard input).
func fmtOne(name string, src []byte, stdout io.Writer, opts format.Options, fl fmtFlags, write func([]byte) error) (bool, error) {
	out, err := format.Source(src, opts)
	if err != nil {
		return false, err
	}
	changed := !bytes.Equal(src, out)
	if fl.list || (fl.check && !fl.diff) {
		if changed {
			fmt.Fprintln(stdout, name)
		}
	}
	if fl.write && changed {
		if err := write(out); err != nil {
			return changed, err
		}
	}
	if fl.diff && changed {
		d, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
			A:        difflib.SplitLines(string(src)),
			B:        difflib.SplitLines(string(out)),
			FromFile: name + ".orig",
			ToFile:   name,
			Context:  3,
		})
		if err != nil {
			return changed, fmt.Errorf("diff: %w", err)
		}
		fmt.Fprint(stdout, d)
	}
	if !fl.list && !fl.write && !fl.diff && !fl.check {
		_, err = stdout.Write(out)
	}
	return changed, err
}

// reportFmtError prints err for the file name: each syntax error on its
// own line as name:line:col: severity: message [code] (as every command
// prints diagnostics), anything else as name: err.
func reportFmtError(w io.Writer, name string, err error) {
	var se *format.SyntaxError
	if errors.As(err, &se) {
		fs := make([]Finding, len(se.Diagnostics))
		for i, d := range se.Diagnostics {
			fs[i] = Finding{Path: name, Diagnostic: d}
		}
		_ = writeText(w, fs)
		return
	}
	fmt.Fprintf(w, "%s: %v\n", name, err)
}

// writeFileAtomic replaces path with data through a temporary file in the
// same directory and a rename, keeping the file's permissions, so that a
// crash leaves either the old or the new content.
func writeFileAtomic(path string, data []byte) (err error) {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(info.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
