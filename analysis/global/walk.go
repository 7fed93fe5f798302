package global

// Walk calls fn for every node of b in depth-first source order: a node
// before the nodes nested in it.
func Walk(b Block, fn func(Node)) {
	for _, n := range b {
		fn(n)
		switch n := n.(type) {
		case *Choice:
			for _, br := range n.Branches {
				Walk(br.Body, fn)
			}
		case *Rec:
			Walk(n.Body, fn)
		case *Loop:
			Walk(n.Body, fn)
		case *Par:
			for _, br := range n.Branches {
				Walk(br, fn)
			}
		}
	}
}
