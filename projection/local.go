package projection

import "github.com/choreo-lang/choreo/analysis/global"

// Type is a local session type (SEMANTICS §3): what one role does.
// Concrete types: *End, *Send, *Recv, *Select, *Branch, *Rec, *Var.
// Types are immutable once built and may share subtrees.
type Type interface {
	isType()
}

// Message is a message name with its verbatim payload text.
type Message = global.Message

// End is the finished session.
type End struct{}

// Send is !To.Msg; Next.
type Send struct {
	To     string
	Msg    Message
	Origin int // global.Send.ID this action projects (0 when parsed from text)
	Next   Type
}

// Recv is ?From.Msg; Next.
type Recv struct {
	From   string
	Msg    Message
	Origin int
	Next   Type
}

// Choice is one alternative of a Select or Branch, keyed by its first
// message. Label is the human branch label of the global choice ("" when
// parsed from text).
type Choice struct {
	Peer   string
	Msg    Message
	Label  string
	Origin int
	Next   Type
}

// Select is an internal choice +{ !R.M; T, ... }: this role decides.
type Select struct {
	Choices []Choice
}

// Branch is an external choice &{ ?R.M; T, ... }: another role decides.
type Branch struct {
	Choices []Choice
}

// Rec is rec X. Body.
type Rec struct {
	Var  string
	Body Type
}

// Var is a recursion variable X bound by an enclosing Rec.
type Var struct {
	Name string
}

func (*End) isType()    {}
func (*Send) isType()   {}
func (*Recv) isType()   {}
func (*Select) isType() {}
func (*Branch) isType() {}
func (*Rec) isType()    {}
func (*Var) isType()    {}
