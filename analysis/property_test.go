package analysis

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/analysis/selection"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/internal/gen/globalgen"
	"github.com/choreo-lang/choreo/projection"
)

// roleDecls prints p's role declarations, comma-separated, in both forms'
// spelling (F[3] for a family of three).
func roleDecls(p *global.Protocol) string {
	decls := make([]string, len(p.Roles))
	for i, r := range p.Roles {
		decls[i] = r.Name
		if r.Family {
			decls[i] += "[" + strconv.Itoa(r.Size) + "]"
		}
	}
	return strings.Join(decls, ", ")
}

// layoutSource prints a global model as layout-form source text.
func layoutSource(p *global.Protocol) string {
	var b strings.Builder
	b.WriteString("module gen exposing (" + p.Name + ")\n\nprotocol " + p.Name + " =\n  roles ")
	b.WriteString(roleDecls(p))
	b.WriteString("\n\n")
	printLayout(&b, p.Body, "  ")
	return b.String()
}

func printLayout(b *strings.Builder, blk global.Block, ind string) {
	for _, n := range blk {
		switch n := n.(type) {
		case *global.Send:
			b.WriteString(ind + n.From + " -> " + n.To + " : " + n.Msg.Name)
			if n.Msg.Payload != "" {
				b.WriteString("(" + n.Msg.Payload + ")")
			}
			b.WriteByte('\n')
		case *global.Choice:
			b.WriteString(ind + "choice at " + n.Decider + "\n")
			for _, br := range n.Branches {
				b.WriteString(ind + "  | " + br.Label + " ->\n")
				printLayout(b, br.Body, ind+"      ")
			}
		case *global.Rec:
			b.WriteString(ind + "rec " + n.Label + "\n")
			printLayout(b, n.Body, ind+"  ")
		case *global.Continue:
			b.WriteString(ind + "continue " + n.Label + "\n")
		case *global.Par:
			b.WriteString(ind + "par\n")
			for _, br := range n.Branches {
				b.WriteString(ind + "  |\n")
				printLayout(b, br, ind+"      ")
			}
		}
	}
}

// braceSource prints a global model as brace-form source text.
func braceSource(p *global.Protocol) string {
	var b strings.Builder
	b.WriteString("#[namespace = \"gen\"]\nprotocol " + p.Name + " {\n    roles: ")
	b.WriteString(roleDecls(p))
	b.WriteString(";\n")
	printBrace(&b, p.Body, "    ")
	b.WriteString("}\n")
	return b.String()
}

func printBrace(b *strings.Builder, blk global.Block, ind string) {
	for _, n := range blk {
		switch n := n.(type) {
		case *global.Send:
			b.WriteString(ind + n.From + " -> " + n.To + ": " + n.Msg.Name)
			if n.Msg.Payload != "" {
				b.WriteString("(" + n.Msg.Payload + ")")
			}
			b.WriteString(";\n")
		case *global.Choice:
			b.WriteString(ind + "choice " + n.Decider + " {\n")
			for _, br := range n.Branches {
				b.WriteString(ind + "    " + br.Label + ": {\n")
				printBrace(b, br.Body, ind+"        ")
				b.WriteString(ind + "    }\n")
			}
			b.WriteString(ind + "}\n")
		case *global.Rec:
			b.WriteString(ind + "rec " + n.Label + " {\n")
			printBrace(b, n.Body, ind+"    ")
			b.WriteString(ind + "}\n")
		case *global.Continue:
			b.WriteString(ind + "continue " + n.Label + ";\n")
		case *global.Par:
			b.WriteString(ind + "parallel {\n")
			for i, br := range n.Branches {
				if i > 0 {
					b.WriteString(ind + "|\n")
				}
				printBrace(b, br, ind+"    ")
			}
			b.WriteString(ind + "}\n")
		}
	}
}

var sendIDs = regexp.MustCompile(`(?m)^(\s*)#[0-9]+ `)

// TestLoweringRoundTrip draws well-formed global protocols, prints them as
// source in both forms, analyses the text and checks: no error is
// reported; lowering gives back the same model from either form; send ids are unique and every send is between
// two distinct participants; every participant is projected, and every
// send appears in the sender's and the receiver's local types; analysis is
// deterministic.
func TestLoweringRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		want := globalgen.Generator(globalgen.Options{Family: true}).Draw(t, "protocol")
		src := layoutSource(want)
		in := Input{Filename: "gen.choreo", Src: []byte(src), Config: config.Default()}
		res := Analyze(context.Background(), in)
		for _, d := range res.Diagnostics {
			if d.Severity == diag.Error || d.Code == CodeUnawareRole {
				t.Fatalf("%s\n%s", d, src)
			}
		}
		brace := braceSource(want)
		want.Namespace = "gen"
		selection.Apply(want, selection.Analyze(want), 1<<30) // the labels go on the wire (ids are not compared)
		w := sendIDs.ReplaceAllString(want.String(), "$1")
		if g := sendIDs.ReplaceAllString(res.Protocol.String(), "$1"); w != g {
			t.Fatalf("lowering changed the model:\nsource:\n%s\nwant:\n%s\ngot:\n%s", src, w, g)
		}
		bres := Analyze(context.Background(), Input{Filename: "gen.choreo", Src: []byte(brace), Config: config.Default()})
		if diag.HasErrors(bres.Diagnostics) {
			t.Fatalf("brace form: %v\n%s", bres.Diagnostics, brace)
		}
		if g := sendIDs.ReplaceAllString(bres.Protocol.String(), "$1"); w != g {
			t.Fatalf("the brace form lowers differently:\nsource:\n%s\nwant:\n%s\ngot:\n%s", brace, w, g)
		}

		parts := make(map[string]bool)
		for _, p := range res.Protocol.Participants() {
			parts[p] = true
		}
		ids := make(map[int]*global.Send)
		global.Walk(res.Protocol.Body, func(n global.Node) {
			s, ok := n.(*global.Send)
			if !ok {
				return
			}
			if ids[s.ID] != nil {
				t.Fatalf("send id %d used twice", s.ID)
			}
			ids[s.ID] = s
			if s.From == s.To || !parts[s.From] || !parts[s.To] {
				t.Fatalf("bad send #%d %s -> %s", s.ID, s.From, s.To)
			}
		})
		sent, received := make(map[int]bool), make(map[int]bool)
		for p := range parts {
			lt := res.Projections[p]
			if lt == nil {
				t.Fatalf("no projection for %s", p)
			}
			collectOrigins(lt, sent, received, make(map[projection.Type]bool))
		}
		for id, s := range ids {
			if !sent[id] || !received[id] {
				t.Fatalf("send #%d %s -> %s : %s is missing from a local type (sent %v, received %v)", id, s.From, s.To, s.Msg.Name, sent[id], received[id])
			}
		}

		again := Analyze(context.Background(), in)
		if again.Protocol.String() != res.Protocol.String() || len(again.Diagnostics) != len(res.Diagnostics) {
			t.Fatal("analysis is not deterministic")
		}
	})
}

// collectOrigins records the global send ids that t's actions project.
func collectOrigins(t projection.Type, sent, received map[int]bool, seen map[projection.Type]bool) {
	if seen[t] {
		return
	}
	seen[t] = true
	switch t := t.(type) {
	case *projection.Send:
		sent[t.Origin] = true
		collectOrigins(t.Next, sent, received, seen)
	case *projection.Recv:
		received[t.Origin] = true
		collectOrigins(t.Next, sent, received, seen)
	case *projection.Select:
		for _, c := range t.Choices {
			sent[c.Origin] = true
			collectOrigins(c.Next, sent, received, seen)
		}
	case *projection.Branch:
		for _, c := range t.Choices {
			received[c.Origin] = true
			collectOrigins(c.Next, sent, received, seen)
		}
	case *projection.Rec:
		collectOrigins(t.Body, sent, received, seen)
	}
}
