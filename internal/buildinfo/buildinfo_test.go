package buildinfo

import (
	"runtime"
	"runtime/debug"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	vcs := []debug.BuildSetting{
		{Key: "GOOS", Value: "linux"},
		{Key: "GOARCH", Value: "arm64"},
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "dc9b7a0abcde0123456789abcdef0123456789ab"},
		{Key: "vcs.time", Value: "2026-12-02T19:46:05Z"},
		{Key: "vcs.modified", Value: "true"},
	}
	platform := runtime.GOOS + "/" + runtime.GOARCH
	tests := []struct {
		name   string
		bi     debug.BuildInfo
		want   string // String()
		semver string
	}{
		{
			name:   "no module version, no vcs",
			bi:     debug.BuildInfo{GoVersion: "go1.26.8"},
			want:   "choreo (devel)\nbuilt with go1.26.8 " + platform + "\n",
			semver: "",
		},
		{
			name:   "devel",
			bi:     debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			want:   "choreo (devel)\nbuilt with go1.26.8 " + platform + "\n",
			semver: "",
		},
		{
			name: "pseudo-version from a modified checkout",
			bi: debug.BuildInfo{GoVersion: "go1.26.8", Settings: vcs,
				Main: debug.Module{Version: "v0.0.0-20261202194605-dc9b7a0abcde+dirty"}},
			want: "choreo v0.0.0-20261202194605-dc9b7a0abcde+dirty\n" +
				"revision dc9b7a0abcde0123456789abcdef0123456789ab 2026-12-02T19:46:05Z (modified)\n" +
				"built with go1.26.8 linux/arm64\n",
			semver: "0.0.0-20261202194605-dc9b7a0abcde+dirty",
		},
		{
			name: "release, clean tree, revision without time",
			bi: debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.2.0"},
				Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "false"}}},
			want:   "choreo v0.2.0\nrevision abc\nbuilt with go1.26.8 " + platform + "\n",
			semver: "0.2.0",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info := FromBuildInfo(&tt.bi)
			if got := info.String(); got != tt.want {
				t.Errorf("String() =\n%s\nwant\n%s", got, tt.want)
			}
			if got := info.SemanticVersion(); got != tt.semver {
				t.Errorf("SemanticVersion() = %q, want %q", got, tt.semver)
			}
		})
	}
}
