// Package filenames tells choreography files by their names: the
// extensions of the language's files. It links nothing else, so that
// programs without the parser can tell which files need it.
package filenames

import (
	"path/filepath"
	"strings"
)

// Extensions returns the file name extensions of choreography files:
// ".choreo", and ".tell", the name the upstream Telltale project uses since
// April 2026. Both hold the same language; every tool treats them alike.
func Extensions() []string { return []string{".choreo", ".tell"} }

// IsSource reports whether name is a choreography file by its
// extension (.choreo or .tell, in any case).
func IsSource(name string) bool {
	ext := filepath.Ext(name)
	return strings.EqualFold(ext, ".choreo") || strings.EqualFold(ext, ".tell")
}

// TrimExtension returns name without its choreography extension (name
// itself when it has none).
func TrimExtension(name string) string {
	if IsSource(name) {
		return name[:len(name)-len(filepath.Ext(name))]
	}
	return name
}
