package cli

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/internal/buildinfo"
)

// TestVersion: `choreo version` and `choreo --version` print the build
// information of the real binary: the version on the first line, the git
// revision when the toolchain recorded one, and the Go version.
func TestVersion(t *testing.T) {
	bin := choreoBinary(t)
	version, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatalf("choreo version: %v", err)
	}
	flag, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatalf("choreo --version: %v", err)
	}
	if !bytes.Equal(version, flag) {
		t.Errorf("choreo version and choreo --version differ:\n%s\n---\n%s", version, flag)
	}
	out := string(version)
	if !regexp.MustCompile(`^choreo (\(devel\)|v\S+)\n`).MatchString(out) {
		t.Errorf("first line is not `choreo VERSION`:\n%s", out)
	}
	if want := "built with " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + "\n"; !strings.HasSuffix(out, want) {
		t.Errorf("output does not end with %q:\n%s", want, out)
	}
	// What the toolchain recorded, as `go version -m` reads it.
	meta, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatalf("go version -m: %v", err)
	}
	if m := regexp.MustCompile(`(?m)^\s*build\s+vcs\.revision=(\S+)$`).FindSubmatch(meta); m != nil {
		if !strings.Contains(out, "revision "+string(m[1])) {
			t.Errorf("the recorded revision %s is missing:\n%s", m[1], out)
		}
	} else if strings.Contains(out, "revision") {
		t.Errorf("a revision is printed but none was recorded:\n%s", out)
	}
	if code, _, _ := runChoreo(t, "version", "extra"); code != cmdline.ExitUsage {
		t.Errorf("choreo version extra: exit %d, want %d", code, cmdline.ExitUsage)
	}
}

// TestSARIFToolVersion: the SARIF driver names the binary's version, and
// its semantic version when it has one.
func TestSARIFToolVersion(t *testing.T) {
	var b bytes.Buffer
	fs := []Finding{{Path: "a.choreo", Diagnostic: diag.Diagnostic{Severity: diag.Warning, Code: "c", Message: "m"}}}
	if err := writeFindings(&b, formatSARIF, fs); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Version         *string `json:"version"`
					SemanticVersion *string `json:"semanticVersion"`
				} `json:"driver"`
			} `json:"tool"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	info := buildinfo.Read()
	d := log.Runs[0].Tool.Driver
	if d.Version == nil || *d.Version != info.Version {
		t.Errorf("tool.driver.version = %v, want %q", d.Version, info.Version)
	}
	switch sv := info.SemanticVersion(); {
	case sv == "" && d.SemanticVersion != nil:
		t.Errorf("tool.driver.semanticVersion = %q for version %q", *d.SemanticVersion, info.Version)
	case sv != "" && (d.SemanticVersion == nil || *d.SemanticVersion != sv):
		t.Errorf("tool.driver.semanticVersion = %v, want %q", d.SemanticVersion, sv)
	}
}
