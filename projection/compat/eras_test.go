package compat

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/internal/testkit"
)

// TestErasE2ToE3 compares every e2-2026-03 file of the corpus with its
// e3-2026-04 version (renamed .choreo → .tell and refactored for Telltale
// 10). Both are projected with labels on the wire, so making labels
// visible is no change by itself: the golden file records each pair's
// level and every role's reason (regenerate with -update and review).
func TestErasE2ToE3(t *testing.T) {
	root := testkit.CorpusDir(t)
	e2, e3 := filepath.Join(root, "e2-2026-03"), filepath.Join(root, "e3-2026-04")
	var b strings.Builder
	err := filepath.WalkDir(e2, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".choreo" {
			return err
		}
		rel, _ := filepath.Rel(e2, path)
		newPath := filepath.Join(e3, strings.TrimSuffix(rel, ".choreo")+".tell")
		oldSrc, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		newSrc, err := os.ReadFile(newPath)
		if os.IsNotExist(err) {
			fmt.Fprintf(&b, "%s: no e3 version\n", rel)
			return nil
		} else if err != nil {
			return err
		}
		rep, err := CompareFiles(context.Background(), &Version{Path: rel, Src: oldSrc}, &Version{Path: filepath.Base(newPath), Src: newSrc}, Options{})
		if err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		fmt.Fprintf(&b, "%s: %s %v\n", rel, rep.Level, rep.Rows)
		for _, r := range rep.Roles {
			fmt.Fprintf(&b, "  %s: %s: %s\n", r.Role, r.Status, r.Reason)
		}
		if rep.Level == Major && strings.Contains(rep.Reason, "label") {
			t.Errorf("%s: major because of labels: %s", rel, rep.Reason)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	testkit.Golden(t, filepath.Join("testdata", "eras.golden"), []byte(b.String()))
}
