package testkit

import (
	"fmt"
	"os/exec"
	"path/filepath"
)

// BuildCommands builds every program of the module (cmd/...: choreo and the
// helpers it finds next to itself, such as choreo-lsp) into dir, and
// returns the path of choreo there.
func BuildCommands(dir string) (string, error) {
	out, err := exec.Command("go", "build", "-o", dir+string(filepath.Separator), "github.com/choreo-lang/choreo/cmd/...").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build ./cmd/...: %w\n%s", err, out)
	}
	return filepath.Join(dir, "choreo"), nil
}
