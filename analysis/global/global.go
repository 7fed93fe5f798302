// Package global defines the global protocol model (SEMANTICS.md §1): the
// desugared, family-expanded tree that analysis lowers a syntax tree into
// and that projection, budgets, the manifest and the runtime consume.
//
// The model is a tree of Nodes; a Block is a sequence that ends in `end`
// unless its last node is a Continue. Every node keeps the span of the
// statement it came from (a desugared node keeps the span of its source
// statement). A Protocol is immutable once analysis returns it, so it can be
// shared across goroutines.
package global

import (
	"strconv"

	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/syntax/literal"
)

// Protocol is one global protocol after lowering and desugaring.
type Protocol struct {
	Name      string
	NameSpan  diag.Span
	Span      diag.Span
	Namespace string // from `module` / #[namespace]; "" when absent
	Roles     []*Role
	Body      Block
}

// Role is a declared role or role family.
type Role struct {
	Name     string
	Span     diag.Span // the declaration
	Family   bool
	Size     int        // members of a family (1 for a single role)
	SizeFrom SizeSource // how Size was chosen (for hovers and diagnostics)
}

// SizeSource says where a family size came from.
type SizeSource int

// Family size sources.
const (
	SizeSingle  SizeSource = iota // not a family
	SizeLiteral                   // F[3]
	SizeConfig                    // F[N] / F[*] sized by configuration
	SizeDefault                   // F[N] / F[*] with the default size (3)
)

// Instances returns the role's participant names in index order: the role's
// own name for a single role, "F[0]", "F[1]", ... for a family.
func (r *Role) Instances() []string {
	if !r.Family {
		return []string{r.Name}
	}
	out := make([]string, r.Size)
	for i := range out {
		out[i] = MemberName(r.Name, i)
	}
	return out
}

// MemberName is the participant name of member i of family f: "f[i]".
func MemberName(family string, i int) string {
	return family + "[" + strconv.Itoa(i) + "]"
}

// Participants returns every participant (expanded role instance) of p in
// declaration order. These are the names that appear in sends and in local
// types.
func (p *Protocol) Participants() []string {
	var out []string
	for _, r := range p.Roles {
		out = append(out, r.Instances()...)
	}
	return out
}

// Block is a sequence of nodes.
type Block []Node

// Node is a node of the global protocol tree. Concrete types: *Send,
// *Choice, *Rec, *Continue, *Loop, *Par, *Opaque.
type Node interface {
	NodeSpan() diag.Span
}

// Origin says which source construct produced a node, for hovers and traces.
type Origin int

// Origins of sends.
const (
	FromSend       Origin = iota // A -> B : M
	FromBroadcast                // A ->* : M
	FromFamily                   // A -> F[*] / F[*] -> B expansion
	FromHandshake                // handshake A <-> B : L
	FromQuorum                   // quorum_collect
	FromLoopSignal               // Continue / Done inserted by `loop decide by`
	FromLabel                    // a branch label put on the wire (package analysis/selection)
)

// Message is a message name and its verbatim payload description.
type Message struct {
	Name    string
	Payload string // "" when the message has no payload
}

// Send is one point-to-point message.
type Send struct {
	ID       int // unique within the protocol, stable across runs of analysis on the same text
	From, To string
	Msg      Message
	Meta     *Meta // typed sender annotations; nil when the send has none
	Origin   Origin
	Span     diag.Span // the source statement
	MsgSpan  diag.Span // the message in source
}

// NodeSpan implements Node.
func (s *Send) NodeSpan() diag.Span { return s.Span }

// Meta is the validated sender metadata of a send (SEMANTICS §5). Invalid
// entries were reported by analysis and are left at their zero values.
type Meta struct {
	Annotations     *literal.AnnotationList // the source list
	Capability      string                  // guard_capability
	FlowCost        int64                   // flow_cost, or DefaultFlowCost
	FlowCostDefault bool                    // true when flow_cost was absent
	JournalFacts    string
	JournalMerge    bool
	AuditLog        string
	Leak            []string // observer classes
	LeakageBudget   []int64  // nil when absent
	Link            *Link
	Hints           map[string]literal.Value // runtime hints (parallel, priority, ...)
}

// DefaultFlowCost is charged for an annotated send without flow_cost.
const DefaultFlowCost = 100

// Link is a parsed `link` annotation (SEMANTICS §6).
type Link struct {
	Bundle  string
	Exports []string
	Imports []string
	Span    diag.Span
}

// Choice is a choice decided by one participant.
type Choice struct {
	Decider  string
	Branches []*Branch
	Timeout  string // timed_choice duration text, "" otherwise
	Span     diag.Span
}

// NodeSpan implements Node.
func (c *Choice) NodeSpan() diag.Span { return c.Span }

// Branch is one labelled branch.
type Branch struct {
	Label     string
	Guard     string
	Body      Block
	Span      diag.Span
	LabelSpan diag.Span // the label in source (the statement for a generated branch)
	Generated bool      // the branch and its label come from a desugaring (loop decide by)
}

// Rec is a recursion point `rec L`.
type Rec struct {
	Label string
	Body  Block
	Span  diag.Span
}

// NodeSpan implements Node.
func (r *Rec) NodeSpan() diag.Span { return r.Span }

// Continue jumps back to the enclosing Rec with the same label.
type Continue struct {
	Label string
	Span  diag.Span
}

// NodeSpan implements Node.
func (c *Continue) NodeSpan() diag.Span { return c.Span }

// LoopKind is the kind of a loop that is not desugared into Rec/Choice:
// loops whose exit no role decides.
type LoopKind int

// Loops kept as Loop nodes.
const (
	LoopWhile  LoopKind = iota // loop while "p"
	LoopRepeat                 // loop repeat n with a symbolic n
)

// Loop is a loop whose iteration count no role decides; the runtime bounds
// it by configuration.
type Loop struct {
	Kind      LoopKind
	Predicate string // LoopWhile
	Count     string // LoopRepeat: the symbolic count
	Body      Block
	Span      diag.Span
}

// NodeSpan implements Node.
func (l *Loop) NodeSpan() diag.Span { return l.Span }

// Par is parallel composition.
type Par struct {
	Branches []Block
	Span     diag.Span
}

// NodeSpan implements Node.
func (p *Par) NodeSpan() diag.Span { return p.Span }

// Opaque is a construct kept in the tree but not projected (heartbeat,
// runtime operations).
type Opaque struct {
	Kind string // "heartbeat", "acquire", ...
	Span diag.Span
}

// NodeSpan implements Node.
func (o *Opaque) NodeSpan() diag.Span { return o.Span }
