// Package buildinfo describes the running choreo binary from the build
// information the Go toolchain records in it (runtime/debug.ReadBuildInfo):
// the module version, the version-control revision, its time and whether
// the work tree was modified, and the Go toolchain and platform.
//
// Nothing is stamped by hand (no -ldflags -X): `go build` and `go install`
// in a git checkout record the revision, and since Go 1.24 also derive a
// module version from it (a pseudo-version such as
// v0.0.0-20261202194605-dc9b7a0abcde, with +dirty for a modified tree).
// golang.org/x/mod/semver decides whether that version is a semantic
// version (SARIF's semanticVersion wants one without the leading v).
package buildinfo

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"golang.org/x/mod/semver"
)

// Devel is the version of a binary whose module version is unknown (built
// outside version control, or with -buildvcs=false).
const Devel = "(devel)"

// Info is what a binary knows about its own build.
type Info struct {
	Version   string    // module version; Devel when unknown
	Revision  string    // version-control revision; "" when unknown
	Time      time.Time // time of the revision; zero when unknown
	Modified  bool      // the work tree had uncommitted changes
	GoVersion string    // toolchain, e.g. go1.26.8
	Platform  string    // GOOS/GOARCH
}

// Read returns the build information of the running binary.
func Read() Info {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return Info{Version: Devel, GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	}
	return FromBuildInfo(bi)
}

// FromBuildInfo extracts an Info from bi.
func FromBuildInfo(bi *debug.BuildInfo) Info {
	info := Info{Version: bi.Main.Version, GoVersion: bi.GoVersion}
	if info.Version == "" {
		info.Version = Devel
	}
	goos, goarch := runtime.GOOS, runtime.GOARCH
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.Revision = s.Value
		case "vcs.time":
			if t, err := time.Parse(time.RFC3339, s.Value); err == nil {
				info.Time = t
			}
		case "vcs.modified":
			info.Modified = s.Value == "true"
		case "GOOS":
			goos = s.Value
		case "GOARCH":
			goarch = s.Value
		}
	}
	if info.GoVersion == "" {
		info.GoVersion = runtime.Version()
	}
	info.Platform = goos + "/" + goarch
	return info
}

// SemanticVersion returns Version in Semantic Versioning 2.0 form (without
// the leading v), or "" when Version is not a semantic version.
func (i Info) SemanticVersion() string {
	if !semver.IsValid(i.Version) {
		return ""
	}
	return strings.TrimPrefix(i.Version, "v")
}

// String renders i for `choreo version`: the version on the first line,
// then the revision (with its time and "modified" when known) and the
// toolchain with the platform.
func (i Info) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "choreo %s\n", i.Version)
	if i.Revision != "" {
		fmt.Fprintf(&b, "revision %s", i.Revision)
		if !i.Time.IsZero() {
			fmt.Fprintf(&b, " %s", i.Time.UTC().Format(time.RFC3339))
		}
		if i.Modified {
			b.WriteString(" (modified)")
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "built with %s %s\n", i.GoVersion, i.Platform)
	return b.String()
}
