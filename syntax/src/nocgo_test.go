package src

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestBuildWithoutCgoSaysWhy: a CGO_ENABLED=0 build fails naming what is
// missing instead of "build constraints exclude all Go files".
func TestBuildWithoutCgoSaysWhy(t *testing.T) {
	cmd := exec.Command("go", "build", "-o", os.DevNull, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatal("the package built without cgo")
	}
	if !strings.Contains(string(out), "choreo_requires_cgo_set_CGO_ENABLED_1_and_install_gcc") {
		t.Errorf("the build without cgo does not say that cgo is required:\n%s", out)
	}
}
