package projection

import (
	"slices"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/diag"
)

// diagSummary is a diagnostic reduced to what the table tests compare: its
// code and the role it names.
type diagSummary struct {
	code diag.Code
	role string
}

func summarize(ds []diag.Diagnostic) []diagSummary {
	var out []diagSummary
	for _, d := range ds {
		role, _, _ := strings.Cut(strings.TrimPrefix(d.Message, "role "), " ")
		out = append(out, diagSummary{d.Code, role})
	}
	return out
}

// projectCase is a protocol built directly with its expected projections.
type projectCase struct {
	name  string
	build func(b *builder) *global.Protocol
	want  map[string]string // role → Session
	diags []diagSummary
}

// projectCases are the hand-written cases, from the definitions of
// SEMANTICS §3 and the known hard cases of the MPST literature.
func projectCases() []projectCase {
	return []projectCase{
		{
			name: "seed example",
			build: func(b *builder) *global.Protocol {
				return protocol("A B", b.send("A", "B", "Msg(data: Vec<u8>)"), b.send("B", "A", "Ack(code: u32)"))
			},
			want: map[string]string{
				"A": "!B.Msg(data: Vec<u8>); ?B.Ack(code: u32); end",
				"B": "?A.Msg(data: Vec<u8>); !A.Ack(code: u32); end",
			},
		},
		{
			name: "choice told to every role",
			build: func(b *builder) *global.Protocol {
				return protocol("Buyer Seller Shipper",
					b.send("Buyer", "Seller", "Bid(amount: u64)"),
					b.choice("Seller",
						b.branch("accept",
							b.send("Seller", "Buyer", "Accepted"),
							b.send("Seller", "Shipper", "Ship"),
							b.send("Shipper", "Buyer", "Tracking")),
						b.branch("reject",
							b.send("Seller", "Buyer", "Rejected"),
							b.send("Seller", "Shipper", "Cancel"))))
			},
			want: map[string]string{
				"Buyer":   "!Seller.Bid(amount: u64); &{ ?Seller.Accepted; ?Shipper.Tracking; end, ?Seller.Rejected; end }",
				"Seller":  "?Buyer.Bid(amount: u64); +{ !Buyer.Accepted; !Shipper.Ship; end, !Buyer.Rejected; !Shipper.Cancel; end }",
				"Shipper": "&{ ?Seller.Ship; !Buyer.Tracking; end, ?Seller.Cancel; end }",
			},
		},
		{
			name: "third role told of only one branch is unaware",
			build: func(b *builder) *global.Protocol {
				return protocol("A B C", b.choice("A",
					b.branch("x", b.send("A", "B", "X"), b.send("A", "C", "Info")),
					b.branch("y", b.send("A", "B", "Y"))))
			},
			want: map[string]string{
				"A": "+{ !B.X; !C.Info; end, !B.Y; end }",
				"B": "&{ ?A.X; end, ?A.Y; end }",
				"C": "?A.Info; end",
			},
			diags: []diagSummary{{CodeUnawareRole, "C"}},
		},
		{
			name: "role that stops early in one branch is unaware",
			build: func(b *builder) *global.Protocol {
				return protocol("A B C", b.choice("A",
					b.branch("x", b.send("A", "B", "X"), b.send("A", "C", "M"), b.send("A", "C", "N")),
					b.branch("y", b.send("A", "B", "Y"), b.send("A", "C", "M"))))
			},
			want: map[string]string{
				"A": "+{ !B.X; !C.M; !C.N; end, !B.Y; !C.M; end }",
				"B": "&{ ?A.X; end, ?A.Y; end }",
				"C": "?A.M; ?A.N; end",
			},
			diags: []diagSummary{{CodeUnawareRole, "C"}},
		},
		{
			name: "third role sending in one branch and receiving in the other",
			build: func(b *builder) *global.Protocol {
				return protocol("A B C", b.choice("A",
					b.branch("x", b.send("A", "B", "X"), b.send("C", "B", "Hi")),
					b.branch("y", b.send("A", "B", "Y"), b.send("B", "C", "Ho"))))
			},
			want: map[string]string{
				"A": "+{ !B.X; end, !B.Y; end }",
				"B": "&{ ?A.X; ?C.Hi; end, ?A.Y; !C.Ho; end }",
				"C": "!B.Hi; end",
			},
			diags: []diagSummary{{CodeUnmergeable, "C"}},
		},
		{
			name: "receive-union merging of a role told by another role",
			build: func(b *builder) *global.Protocol {
				return protocol("A B C", b.choice("A",
					b.branch("x", b.send("A", "B", "X"), b.send("B", "C", "Go"), b.send("B", "C", "P")),
					b.branch("y", b.send("A", "B", "Y"), b.send("B", "C", "Go"), b.send("B", "C", "Q"))))
			},
			want: map[string]string{
				"A": "+{ !B.X; end, !B.Y; end }",
				"B": "&{ ?A.X; !C.Go; !C.P; end, ?A.Y; !C.Go; !C.Q; end }",
				"C": "?B.Go; &{ ?B.P; end, ?B.Q; end }",
			},
		},
		{
			name: "receiving from two different senders across branches",
			build: func(b *builder) *global.Protocol {
				return protocol("A B C", b.choice("A",
					b.branch("x", b.send("A", "B", "X"), b.send("A", "C", "P")),
					b.branch("y", b.send("A", "B", "Y"), b.send("B", "C", "Q"))))
			},
			want: map[string]string{
				"A": "+{ !B.X; !C.P; end, !B.Y; end }",
				"B": "&{ ?A.X; end, ?A.Y; !C.Q; end }",
				"C": "?A.P; end",
			},
			diags: []diagSummary{{CodeUnmergeable, "C"}},
		},
		{
			name: "identical sends of an uninformed role merge",
			build: func(b *builder) *global.Protocol {
				return protocol("A B C", b.choice("A",
					b.branch("x", b.send("A", "B", "X"), b.send("C", "B", "P")),
					b.branch("y", b.send("A", "B", "Y"), b.send("C", "B", "P"))))
			},
			want: map[string]string{
				"A": "+{ !B.X; end, !B.Y; end }",
				"B": "&{ ?A.X; ?C.P; end, ?A.Y; ?C.P; end }",
				"C": "!B.P; end",
			},
		},
		{
			name: "different sends of an uninformed role",
			build: func(b *builder) *global.Protocol {
				return protocol("A B C", b.choice("A",
					b.branch("x", b.send("A", "B", "X"), b.send("C", "B", "P")),
					b.branch("y", b.send("A", "B", "Y"), b.send("C", "B", "Q"))))
			},
			want: map[string]string{
				"A": "+{ !B.X; end, !B.Y; end }",
				"B": "&{ ?A.X; ?C.P; end, ?A.Y; ?C.Q; end }",
				"C": "!B.P; end",
			},
			diags: []diagSummary{{CodeUnmergeable, "C"}},
		},
		{
			name: "same message with different payloads does not merge",
			build: func(b *builder) *global.Protocol {
				return protocol("A B C", b.choice("A",
					b.branch("x", b.send("A", "B", "X"), b.send("B", "C", "P(u8)")),
					b.branch("y", b.send("A", "B", "Y"), b.send("B", "C", "P(u16)"))))
			},
			want: map[string]string{
				"A": "+{ !B.X; end, !B.Y; end }",
				"B": "&{ ?A.X; !C.P(u8); end, ?A.Y; !C.P(u16); end }",
				"C": "?B.P(u8); end",
			},
			diags: []diagSummary{{CodeUnmergeable, "C"}},
		},
		{
			name: "nested choice of another role",
			build: func(b *builder) *global.Protocol {
				return protocol("A B C", b.choice("A",
					b.branch("x", b.send("A", "B", "X"),
						b.choice("B",
							b.branch("u", b.send("B", "C", "U")),
							b.branch("v", b.send("B", "C", "V")))),
					b.branch("y", b.send("A", "B", "Y"), b.send("B", "C", "W"))))
			},
			want: map[string]string{
				"A": "+{ !B.X; end, !B.Y; end }",
				"B": "&{ ?A.X; +{ !C.U; end, !C.V; end }, ?A.Y; !C.W; end }",
				"C": "&{ ?B.U; end, ?B.V; end, ?B.W; end }",
			},
		},
		{
			name: "nested choice of the same decider flattens",
			build: func(b *builder) *global.Protocol {
				return protocol("A B", b.choice("A",
					b.branch("x", b.choice("A",
						b.branch("u", b.send("A", "B", "U")),
						b.branch("v", b.send("A", "B", "V")))),
					b.branch("y", b.send("A", "B", "W"))))
			},
			want: map[string]string{
				"A": "+{ !B.U; end, !B.V; end, !B.W; end }",
				"B": "&{ ?A.U; end, ?A.V; end, ?A.W; end }",
			},
		},
		{
			name: "choice in the middle of a block continues with the rest",
			build: func(b *builder) *global.Protocol {
				return protocol("A B C",
					b.choice("A",
						b.branch("x", b.send("A", "B", "X")),
						b.branch("y", b.send("A", "B", "Y"))),
					b.send("B", "C", "Done"))
			},
			want: map[string]string{
				"A": "+{ !B.X; end, !B.Y; end }",
				"B": "&{ ?A.X; !C.Done; end, ?A.Y; !C.Done; end }",
				"C": "?B.Done; end",
			},
		},
		{
			name: "rec with a choice; an uninvolved role ends",
			build: func(b *builder) *global.Protocol {
				return protocol("A B C", b.rec("L", b.choice("A",
					b.branch("more", b.send("A", "B", "More"), b.send("B", "A", "Ack"), b.cont("L")),
					b.branch("stop", b.send("A", "B", "Stop")))))
			},
			want: map[string]string{
				"A": "rec L. +{ !B.More; ?B.Ack; L, !B.Stop; end }",
				"B": "rec L. &{ ?A.More; !A.Ack; L, ?A.Stop; end }",
				"C": "end",
			},
			diags: []diagSummary{},
		},
		{
			// rec L. T is its unfolding T[L := rec L. T], so a branch that
			// starts with a loop starts with the loop's first message.
			name: "branch starting with a loop: the decider's first send is inside the rec",
			build: func(b *builder) *global.Protocol {
				return protocol("A B", b.choice("A",
					b.branch("x", b.rec("L", b.send("A", "B", "M"), b.cont("L"))),
					b.branch("y", b.send("A", "B", "N"))))
			},
			want: map[string]string{
				"A": "+{ !B.M; rec L. !B.M; L, !B.N; end }",
				"B": "&{ ?A.M; rec L. ?A.M; L, ?A.N; end }",
			},
		},
		{
			name: "receive-union merging of a loop with a receive from the same sender",
			build: func(b *builder) *global.Protocol {
				return protocol("A B C", b.choice("A",
					b.branch("x", b.send("A", "B", "X"), b.rec("L", b.send("B", "C", "M"), b.cont("L"))),
					b.branch("y", b.send("A", "B", "Y"), b.send("B", "C", "N"))))
			},
			want: map[string]string{
				"A": "+{ !B.X; end, !B.Y; end }",
				"B": "&{ ?A.X; rec L. !C.M; L, ?A.Y; !C.N; end }",
				"C": "&{ ?B.M; rec L. ?B.M; L, ?B.N; end }",
			},
		},
		{
			name: "a loop against a receive of its own first message still conflicts later",
			build: func(b *builder) *global.Protocol {
				return protocol("A B C", b.choice("A",
					b.branch("x", b.send("A", "B", "X"), b.rec("L", b.send("B", "C", "M"), b.cont("L"))),
					b.branch("y", b.send("A", "B", "Y"), b.send("B", "C", "M"), b.send("C", "B", "Done"))))
			},
			want: map[string]string{
				"A": "+{ !B.X; end, !B.Y; end }",
				"B": "&{ ?A.X; rec L. !C.M; L, ?A.Y; !C.M; ?C.Done; end }",
				"C": "?B.M; rec L. ?B.M; L",
			},
			diags: []diagSummary{{CodeUnmergeable, "C"}},
		},
		{
			// Two `loop forever` in different branches get different labels.
			name: "equal loops under different labels merge",
			build: func(b *builder) *global.Protocol {
				return protocol("A B C", b.choice("A",
					b.branch("x", b.send("A", "B", "X"), b.rec("K", b.send("B", "C", "M"), b.cont("K"))),
					b.branch("y", b.send("A", "B", "Y"), b.rec("L", b.send("B", "C", "M"), b.cont("L")))))
			},
			want: map[string]string{
				"A": "+{ !B.X; end, !B.Y; end }",
				"B": "&{ ?A.X; rec K. !C.M; K, ?A.Y; rec L. !C.M; L }",
				"C": "rec K. ?B.M; K",
			},
		},
		{
			name: "loops that part after a common prefix merge by receive union",
			build: func(b *builder) *global.Protocol {
				return protocol("A B C", b.choice("A",
					b.branch("x", b.send("A", "B", "X"), b.rec("K", b.send("B", "C", "M"), b.cont("K"))),
					b.branch("y", b.send("A", "B", "Y"), b.rec("L", b.send("B", "C", "M"), b.send("B", "C", "N"), b.cont("L")))))
			},
			want: map[string]string{
				"A": "+{ !B.X; end, !B.Y; end }",
				"B": "&{ ?A.X; rec K. !C.M; K, ?A.Y; rec L. !C.M; !C.N; L }",
				"C": "?B.M; &{ ?B.M; rec K. ?B.M; K, ?B.N; rec L. ?B.M; ?B.N; L }",
			},
		},
		{
			name: "equal loops that differ in direction do not merge",
			build: func(b *builder) *global.Protocol {
				return protocol("A B C", b.choice("A",
					b.branch("x", b.send("A", "B", "X"), b.rec("K", b.send("B", "C", "M"), b.cont("K"))),
					b.branch("y", b.send("A", "B", "Y"), b.rec("L", b.send("C", "B", "M"), b.cont("L")))))
			},
			want: map[string]string{
				"A": "+{ !B.X; end, !B.Y; end }",
				"B": "&{ ?A.X; rec K. !C.M; K, ?A.Y; rec L. ?C.M; L }",
				"C": "rec K. ?B.M; K", // the left operand is kept
			},
			diags: []diagSummary{{CodeUnmergeable, "C"}},
		},
		{
			name: "rec followed by statements; a role only after the rec",
			build: func(b *builder) *global.Protocol {
				return protocol("A B C",
					b.rec("L", b.choice("A",
						b.branch("more", b.send("A", "B", "More"), b.cont("L")),
						b.branch("stop", b.send("A", "B", "Stop")))),
					b.send("B", "C", "Done"))
			},
			want: map[string]string{
				"A": "rec L. +{ !B.More; L, !B.Stop; end }",
				"B": "rec L. &{ ?A.More; L, ?A.Stop; !C.Done; end }",
				"C": "?B.Done; end",
			},
		},
		{
			name: "role told only when the loop stops",
			build: func(b *builder) *global.Protocol {
				return protocol("A B C", b.rec("L", b.choice("A",
					b.branch("more", b.send("A", "B", "More"), b.cont("L")),
					b.branch("stop", b.send("A", "B", "Stop"), b.send("A", "C", "Result")))))
			},
			want: map[string]string{
				"A": "rec L. +{ !B.More; L, !B.Stop; !C.Result; end }",
				"B": "rec L. &{ ?A.More; L, ?A.Stop; end }",
				"C": "end", // the conflict keeps the loop; a role that only loops takes no part
			},
			diags: []diagSummary{{CodeUnmergeable, "C"}},
		},
		{
			name: "role not told whether the loop goes on",
			build: func(b *builder) *global.Protocol {
				return protocol("A B C", b.rec("L",
					b.send("A", "C", "Tick"),
					b.choice("A",
						b.branch("more", b.send("A", "B", "More"), b.cont("L")),
						b.branch("stop", b.send("A", "B", "Stop")))))
			},
			want: map[string]string{
				"A": "rec L. !C.Tick; +{ !B.More; L, !B.Stop; end }",
				"B": "rec L. &{ ?A.More; L, ?A.Stop; end }",
				"C": "rec L. ?A.Tick; L",
			},
			diags: []diagSummary{{CodeUnmergeable, "C"}},
		},
		{
			name: "inner loop a role takes no part in is silent",
			build: func(b *builder) *global.Protocol {
				return protocol("A B C", b.rec("L",
					b.send("A", "C", "T"),
					b.rec("K", b.choice("A",
						b.branch("again", b.send("A", "B", "X"), b.cont("K")),
						b.branch("outer", b.send("A", "B", "Y"), b.cont("L"))))))
			},
			want: map[string]string{
				"A": "rec L. !C.T; rec K. +{ !B.X; K, !B.Y; L }",
				"B": "rec L. rec K. &{ ?A.X; K, ?A.Y; L }",
				"C": "rec L. ?A.T; L",
			},
		},
		{
			name: "shadowed rec label is renamed",
			build: func(b *builder) *global.Protocol {
				return protocol("A B", b.rec("L",
					b.send("A", "B", "M"),
					b.rec("L", b.choice("A",
						b.branch("again", b.send("A", "B", "X"), b.cont("L")),
						b.branch("out", b.send("A", "B", "Y")))),
					b.send("A", "B", "Z"),
					b.cont("L")))
			},
			want: map[string]string{
				"A": "rec L. !B.M; rec L_2. +{ !B.X; L_2, !B.Y; !B.Z; L }",
				"B": "rec L. ?A.M; rec L_2. &{ ?A.X; L_2, ?A.Y; ?A.Z; L }",
			},
		},
		{
			name: "unused rec binder is dropped",
			build: func(b *builder) *global.Protocol {
				return protocol("A B", b.rec("L", b.send("A", "B", "Once")))
			},
			want: map[string]string{"A": "!B.Once; end", "B": "?A.Once; end"},
		},
		{
			name: "statements after continue are not projected",
			build: func(b *builder) *global.Protocol {
				return protocol("A B", b.rec("L", b.send("A", "B", "M"), b.cont("L"), b.send("B", "A", "Never")))
			},
			want: map[string]string{"A": "rec L. !B.M; L", "B": "rec L. ?A.M; L"},
		},
		{
			name: "par: a role in one branch gets it",
			build: func(b *builder) *global.Protocol {
				return protocol("A B C D", b.par(
					global.Block{b.send("A", "B", "M")},
					global.Block{b.send("C", "D", "N")}))
			},
			want: map[string]string{"A": "!B.M; end", "B": "?A.M; end", "C": "!D.N; end", "D": "?C.N; end"},
		},
		{
			name: "par: a role in several branches gets them in order",
			build: func(b *builder) *global.Protocol {
				return protocol("A B C", b.par(
					global.Block{b.send("A", "B", "M")},
					global.Block{b.send("C", "A", "N")}),
					b.send("A", "C", "After"))
			},
			want: map[string]string{
				"A": "!B.M; ?C.N; !C.After; end",
				"B": "?A.M; end",
				"C": "!A.N; ?A.After; end",
			},
		},
		{
			name: "par: two branches on the same channel",
			build: func(b *builder) *global.Protocol {
				return protocol("A B", b.par(
					global.Block{b.send("A", "B", "M")},
					global.Block{b.send("A", "B", "N")}))
			},
			want:  map[string]string{"A": "!B.M; !B.N; end", "B": "?A.M; ?A.N; end"},
			diags: []diagSummary{{CodeInconsistentParallel, "A"}},
		},
		{
			name: "family members are projected one by one",
			build: func(b *builder) *global.Protocol {
				return protocol("C W[2]",
					b.send("C", "W[0]", "Req"), b.send("C", "W[1]", "Req"),
					b.send("W[0]", "C", "Resp"), b.send("W[1]", "C", "Resp"))
			},
			want: map[string]string{
				"C":    "!W[0].Req; !W[1].Req; ?W[0].Resp; ?W[1].Resp; end",
				"W[0]": "?C.Req; !C.Resp; end",
				"W[1]": "?C.Req; !C.Resp; end",
			},
		},
		{
			name: "undecided loop projects its body once",
			build: func(b *builder) *global.Protocol {
				return protocol("A B C", b.loop(b.send("A", "B", "Tick")), b.send("A", "B", "Done"))
			},
			want: map[string]string{"A": "!B.Tick; !B.Done; end", "B": "?A.Tick; ?A.Done; end", "C": "end"},
		},
		{
			name: "opaque nodes are not projected",
			build: func(b *builder) *global.Protocol {
				return protocol("A B", b.send("A", "B", "M"), &global.Opaque{Kind: "heartbeat", Span: b.span()})
			},
			want: map[string]string{"A": "!B.M; end", "B": "?A.M; end"},
		},
		{
			name: "malformed model: self-send, undeclared role, empty choice, unbound continue",
			build: func(b *builder) *global.Protocol {
				return protocol("A B",
					b.send("A", "A", "Self"),
					b.send("A", "Z", "Ghost"),
					b.choice("A"),
					b.cont("Nowhere"))
			},
			want: map[string]string{"A": "!A.Self; ?A.Self; !Z.Ghost; Nowhere", "B": "Nowhere"},
		},
		{
			name: "decider branch without a first send is left out",
			build: func(b *builder) *global.Protocol {
				return protocol("A B", b.choice("A",
					b.branch("x", b.send("A", "B", "X")),
					b.branch("y", b.send("B", "A", "Y")),
					b.branch("z", b.send("A", "B", "Z"))))
			},
			want: map[string]string{
				"A": "+{ !B.X; end, !B.Z; end }",
				"B": "&{ ?A.X; end, ?A.Z; end }", // merging keeps going past the conflict
			},
			diags: []diagSummary{{CodeUnmergeable, "B"}},
		},
	}
}

func TestProject(t *testing.T) {
	for _, tt := range projectCases() {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.build(&builder{})
			got, ds := Project(p)
			if len(got) != len(p.Participants()) {
				t.Errorf("Project returned %d types, want one per participant (%d)", len(got), len(p.Participants()))
			}
			for _, r := range p.Participants() {
				if s := Session(got[r]); s != tt.want[r] {
					t.Errorf("%s:\n got %s\nwant %s", r, s, tt.want[r])
				}
			}
			if sum := summarize(ds); !slices.Equal(sum, tt.diags) && len(sum)+len(tt.diags) > 0 {
				t.Errorf("diagnostics = %v, want %v\n%v", sum, tt.diags, ds)
			}
		})
	}
}

func TestProjectUnmergeableDiagnostic(t *testing.T) {
	b := &builder{}
	hi := b.send("C", "B", "Hi")
	ho := b.send("B", "C", "Ho")
	c := b.choice("A",
		b.branch("x", b.send("A", "B", "X"), hi),
		b.branch("y", b.send("A", "B", "Y"), ho))
	_, ds := Project(protocol("A B C", c))
	if len(ds) != 1 {
		t.Fatalf("want one diagnostic, got %v", ds)
	}
	d := ds[0]
	if d.Code != CodeUnmergeable || d.Severity != diag.Error || d.Span != c.Span {
		t.Errorf("got %s %v at %v, want unmergeable error at the choice %v", d.Code, d.Severity, d.Span, c.Span)
	}
	for _, part := range []string{"role C", "`x`", "`y`", "choice at A", "!B.Hi", "?B.Ho"} {
		if !strings.Contains(d.Message, part) {
			t.Errorf("message %q does not mention %s", d.Message, part)
		}
	}
	if len(d.Related) != 2 || d.Related[0].Span != hi.Span || d.Related[1].Span != ho.Span {
		t.Errorf("related = %v, want the spans of %v and %v", d.Related, hi.Span, ho.Span)
	}
}

func TestProjectUnawareDiagnostic(t *testing.T) {
	b := &builder{}
	info := b.send("A", "C", "Info")
	silent := b.branch("y", b.send("A", "B", "Y"))
	c := b.choice("A", silent, b.branch("x", b.send("A", "B", "X"), info))
	_, ds := Project(protocol("A B C", c))
	if len(ds) != 1 {
		t.Fatalf("want one diagnostic, got %v", ds)
	}
	d := ds[0]
	if d.Code != CodeUnawareRole || d.Severity != diag.Warning || d.Span != c.Span {
		t.Errorf("got %s %v at %v, want unaware-role warning at the choice", d.Code, d.Severity, d.Span)
	}
	for _, part := range []string{"role C", "?A.Info", "branch `x`", "nothing in branch `y`"} {
		if !strings.Contains(d.Message, part) {
			t.Errorf("message %q does not mention %s", d.Message, part)
		}
	}
	if len(d.Related) != 2 || d.Related[0].Span != silent.Span || d.Related[1].Span != info.Span {
		t.Errorf("related = %v, want the silent branch %v and the send %v", d.Related, silent.Span, info.Span)
	}
}

func TestProjectNamesTheConflictingBranches(t *testing.T) {
	// The third branch conflicts with the first, not with the second.
	b := &builder{}
	c := b.choice("A",
		b.branch("one", b.send("A", "B", "X"), b.send("A", "C", "P")),
		b.branch("two", b.send("A", "B", "Y")),
		b.branch("three", b.send("A", "B", "Z"), b.send("B", "C", "Q")))
	_, ds := Project(protocol("A B C", c))
	if len(ds) != 1 || !strings.Contains(ds[0].Message, "branch `one` from branch `three`") {
		t.Fatalf("want one unmergeable diagnostic naming `one` and `three`, got %v", ds)
	}
}

func TestProjectMergedOrigins(t *testing.T) {
	b := &builder{}
	go1, go2 := b.send("B", "C", "Go"), b.send("B", "C", "Go")
	p := protocol("A B C", b.choice("A",
		b.branch("x", b.send("A", "B", "X"), go1),
		b.branch("y", b.send("A", "B", "Y"), go2)))
	got, _ := Project(p)
	r, ok := got["C"].(*Recv)
	if !ok {
		t.Fatalf("C = %s, want a receive", Session(got["C"]))
	}
	if r.Origin != go1.ID || !slices.Equal(r.Merged, []int{go2.ID}) {
		t.Errorf("origin %d merged %v, want %d and [%d]", r.Origin, r.Merged, go1.ID, go2.ID)
	}
}

func TestProjectLabels(t *testing.T) {
	b := &builder{}
	p := protocol("A B C", b.choice("A",
		b.branch("accept", b.send("A", "B", "Yes"), b.send("B", "C", "Yes")),
		b.branch("reject", b.send("A", "B", "No"), b.send("B", "C", "No"))))
	got, _ := Project(p)
	for _, r := range []string{"A", "B", "C"} {
		var labels []string
		switch t := got[r].(type) {
		case *Select:
			for _, c := range t.Choices {
				labels = append(labels, c.Label)
			}
		case *Branch:
			for _, c := range t.Choices {
				labels = append(labels, c.Label)
			}
		}
		if !slices.Equal(labels, []string{"accept", "reject"}) {
			t.Errorf("%s: labels %v, want [accept reject]", r, labels)
		}
	}
}
