package global

import (
	"strings"
	"testing"
)

func TestParticipants(t *testing.T) {
	p := &Protocol{Roles: []*Role{{Name: "A", Size: 1}, {Name: "W", Family: true, Size: 2}}}
	if got := strings.Join(p.Participants(), " "); got != "A W[0] W[1]" {
		t.Errorf("Participants = %s", got)
	}
}

func TestWalkAndString(t *testing.T) {
	p := &Protocol{Name: "P", Namespace: "ns", Roles: []*Role{{Name: "A", Size: 1}, {Name: "B", Size: 1}, {Name: "W", Family: true, Size: 2, SizeFrom: SizeDefault}}}
	p.Body = Block{
		&Send{ID: 1, From: "A", To: "B", Msg: Message{Name: "M", Payload: "x: u8"}},
		&Rec{Label: "L", Body: Block{
			&Choice{Decider: "A", Timeout: "5s", Branches: []*Branch{
				{Label: "more", Guard: "n > 0", Body: Block{&Send{ID: 2, From: "A", To: "B", Msg: Message{Name: "More"}, Meta: &Meta{}}, &Continue{Label: "L"}}},
				{Label: "stop", Body: Block{&Par{Branches: []Block{{&Send{ID: 3, From: "A", To: "W[0]", Msg: Message{Name: "S"}}}, {&Opaque{Kind: "heartbeat"}}}}}},
			}},
		}},
		&Loop{Kind: LoopWhile, Predicate: "p", Body: Block{&Send{ID: 4, From: "B", To: "A", Msg: Message{Name: "W"}}}},
		&Loop{Kind: LoopRepeat, Count: "n", Body: Block{&Send{ID: 5, From: "B", To: "A", Msg: Message{Name: "R"}}}},
	}
	var ids []string
	Walk(p.Body, func(n Node) {
		if s, ok := n.(*Send); ok {
			ids = append(ids, s.Msg.Name)
		}
	})
	if got := strings.Join(ids, " "); got != "M More S W R" {
		t.Errorf("Walk order = %s", got)
	}
	want := `protocol P (namespace ns)
roles A, B, W[2] (default size)
#1 A -> B : M(x: u8)
rec L
  choice at A (timeout 5s)
    | more when (n > 0)
      #2 A -> B : More {annotated}
      continue L
    | stop
      par
        |
          #3 A -> W[0] : S
        |
          heartbeat (not projected)
loop while "p"
  #4 B -> A : W
loop repeat n
  #5 B -> A : R
`
	if got := p.Body[3:].String(); got != "loop repeat n\n  #5 B -> A : R\n" {
		t.Errorf("Block.String = %q", got)
	}
	if got := p.String(); got != want {
		t.Errorf("String =\n%s\nwant\n%s", got, want)
	}
}
