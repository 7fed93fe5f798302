//go:build unix

package helperbin

import (
	"fmt"
	"os"
	"syscall"
)

// Exec runs the helper at path with args in place of this process, with the
// same standard input, output, error and environment, so that whoever
// started choreo (an editor launching `choreo lsp`) talks to the helper
// directly. On Unix it replaces this process (execve) and returns only
// when that fails; elsewhere it runs the helper as a child and returns its
// exit status as an *exec.ExitError.
func Exec(path string, args []string) error {
	if err := syscall.Exec(path, append([]string{path}, args...), os.Environ()); err != nil {
		return fmt.Errorf("start %s: %w", path, err)
	}
	return nil
}
