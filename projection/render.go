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
// not empty. A continuation that several alternatives share, and that is
// longer than a few actions, is written once as a named definition after
// the type (see Notations in the package documentation):
//
//	+{ !B.L; K1, !B.R; K1 } where K1 = !C.Go; ?C.Ack; ?B.Done; !D.Log; end
//
// ParseSession reads this notation back.
func Session(t Type) string {
	var b strings.Builder
	s := newSharing(t)
	writeSession(&b, t, s)
	sep := " where "
	s.definitions(func(name string, body Type) {
		b.WriteString(sep + name + " = ")
		writeSession(&b, body, s)
		sep = ", "
	})
	return b.String()
}

// writeRef writes the name of t and reports true when t is a definition.
func writeRef(b *strings.Builder, t Type, s *sharing) bool {
	name, ok := s.name(t)
	if ok {
		b.WriteString(name)
	}
	return ok
}

// writeSession writes t itself, and its continuations by name when they
// are definitions.
func writeSession(b *strings.Builder, t Type, s *sharing) {
	for {
		switch x := t.(type) {
		case *Send:
			writeAction(b, "!", x.To, x.Msg)
			b.WriteString("; ")
			t = x.Next
		case *Recv:
			writeAction(b, "?", x.From, x.Msg)
			b.WriteString("; ")
			t = x.Next
		case *Select:
			writeSessionChoices(b, "+{ ", "!", x.Choices, s)
			return
		case *Branch:
			writeSessionChoices(b, "&{ ", "?", x.Choices, s)
			return
		case *Rec:
			b.WriteString("rec ")
			b.WriteString(x.Var)
			b.WriteString(". ")
			t = x.Body
		default:
			b.WriteString(leaf(t))
			return
		}
		if writeRef(b, t, s) {
			return
		}
	}
}

func writeSessionChoices(b *strings.Builder, open, sigil string, cs []Choice, s *sharing) {
	b.WriteString(open)
	for i, c := range cs {
		if i > 0 {
			b.WriteString(", ")
		}
		writeAction(b, sigil, c.Peer, c.Msg)
		b.WriteString("; ")
		if !writeRef(b, c.Next, s) {
			writeSession(b, c.Next, s)
		}
	}
	b.WriteString(" }")
}

// writeAction writes "!R.M(payload)" or "?R.M".
func writeAction(b *strings.Builder, sigil, peer string, m Message) {
	b.WriteString(sigil)
	b.WriteString(peer)
	b.WriteByte('.')
	b.WriteString(m.Name)
	if m.Payload != "" {
		b.WriteByte('(')
		b.WriteString(m.Payload)
		b.WriteByte(')')
	}
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

// Pretty renders t in the session notation over several lines, for hovers
// and long types, as a formatter would: one action per line; each
// alternative of a choice starts a line indented under the choice, with
// its continuation indented under it (on the same line when it is only
// end, a variable or a definition's name). The definitions of shared
// continuations follow a line "where", one per entry, a choice or loop
// opening on the name's line and a sequence starting under it. It reads
// back with ParseSession like Session's output.
//
//	?Buyer.Bid(amount: u64);
//	+{
//	  !Buyer.Accepted(order: OrderId);
//	    !Shipper.Ship(order: OrderId);
//	    end,
//	  !Buyer.Rejected; end
//	}
//
//	&{
//	  ?A.L0; K1,
//	  ?A.R0; K1
//	}
//	where
//	  K1 = &{
//	    ?A.L1; end,
//	    ?A.R1; end
//	  }
func Pretty(t Type) string {
	var b strings.Builder
	s := newSharing(t)
	writePretty(&b, t, "", s)
	sep := "\nwhere\n  "
	s.definitions(func(name string, body Type) {
		b.WriteString(sep + name + " =")
		switch body.(type) {
		case *Send, *Recv: // a sequence starts under the name
			b.WriteString("\n    ")
			writePretty(&b, body, "    ", s)
		default: // a choice or a loop opens on the name's line
			b.WriteByte(' ')
			writePretty(&b, body, "  ", s)
		}
		sep = ",\n  "
	})
	return b.String()
}

func writePretty(b *strings.Builder, t Type, indent string, s *sharing) {
	for {
		switch x := t.(type) {
		case *Send:
			writeAction(b, "!", x.To, x.Msg)
			b.WriteString(";\n")
			b.WriteString(indent)
			t = x.Next
		case *Recv:
			writeAction(b, "?", x.From, x.Msg)
			b.WriteString(";\n")
			b.WriteString(indent)
			t = x.Next
		case *Select:
			writePrettyChoices(b, "+{", "!", x.Choices, indent, s)
			return
		case *Branch:
			writePrettyChoices(b, "&{", "?", x.Choices, indent, s)
			return
		case *Rec:
			b.WriteString("rec " + x.Var + ".\n" + indent + "  ")
			indent += "  "
			t = x.Body
		default:
			b.WriteString(leaf(t))
			return
		}
		if writeRef(b, t, s) {
			return
		}
	}
}

func writePrettyChoices(b *strings.Builder, open, sigil string, cs []Choice, indent string, s *sharing) {
	inner := indent + "  "
	b.WriteString(open)
	for i, c := range cs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n" + inner)
		writeAction(b, sigil, c.Peer, c.Msg)
		b.WriteByte(';')
		if name, ok := s.name(c.Next); ok {
			b.WriteString(" " + name)
			continue
		}
		switch c.Next.(type) {
		case *End, *Var:
			b.WriteString(" " + leaf(c.Next))
		default:
			b.WriteString("\n" + inner + "  ")
			writePretty(b, c.Next, inner+"  ", s)
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
//
// The continuations that Session names are type aliases here: the type
// is followed by one line per alias, `type K1 = T1;`.
func Rust(t Type) string {
	return rustText(t, "", "")
}

// RustDecl renders t as Rust declarations in the seed's form, for the
// participant whose Rust identifier is ident: `type ident_Local = T;`
// followed by one line `type ident_K1 = T1;` per shared continuation, so
// the aliases of several roles do not collide.
func RustDecl(ident string, t Type) string {
	return rustText(t, ident+"_Local", ident+"_")
}

// rustText writes t, preceded by "type decl = " and followed by ";" when
// decl is not empty, then its aliases, whose names start with prefix.
func rustText(t Type, decl, prefix string) string {
	var b strings.Builder
	s := newSharing(t)
	if decl != "" {
		b.WriteString("type " + decl + " = ")
	}
	writeRust(&b, t, s, prefix)
	if decl != "" {
		b.WriteByte(';')
	}
	s.definitions(func(name string, body Type) {
		b.WriteString("\ntype " + prefix + name + " = ")
		writeRust(&b, body, s, prefix)
		b.WriteByte(';')
	})
	return b.String()
}

// writeRust writes t itself, and its continuations by alias when they are
// definitions.
func writeRust(b *strings.Builder, t Type, s *sharing, prefix string) {
	next := func(t Type) {
		if name, ok := s.name(t); ok {
			b.WriteString(prefix + name)
			return
		}
		writeRust(b, t, s, prefix)
	}
	switch x := t.(type) {
	case *Send:
		writeRustComm(b, "Send<", x.To, x.Msg.Name)
		next(x.Next)
		b.WriteByte('>')
	case *Recv:
		writeRustComm(b, "Receive<", x.From, x.Msg.Name)
		next(x.Next)
		b.WriteByte('>')
	case *Select:
		writeRustChoices(b, "Select<", x.Choices, next)
	case *Branch:
		writeRustChoices(b, "Branch<", x.Choices, next)
	case *Rec:
		b.WriteString("Rec<" + x.Var + ", ")
		next(x.Body)
		b.WriteByte('>')
	case *Var:
		b.WriteString("Var<" + x.Name + ">")
	case *End:
		b.WriteString("End")
	default:
		b.WriteString(leaf(t))
	}
}

// writeRustComm writes "Send<R, M, " or "Receive<R, M, ".
func writeRustComm(b *strings.Builder, open, peer, msg string) {
	b.WriteString(open)
	b.WriteString(peer)
	b.WriteString(", ")
	b.WriteString(msg)
	b.WriteString(", ")
}

func writeRustChoices(b *strings.Builder, open string, cs []Choice, next func(Type)) {
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
		next(c.Next)
	}
	b.WriteString("}>")
}
