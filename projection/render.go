package projection

import "strings"

// Session renders t in the compact session notation of SEMANTICS §3, on
// one line:
//
//	!B.Msg(data: Vec<u8>); ?B.Ack(code: u32); end
//	+{ !B.Yes; end, !B.No; end }
//	rec X. &{ ?A.More; X, ?A.Stop; end }
//
// A payload is printed in parentheses after the message name when it is
// not empty. ParseSession reads this notation back.
func Session(t Type) string {
	var b strings.Builder
	writeSession(&b, t)
	return b.String()
}

func writeSession(b *strings.Builder, t Type) {
	for {
		switch x := t.(type) {
		case *Send:
			writeAction(b, "!", x.To, x.Msg)
			b.WriteString("; ")
			t = x.Next
			continue
		case *Recv:
			writeAction(b, "?", x.From, x.Msg)
			b.WriteString("; ")
			t = x.Next
			continue
		case *Select:
			writeSessionChoices(b, "+{ ", "!", x.Choices)
		case *Branch:
			writeSessionChoices(b, "&{ ", "?", x.Choices)
		case *Rec:
			b.WriteString("rec ")
			b.WriteString(x.Var)
			b.WriteString(". ")
			t = x.Body
			continue
		default:
			b.WriteString(leaf(t))
		}
		return
	}
}

func writeSessionChoices(b *strings.Builder, open, sigil string, cs []Choice) {
	b.WriteString(open)
	for i, c := range cs {
		if i > 0 {
			b.WriteString(", ")
		}
		writeAction(b, sigil, c.Peer, c.Msg)
		b.WriteString("; ")
		writeSession(b, c.Next)
	}
	b.WriteString(" }")
}

// writeAction writes "!R.M(payload)" or "?R.M".
func writeAction(b *strings.Builder, sigil, peer string, m Message) {
	b.WriteString(sigil)
	b.WriteString(peer)
	b.WriteByte('.')
	b.WriteString(MessageText(m))
}

// MessageText renders a message as in the session notation: its name,
// followed by its payload in parentheses when it has one ("Msg(a.b.C)").
func MessageText(m Message) string {
	if m.Payload == "" {
		return m.Name
	}
	return m.Name + "(" + m.Payload + ")"
}

// leaf renders the types without a continuation.
func leaf(t Type) string {
	switch t := t.(type) {
	case *End:
		return "end"
	case *Var:
		return t.Name
	case nil:
		return "<nil>"
	}
	return "<?>"
}

// Pretty renders t in the session notation over several lines, for hovers:
// one action per line; each alternative of a choice starts a line indented
// under the choice, with its continuation indented under it (on the same
// line when it is only end or a variable). It reads back with ParseSession
// like Session's output.
//
//	?Buyer.Bid(amount: u64);
//	+{
//	  !Buyer.Accepted(order: OrderId);
//	    !Shipper.Ship(order: OrderId);
//	    end,
//	  !Buyer.Rejected; end
//	}
func Pretty(t Type) string {
	var b strings.Builder
	writePretty(&b, t, "")
	return b.String()
}

func writePretty(b *strings.Builder, t Type, indent string) {
	for {
		switch x := t.(type) {
		case *Send:
			writeAction(b, "!", x.To, x.Msg)
			b.WriteString(";\n" + indent)
			t = x.Next
			continue
		case *Recv:
			writeAction(b, "?", x.From, x.Msg)
			b.WriteString(";\n" + indent)
			t = x.Next
			continue
		case *Select:
			writePrettyChoices(b, "+{", "!", x.Choices, indent)
		case *Branch:
			writePrettyChoices(b, "&{", "?", x.Choices, indent)
		case *Rec:
			b.WriteString("rec " + x.Var + ".\n" + indent + "  ")
			indent += "  "
			t = x.Body
			continue
		default:
			b.WriteString(leaf(t))
		}
		return
	}
}

func writePrettyChoices(b *strings.Builder, open, sigil string, cs []Choice, indent string) {
	inner := indent + "  "
	b.WriteString(open)
	for i, c := range cs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n" + inner)
		writeAction(b, sigil, c.Peer, c.Msg)
		b.WriteByte(';')
		switch c.Next.(type) {
		case *End, *Var:
			b.WriteString(" " + leaf(c.Next))
		default:
			b.WriteString("\n" + inner + "  ")
			writePretty(b, c.Next, inner+"  ")
		}
	}
	b.WriteString("\n" + indent + "}")
}

// Rust renders t in the Rust type notation of SEMANTICS §3 (the seed's
// `Send<B, Msg, Receive<B, Ack, End>>`): Send<R, M, T>, Receive<R, M, T>,
// Select<R, {M1: T1, M2: T2}>, Branch<R, {M1: T1, M2: T2}>, Rec<X, T>,
// Var<X>, End. A Select or Branch whose alternatives involve several peers
// drops the peer parameter and keys its alternatives "R.M":
// Select<{B.M1: T1, C.M2: T2}>. Payloads are not shown; participant names
// (including family members such as "W[0]") are printed as they are.
func Rust(t Type) string {
	var b strings.Builder
	writeRust(&b, t)
	return b.String()
}

func writeRust(b *strings.Builder, t Type) {
	switch x := t.(type) {
	case *Send:
		writeRustComm(b, "Send<", x.To, x.Msg.Name, x.Next)
	case *Recv:
		writeRustComm(b, "Receive<", x.From, x.Msg.Name, x.Next)
	case *Select:
		writeRustChoices(b, "Select<", x.Choices)
	case *Branch:
		writeRustChoices(b, "Branch<", x.Choices)
	case *Rec:
		b.WriteString("Rec<" + x.Var + ", ")
		writeRust(b, x.Body)
		b.WriteByte('>')
	case *Var:
		b.WriteString("Var<" + x.Name + ">")
	case *End:
		b.WriteString("End")
	default:
		b.WriteString(leaf(t))
	}
}

func writeRustComm(b *strings.Builder, open, peer, msg string, next Type) {
	b.WriteString(open + peer + ", " + msg + ", ")
	writeRust(b, next)
	b.WriteByte('>')
}

func writeRustChoices(b *strings.Builder, open string, cs []Choice) {
	b.WriteString(open)
	onePeer := len(cs) > 0
	for _, c := range cs {
		onePeer = onePeer && c.Peer == cs[0].Peer
	}
	if onePeer {
		b.WriteString(cs[0].Peer + ", ")
	}
	b.WriteByte('{')
	for i, c := range cs {
		if i > 0 {
			b.WriteString(", ")
		}
		if !onePeer {
			b.WriteString(c.Peer + ".")
		}
		b.WriteString(c.Msg.Name + ": ")
		writeRust(b, c.Next)
	}
	b.WriteString("}>")
}
