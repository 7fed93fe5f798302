//go:build !unix

package helperbin

import (
	"fmt"
	"os"
	"os/exec"
)

// Exec runs the helper at path with args in place of this process, with the
// same standard input, output, error and environment, so that whoever
// started choreo (an editor launching `choreo lsp`) talks to the helper
// directly. On Unix it replaces this process (execve) and returns only
// when that fails; elsewhere it runs the helper as a child and returns its
// exit status as an *exec.ExitError.
func Exec(path string, args []string) error {
	cmd := exec.Command(path, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		if _, ok := err.(*exec.ExitError); ok {
			return err
		}
		return fmt.Errorf("start %s: %w", path, err)
	}
	return nil
}
