package filenames

import "testing"

func TestIsSource(t *testing.T) {
	for name, want := range map[string]bool{
		"a.choreo": true, "dir/b.tell": true, "C.TELL": true, "x.Choreo": true,
		"a.choreo.bak": false, "tell": false, "notes.md": false, "a.tel": false,
	} {
		if got := IsSource(name); got != want {
			t.Errorf("IsSource(%q) = %v, want %v", name, got, want)
		}
	}
	if got := TrimExtension("src/guardian_setup.tell"); got != "src/guardian_setup" {
		t.Errorf("TrimExtension = %q", got)
	}
	if got := TrimExtension("README.md"); got != "README.md" {
		t.Errorf("TrimExtension kept no extension: %q", got)
	}
}
