package syntax

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/choreo-lang/choreo/diag"
)

// parseClean parses src and fails the test on any diagnostic.
func parseClean(t *testing.T, src string) *File {
	t.Helper()
	f, diags := ParseFile([]byte(src))
	for _, d := range diags {
		t.Errorf("unexpected diagnostic %v", d)
	}
	if len(f.Protocols) == 0 {
		t.Fatalf("no protocol lowered from:\n%s", src)
	}
	return f
}

func TestValues(t *testing.T) {
	tests := []struct {
		text string
		want Value
	}{
		{`"chat:send"`, Value{Kind: ValueString, Str: "chat:send"}},
		{`"say \"hi\" \\ \n"`, Value{Kind: ValueString, Str: `say "hi" \ \n`}},
		{`42`, Value{Kind: ValueInt, Int: 42}},
		{`500ms`, Value{Kind: ValueDuration, Duration: 500 * time.Millisecond}},
		{`5s`, Value{Kind: ValueDuration, Duration: 5 * time.Second}},
		{`2m`, Value{Kind: ValueDuration, Duration: 2 * time.Minute}},
		{`1h`, Value{Kind: ValueDuration, Duration: time.Hour}},
		{`true`, Value{Kind: ValueBool, Bool: true}},
		{`false`, Value{Kind: ValueBool}},
		{`External`, Value{Kind: ValueIdent, Str: "External"}},
		{`[1, 0, 0]`, Value{Kind: ValueIntList, Items: []Value{{Kind: ValueInt, Int: 1}, {Kind: ValueInt}, {Kind: ValueInt}}}},
		{`(External, Neighbor)`, Value{Kind: ValueTuple, Items: []Value{{Kind: ValueIdent, Str: "External"}, {Kind: ValueIdent, Str: "Neighbor"}}}},
	}
	ignore := cmpopts.IgnoreFields(Value{}, "Span", "Text")
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			f := parseClean(t, "protocol P =\n  roles A, B\n  A[k = "+tt.text+"] -> B : M\n")
			send := f.Protocols[0].Body.Stmts[0].(*Send)
			got := send.Annotations.Entries[0].Value
			if diff := cmp.Diff(tt.want, got, ignore); diff != "" {
				t.Errorf("value mismatch (-want +got):\n%s", diff)
			}
			if got.Text != tt.text {
				t.Errorf("Text = %q, want the verbatim %q", got.Text, tt.text)
			}
		})
	}
}

func TestAnnotationSpellings(t *testing.T) {
	f := parseClean(t, `protocol P =
  roles A, B, W[*]
  A[guard_capability = "x", flow_cost = 10] -> B : M
  W[*][ guard_capability = "y"
      , flow_cost = 5, ] -> A : N
  A { guard_capability = "z", flow_cost = 1 } -> B : O
  A { leak : External } -> B : P
  A[@journal_facts = "f"] -> B : Q
`)
	type entry struct {
		Key       string
		At, Colon bool
	}
	tests := []struct {
		style   AnnotationStyle
		entries []entry
		index   bool
	}{
		{AnnotBracket, []entry{{"guard_capability", false, false}, {"flow_cost", false, false}}, false},
		{AnnotBracket, []entry{{"guard_capability", false, false}, {"flow_cost", false, false}}, true},
		{AnnotRecordEq, []entry{{"guard_capability", false, false}, {"flow_cost", false, false}}, false},
		{AnnotRecordColon, []entry{{"leak", false, true}}, false},
		{AnnotBracket, []entry{{"journal_facts", true, false}}, false},
	}
	stmts := f.Protocols[0].Body.Stmts
	for i, tt := range tests {
		s := stmts[i].(*Send)
		if s.Annotations.Style != tt.style {
			t.Errorf("send %d: style %v, want %v", i, s.Annotations.Style, tt.style)
		}
		var got []entry
		for _, a := range s.Annotations.Entries {
			got = append(got, entry{a.Key.Name, a.At, a.Colon})
		}
		if diff := cmp.Diff(tt.entries, got); diff != "" {
			t.Errorf("send %d entries (-want +got):\n%s", i, diff)
		}
		if (s.Sender.Index != nil) != tt.index {
			t.Errorf("send %d: sender index %v", i, s.Sender.Index)
		}
	}
}

// equivalent ignores what differs between the two forms of one protocol:
// positions, spellings and verbatim texts.
var equivalent = cmp.Options{
	cmpopts.IgnoreTypes(diag.Span{}),
	cmpopts.IgnoreFields(Value{}, "Text"),
	cmpopts.IgnoreFields(Choice{}, "Style"),
	cmpopts.IgnoreFields(AnnotationList{}, "Style"),
	cmpopts.IgnoreFields(Annotation{}, "Colon"),
	cmpopts.IgnoreFields(RuntimeOp{}, "Text"),
	cmpopts.IgnoreFields(Protocol{}, "Keyword"),
}

func TestFormsLowerAlike(t *testing.T) {
	layout := parseClean(t, `module m exposing (Sync)

protocol Sync =
  roles A, B, W[N]
  @parallel
  A[guard_capability = "sync:delta", flow_cost = 10] -> B : Delta(data: Vec<u8>)
  B ->* : Ack
  choice at A
    | more when (n > 0) ->
        A -> B : More
        continue L
    | done ->
        call Bye
  loop decide by A
    A -> W[*] : Tick
  loop repeat 3
    A -> B : Try
  rec L
    A -> B : Again
  par
    | A -> B : Left
    | B -> A : Right
  handshake A <-> B : Hello
  check s for B into ok
where
  protocol Bye =
    A -> B : Bye
`)
	brace := parseClean(t, `protocol Sync {
    roles: A, B, W[N];
    protocol Bye { A -> B: Bye; }
    @parallel
    A[guard_capability = "sync:delta", flow_cost = 10] -> B: Delta(data: Vec<u8>);
    B ->* : Ack;
    choice A {
        more when (n > 0): { A -> B: More; continue L; }
        done: { call Bye; }
    }
    loop (decides: A) { A -> W[*]: Tick; }
    loop (count: 3) { A -> B: Try; }
    rec L { A -> B: Again; }
    parallel { A -> B: Left; | B -> A: Right; }
    handshake A <-> B : Hello;
    check s for B into ok;
}`)
	if layout.Form != LayoutForm || brace.Form != BraceForm {
		t.Errorf("forms: %v and %v", layout.Form, brace.Form)
	}
	if diff := cmp.Diff(layout.Protocols, brace.Protocols, equivalent); diff != "" {
		t.Errorf("the two forms lower differently (-layout +brace):\n%s", diff)
	}
}

func TestLowering(t *testing.T) {
	f := parseClean(t, `module aura.consensus exposing (C)
import Crypto as K exposing (sign)

-- header comment
protocol C (X, Y[3]) requires Signing =
  roles A, B
  {- block
     comment -}
  case choose A of
    yes -> A -> B : Y
    no => {}
  choice B at
    | x -> B -> A : X
  timed_choice at A(2s)
    | t -> A -> B : T
  loop while "busy"
    A -> B : Poll
  loop forever
    A -> B : Ping
  branch
    A -> B : One
  branch
    B -> A : Two
  retry n
    A -> B : Retry
  quorum_collect A -> B min 2 : Vote
  heartbeat A -> B every 1s on_missing(3)
      A -> B : Alarm
    body
      A -> B : Beat
  transfer s to B with bundle h
  A -> B : Req { items : List String }
  A -> B : Resp of crate.Response
  A -> B : Gen<Vec<u8>>
`)
	if f.Module.Name.Name != "aura.consensus" || f.Module.Exposing != "C" {
		t.Errorf("module %+v", f.Module)
	}
	if imp := f.Imports[0]; imp.Name.Name != "Crypto" || imp.Alias.Name != "K" || imp.Exposing != "sign" {
		t.Errorf("import %+v", imp)
	}
	if len(f.Comments) != 2 || f.Comments[0].Block || !f.Comments[1].Block || f.Comments[1].Text != "{- block\n     comment -}" {
		t.Errorf("comments %+v", f.Comments)
	}
	p := f.Protocols[0]
	if len(p.Params) != 2 || p.Params[1].Family.Kind != SizeFixed || p.Params[1].Family.N != 3 || p.Requires[0].Name != "Signing" {
		t.Errorf("header %+v", p)
	}
	s := p.Body.Stmts
	if c := s[0].(*Choice); c.Style != CaseChoose || c.Branches[1].Label.Name != "no" || len(c.Branches[1].Body.Stmts) != 0 {
		t.Errorf("case choose: %+v", c)
	}
	if c := s[1].(*Choice); c.Style != ChoiceRAt || c.Decider.Name.Name != "B" {
		t.Errorf("choice R at: %+v", c)
	}
	if c := s[2].(*Choice); c.Style != TimedChoice || c.Timeout.Duration != 2*time.Second {
		t.Errorf("timed choice: %+v", c)
	}
	if l := s[3].(*Loop); l.Kind != LoopWhile || l.Predicate != "busy" {
		t.Errorf("loop while: %+v", l)
	}
	if l := s[4].(*Loop); l.Kind != LoopForever {
		t.Errorf("loop forever: %+v", l)
	}
	if par := s[5].(*Par); len(par.Branches) != 2 {
		t.Errorf("consecutive branch blocks: %+v", par)
	}
	if r := s[6].(*Retry); r.Count.Kind != ValueIdent || r.Count.Str != "n" {
		t.Errorf("retry: %+v", r)
	}
	if q := s[7].(*QuorumCollect); q.Min.Int != 2 || q.Message.Name.Name != "Vote" {
		t.Errorf("quorum: %+v", q)
	}
	if h := s[8].(*Heartbeat); h.Every.Duration != time.Second || h.OnMissing.Int != 3 || len(h.Missing.Stmts) != 1 || len(h.Body.Stmts) != 1 {
		t.Errorf("heartbeat: %+v", h)
	}
	op := s[9].(*RuntimeOp)
	var operands []string
	for _, o := range op.Operands {
		operands = append(operands, o.Name)
	}
	if op.Op.Name != "transfer" || strings.Join(operands, ",") != "s,B,h" {
		t.Errorf("runtime op %q %v", op.Op.Name, operands)
	}
	payloads := []struct {
		kind PayloadKind
		text string
	}{{PayloadBrace, "items : List String"}, {PayloadOf, "crate.Response"}, {PayloadGeneric, "Vec<u8>"}}
	for i, want := range payloads {
		m := s[10+i].(*Send).Message
		if m.PayloadKind != want.kind || m.Payload != want.text {
			t.Errorf("payload %d: %v %q", i, m.PayloadKind, m.Payload)
		}
	}
}

func TestPrefixAnnotations(t *testing.T) {
	f := parseClean(t, `protocol P =
  roles A, B
  @parallel
  -- a comment between the annotation and its statement
  @runtime_timeout(5s)
  A -> B : M
  [@journal_facts = "x"] B -> A : N
`)
	s := f.Protocols[0].Body.Stmts
	if len(s) != 2 {
		t.Fatalf("%d statements", len(s))
	}
	pre := s[0].Prefixes()
	if len(pre) != 2 || pre[0].Name.Name != "parallel" || pre[1].Name.Name != "runtime_timeout" || pre[1].Args != "5s" {
		t.Errorf("prefixes of the first send: %+v", pre)
	}
	pre = s[1].Prefixes()
	if len(pre) != 1 || pre[0].Name.Name != "journal_facts" || pre[0].Value.Str != "x" {
		t.Errorf("prefixes of the second send: %+v", pre)
	}
}
