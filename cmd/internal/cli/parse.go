package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
	"github.com/choreo-lang/choreo/syntax"
)

func newParseCmd() *cobra.Command {
	var showTree bool
	cmd := &cobra.Command{
		Use:   "parse FILE...",
		Short: "Parse .choreo and .tell files and report syntax errors",
		Long: `Parse reads each FILE with the .choreo grammar (layout or brace form) and
prints its syntax diagnostics as "file:line:col: severity: message [code]"
(one-based lines and byte columns). With --tree it also prints the
concrete syntax tree of each file.

Exit status: 0 no syntax errors, 1 syntax errors, 2 usage or I/O error.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return parseFiles(cmd, args, showTree)
		},
	}
	cmd.Flags().BoolVar(&showTree, "tree", false, "print the concrete syntax tree of each file")
	return cmd
}

// parseFiles parses every file, printing diagnostics (and trees) to the
// command's output. An unreadable file is reported and skipped; it makes
// the exit status 2.
func parseFiles(cmd *cobra.Command, paths []string, showTree bool) error {
	out := cmd.OutOrStdout()
	p := syntax.NewParser()
	defer p.Close()
	var ioErrs []error
	var found []Finding
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			ioErrs = append(ioErrs, err)
			continue
		}
		tree, err := p.Parse(cmd.Context(), src, nil)
		if err != nil {
			return cmdline.Usage(fmt.Errorf("parsing %s: %w", path, err))
		}
		_, diags := syntax.Lower(tree)
		if showTree {
			err = writeTree(out, path, tree, len(paths) > 1)
		}
		tree.Close()
		if err != nil {
			return cmdline.Usage(err)
		}
		for _, d := range diags {
			found = append(found, Finding{Path: path, Diagnostic: d})
		}
	}
	if err := writeText(out, found); err != nil {
		return cmdline.Usage(err)
	}
	switch {
	case len(ioErrs) > 0:
		return cmdline.Usage(errors.Join(ioErrs...))
	case hasErrors(found):
		return cmdline.Findings()
	}
	return nil
}

func writeTree(w io.Writer, path string, tree *syntax.Tree, header bool) error {
	if header {
		if _, err := fmt.Fprintf(w, "== %s\n", path); err != nil {
			return err
		}
	}
	return tree.Dump(w)
}
