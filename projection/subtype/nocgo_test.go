package subtype

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestLinksNoParser: the checker, and the local types and global model it
// is built on, link no C code (neither the tree-sitter parser nor package
// syntax), so that a program embedding it builds with CGO_ENABLED=0.
func TestLinksNoParser(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}} {{len .CgoFiles}}", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	var pkgs []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, cgoFiles, _ := strings.Cut(line, " ")
		pkgs = append(pkgs, pkg)
		if cgoFiles != "0" {
			t.Errorf("the checker links %s, which has cgo files", pkg)
		}
	}
	for _, pkg := range []string{"github.com/choreo-lang/choreo/syntax", "github.com/tree-sitter/go-tree-sitter"} {
		if slices.Contains(pkgs, pkg) {
			t.Errorf("the checker links %s", pkg)
		}
	}
}
