// Package suggest finds the known name closest to a misspelt one, for
// "did you mean" hints (unknown annotation keys, keys and diagnostic codes
// of choreo.yaml, misspelt command-line flags).
package suggest

// Closest returns the name of the item closest to name in edit distance,
// or "" when none is close: the distance may be at most a third of name's
// length, and at least 2. Of equally close items the first wins.
func Closest[T any](name string, items []T, nameOf func(T) string) string {
	best, bestD := "", max(2, len(name)/3)
	for _, it := range items {
		c := nameOf(it)
		if d := distance(name, c); d <= bestD && (best == "" || d < bestD) {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b, in bytes.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
