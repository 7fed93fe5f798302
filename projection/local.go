package projection

import "github.com/choreo-lang/choreo/analysis/global"

// Type is a local session type (SEMANTICS §3): what one role does.
// Concrete types: *End, *Send, *Recv, *Select, *Branch, *Rec, *Var.
// Types are immutable once built and may share subtrees: a projected type
// is a DAG (the continuation after a choice is shared by every branch), so
// a consumer that walks every path should memoize by pointer.
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
	Origin int   // global.Send.ID this action projects (0 when parsed from text)
	Merged []int // IDs of further global sends merged into this action, ascending; nil when none
	Next   Type
}

// Recv is ?From.Msg; Next.
type Recv struct {
	From   string
	Msg    Message
	Origin int
	Merged []int
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
	Merged []int
	Next   Type
}

// Select is an internal choice +{ !R.M; T, ... }: this role decides.
// Projection builds a Select only with two or more choices (one alternative
// is a Send).
type Select struct {
	Choices []Choice
}

// Branch is an external choice &{ ?R.M; T, ... }: another role decides.
// Projection builds a Branch only with two or more choices (one alternative
// is a Recv).
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
