package global

import (
	"fmt"
	"strings"
)

// String renders p as indented text, one node per line, for goldens,
// debugging and `choreo` output. Sends show their id:
//
//	protocol Auction (namespace auction)
//	roles Buyer, Seller, W[3] (default size)
//	#1 Buyer -> Seller : Bid(amount: u64)
//	choice at Seller
//	  | accept
//	    #2 Seller -> Buyer : Accepted
func (p *Protocol) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "protocol %s", p.Name)
	if p.Namespace != "" {
		fmt.Fprintf(&b, " (namespace %s)", p.Namespace)
	}
	b.WriteString("\nroles ")
	for i, r := range p.Roles {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(r.Name)
		if r.Family {
			fmt.Fprintf(&b, "[%d]", r.Size)
			switch r.SizeFrom {
			case SizeConfig:
				b.WriteString(" (configured size)")
			case SizeDefault:
				b.WriteString(" (default size)")
			}
		}
	}
	b.WriteByte('\n')
	writeBlock(&b, p.Body, "")
	return b.String()
}

// String renders b like Protocol.String renders a body; hovers use it to
// show what a statement desugars to.
func (b Block) String() string {
	var sb strings.Builder
	writeBlock(&sb, b, "")
	return sb.String()
}

func writeBlock(b *strings.Builder, blk Block, indent string) {
	for _, n := range blk {
		switch n := n.(type) {
		case *Send:
			fmt.Fprintf(b, "%s#%d %s -> %s : %s", indent, n.ID, n.From, n.To, n.Msg.Name)
			if n.Msg.Payload != "" {
				fmt.Fprintf(b, "(%s)", n.Msg.Payload)
			}
			if n.Meta != nil {
				b.WriteString(" {annotated}")
			}
			b.WriteByte('\n')
		case *Choice:
			fmt.Fprintf(b, "%schoice at %s", indent, n.Decider)
			if n.Timeout != "" {
				fmt.Fprintf(b, " (timeout %s)", n.Timeout)
			}
			b.WriteByte('\n')
			for _, br := range n.Branches {
				fmt.Fprintf(b, "%s  | %s", indent, br.Label)
				if br.Guard != "" {
					fmt.Fprintf(b, " when (%s)", br.Guard)
				}
				b.WriteByte('\n')
				writeBlock(b, br.Body, indent+"    ")
			}
		case *Rec:
			fmt.Fprintf(b, "%srec %s\n", indent, n.Label)
			writeBlock(b, n.Body, indent+"  ")
		case *Continue:
			fmt.Fprintf(b, "%scontinue %s\n", indent, n.Label)
		case *Loop:
			if n.Kind == LoopWhile {
				fmt.Fprintf(b, "%sloop while %q\n", indent, n.Predicate)
			} else {
				fmt.Fprintf(b, "%sloop repeat %s\n", indent, n.Count)
			}
			writeBlock(b, n.Body, indent+"  ")
		case *Par:
			fmt.Fprintf(b, "%spar\n", indent)
			for _, br := range n.Branches {
				fmt.Fprintf(b, "%s  |\n", indent)
				writeBlock(b, br, indent+"    ")
			}
		case *Opaque:
			fmt.Fprintf(b, "%s%s (not projected)\n", indent, n.Kind)
		}
	}
}
