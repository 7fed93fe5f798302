package gen

import (
	"bytes"
	"fmt"
	"math/rand/v2"
)

// SeededProtocol returns a layout-form protocol of about lines lines (never
// fewer), deterministic in seed, with the shapes LayoutProtocol lacks: four
// roles and a role family W[N], broadcasts to the family, recursion with
// continue, and a mix of statements drawn from seed, so a corpus of
// different files can be made. The protocol has no error diagnostics.
func SeededProtocol(seed uint64, lines int) []byte {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	g := &seeded{r: r, writer: writer{buf: new(bytes.Buffer), left: lines}}
	name := fmt.Sprintf("Gen%d", seed)
	g.line("module gen_%d exposing (%s)", seed, name)
	g.line("")
	g.line("-- Generated protocol %d: %d lines.", seed, lines)
	g.line("protocol %s =", name)
	g.line("  roles R0, R1, R2, R3, W[N]")
	g.line("")
	for k := 0; g.left > 0; k++ {
		switch r.IntN(10) {
		case 0:
			g.line("  -- Phase %d", k)
		case 1, 2, 3:
			a, b := g.pair()
			g.line("  %s -> %s : Msg%d(data: Vec<u8>)", a, b, k)
		case 4, 5:
			a, b := g.pair()
			g.line("  %s { guard_capability = \"gen:step%d\"", a, k)
			g.line("     , flow_cost = %d", r.IntN(200))
			g.line("     , journal_facts = \"fact_%d\" }", k)
			g.line("    -> %s : Step%d of crate.gen.Step%d", b, k, k)
		case 6:
			g.line("  R0 -> W[*] : Job%d", k)
			g.line("  W[*] -> R0 : Result%d", k)
		case 7:
			a, b := g.pair()
			g.line("  choice at %s", a)
			g.line("    | yes%d ->", k)
			g.line("        %s -> %s : Yes%d", a, b, k)
			g.line("        %s -> %s : Ack%d", b, a, k)
			g.line("    | no%d ->", k)
			g.line("        %s -> %s : No%d", a, b, k)
		case 8:
			a, b := g.pair()
			g.line("  loop decide by %s", a)
			g.line("    %s -> %s : Item%d(bytes: Vec<u8>)", a, b, k)
			g.line("    %s -> %s : Credit%d", b, a, k)
		case 9:
			a, b := g.pair()
			g.line("  rec Retry%d", k)
			g.line("    choice at %s", a)
			g.line("      | again ->")
			g.line("          %s -> %s : Again%d", a, b, k)
			g.line("          continue Retry%d", k)
			g.line("      | stop ->")
			g.line("          %s -> %s : Stop%d", a, b, k)
		}
	}
	return g.buf.Bytes()
}

// seeded writes the lines of a SeededProtocol, drawing its choices from r.
type seeded struct {
	r *rand.Rand
	writer
}

// pair returns two distinct single roles.
func (g *seeded) pair() (string, string) {
	a := g.r.IntN(4)
	b := (a + 1 + g.r.IntN(3)) % 4
	return fmt.Sprintf("R%d", a), fmt.Sprintf("R%d", b)
}
