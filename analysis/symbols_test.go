package analysis

import (
	"slices"
	"testing"

	"github.com/choreo-lang/choreo/diag"
)

// TestAddRef checks that references are kept once each, in the order they
// were first recorded, however lowering revisits them.
func TestAddRef(t *testing.T) {
	for _, tc := range []struct {
		name     string
		add      []int // start offsets, in call order
		wantRefs []int
	}{
		{"in order", []int{1, 5, 9}, []int{1, 5, 9}},
		{"revisit", []int{1, 5, 9, 5, 9, 12}, []int{1, 5, 9, 12}},
		{"repeated", []int{3, 3, 3}, []int{3}},
		{"new reference out of order", []int{5, 9, 2, 9, 2, 5, 7, 7}, []int{5, 9, 2, 7}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var sym Symbol
			for _, off := range tc.add {
				sym.addRef(diag.Span{Start: diag.Pos{Offset: off}, End: diag.Pos{Offset: off + 1}})
			}
			var got []int
			for _, r := range sym.Refs {
				got = append(got, r.Start.Offset)
			}
			if !slices.Equal(got, tc.wantRefs) {
				t.Errorf("Refs = %v, want %v", got, tc.wantRefs)
			}
		})
	}
}
