package syntax

import (
	"path/filepath"
	"strings"
)

// Extensions returns the file name extensions of choreography files:
// ".choreo", and ".tell", the name the upstream Telltale project uses since
// April 2026. Both hold the same language; every tool treats them alike.
func Extensions() []string { return []string{".choreo", ".tell"} }

// IsSourceFile reports whether name is a choreography file by its
// extension (.choreo or .tell, in any case).
func IsSourceFile(name string) bool {
	ext := filepath.Ext(name)
	return strings.EqualFold(ext, ".choreo") || strings.EqualFold(ext, ".tell")
}

// TrimExtension returns name without its choreography extension (name
// itself when it has none).
func TrimExtension(name string) string {
	if IsSourceFile(name) {
		return name[:len(name)-len(filepath.Ext(name))]
	}
	return name
}
