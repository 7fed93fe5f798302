package global

// FallsThrough reports whether control can leave b at its end: some path
// through b reaches its last node and passes it. A path that ends in a
// continue jumps back instead, so a `rec L` whose every path continues
// (L or an enclosing label) never falls through, exactly like `loop
// forever`; a choice falls through when one of its branches does; a par
// when all of its branches do; a counted or while loop always does (it may
// run zero times, and no role decides to stay in it forever).
func FallsThrough(b Block) bool {
	for _, n := range b {
		if !NodeFallsThrough(n) {
			return false
		}
	}
	return true
}

// NodeFallsThrough reports whether control can pass n to the node after it
// (see FallsThrough).
func NodeFallsThrough(n Node) bool {
	switch n := n.(type) {
	case *Continue:
		return false
	case *Choice:
		if len(n.Branches) == 0 {
			return true
		}
		for _, br := range n.Branches {
			if FallsThrough(br.Body) {
				return true
			}
		}
		return false
	case *Rec:
		return FallsThrough(n.Body)
	case *Par:
		for _, br := range n.Branches {
			if !FallsThrough(br) {
				return false
			}
		}
		return true
	}
	return true
}
