package syntax

import (
	"strconv"
	"strings"

	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/syntax/literal"
)

// This file defines the typed syntax tree: the lowering of the concrete
// tree-sitter tree into Go values. Both surface forms (layout and brace)
// lower to the same node types; Form records which one the file used.
// Every node carries its source span. Nodes are immutable once built.

// Form is the surface form of a file (LANGUAGE.md).
type Form int

// The two surface forms.
const (
	LayoutForm Form = iota // module/import/protocol ... =
	BraceForm              // #[...] / protocol Name { ... } / choreography Name { ... }
)

func (f Form) String() string {
	if f == BraceForm {
		return "brace"
	}
	return "layout"
}

// Comment is a source comment, kept for the formatter and hovers.
type Comment struct {
	Span  diag.Span
	Text  string // verbatim, including the delimiters
	Block bool   // {- -} or /* */
}

// File is a whole .choreo file.
type File struct {
	Span       diag.Span
	Form       Form
	Module     *ModuleHeader // layout form: module header, or nil
	Imports    []*Import
	Attributes []*Attribute   // brace form: #[key = value] before the protocol
	Bundles    []*ProofBundle // layout form: proof_bundle declarations
	Protocols  []*Protocol    // top-level protocols (more than one is a diagnostic)
	Topologies []*Topology    // brace form: topology blocks after the protocol
	Comments   []*Comment     // all comments in source order
}

// ModuleHeader is `module name exposing (...)`.
type ModuleHeader struct {
	Span     diag.Span
	Name     Ident
	Exposing string // raw text between the parentheses
}

// Import is `import Name [as Alias] [exposing (...)]`.
type Import struct {
	Span     diag.Span
	Name     Ident
	Alias    *Ident
	Exposing string
}

// ProofBundle is `proof_bundle Name version "v" issuer "did" constraint "c"
// requires [cap, ...]`: admission evidence a protocol names in its
// `requires` clause. Clauses left out are nil; `constraint` may be given
// several times.
type ProofBundle struct {
	Span        diag.Span
	Name        Ident
	Version     *Value  // ValueString, or nil
	Issuer      *Value  // ValueString, or nil
	Constraints []Value // in source order
	Requires    []Ident // the capabilities in `requires [...]`
}

// Topology is a brace-form `topology Name { ... }` block (deployment
// locations and constraints of the upstream toolchain): kept verbatim, not
// interpreted.
type Topology struct {
	Span diag.Span
	Name Ident
	Body string // the text between the braces, trimmed
}

// Attribute is a brace-form file attribute, e.g. #[namespace = "sync"].
type Attribute struct {
	Span  diag.Span
	Key   Ident
	Value Value
}

// Protocol is a top-level protocol or a local sub-protocol.
type Protocol struct {
	Span     diag.Span
	Prefix   []*PrefixAnnotation // @optimize, @verify(...) before a top-level protocol
	Keyword  Ident               // "protocol" or "choreography"
	Name     Ident
	Params   []*RoleDecl // roles declared in the header: protocol P (A, B) =
	Requires []Ident     // requires X, Y
	Roles    *RolesDecl  // the `roles ...` line / `roles: ...;` item, or nil
	Body     *Block      // statements after the roles declaration
	Locals   []*Protocol // `where` block (layout) or nested protocols (brace)
}

// RolesDecl is `roles A, B, F[N]`.
type RolesDecl struct {
	Span  diag.Span
	Roles []*RoleDecl
}

// RoleDecl declares one role or a role family.
type RoleDecl struct {
	Span   diag.Span
	Name   Ident
	Family *FamilySize // nil for a single role
}

// SizeKind says how a family's size is written.
type SizeKind int

// Family size spellings: F[N], F[3], F[*].
const (
	SizeSymbolic SizeKind = iota // F[N]
	SizeFixed                    // F[3]
	SizeDynamic                  // F[*]
)

// FamilySize is the bracket of a family declaration.
type FamilySize struct {
	Span   diag.Span
	Kind   SizeKind
	Symbol string // SizeSymbolic
	N      int    // SizeFixed
}

// RoleRef is a reference to a role or to members of a family.
type RoleRef struct {
	Span  diag.Span // whole reference, including the index
	Name  Ident
	Index *Index // nil when not indexed
}

// String renders the reference as written, without spaces: `A`,
// `Witness[*]`, `Witness[i]`, `Witness[2]`, `Witness[0..k]`.
func (r *RoleRef) String() string {
	x := r.Index
	if x == nil {
		return r.Name.Name
	}
	switch x.Kind {
	case IndexInt:
		return r.Name.Name + "[" + strconv.Itoa(x.N) + "]"
	case IndexSymbol:
		return r.Name.Name + "[" + x.Symbol + "]"
	case IndexRange:
		bound := func(v *Value) string {
			if v == nil {
				return ""
			}
			return strings.TrimSpace(v.Text)
		}
		return r.Name.Name + "[" + bound(x.From) + ".." + bound(x.To) + "]"
	}
	return r.Name.Name + "[*]"
}

// IndexKind distinguishes the index forms of §2.3.
type IndexKind int

// Index forms: F[*], F[2], F[i], F[0..k].
const (
	IndexAll IndexKind = iota
	IndexInt
	IndexSymbol
	IndexRange
)

// Index is the bracket after a role reference.
type Index struct {
	Span   diag.Span
	Kind   IndexKind
	N      int    // IndexInt
	Symbol string // IndexSymbol
	From   *Value // IndexRange: integer or identifier
	To     *Value
}

// Block is a sequence of statements (an indented block or a { } block).
type Block struct {
	Span  diag.Span
	Stmts []Stmt
}

// Stmt is a statement. Concrete types: *Send, *Choice, *Loop, *Rec,
// *Continue, *Par, *Call, *Handshake, *Retry, *QuorumCollect, *Heartbeat,
// *RuntimeOp.
type Stmt interface {
	StmtSpan() diag.Span
	Prefixes() []*PrefixAnnotation
}

// StmtBase holds what every statement has: its span and the prefix
// annotations (@name(args) lines, brace [@k = v]) written before it.
type StmtBase struct {
	Span   diag.Span
	Prefix []*PrefixAnnotation
}

// StmtSpan returns the statement's span (prefix annotations excluded).
func (b *StmtBase) StmtSpan() diag.Span { return b.Span }

// Prefixes returns the statement's prefix annotations.
func (b *StmtBase) Prefixes() []*PrefixAnnotation { return b.Prefix }

// PrefixAnnotation is `@name`, `@name(args)` or a brace-form `[@k = v]`.
type PrefixAnnotation struct {
	Span   diag.Span
	Name   Ident
	Args   string // raw text inside the parentheses ("" when absent)
	Value  *Value // brace-form [@k = v] entries
	Quoted bool   // [@"key with spaces" = v]: Name is the key without quotes
	Bare   bool   // [@critical]: a flag without a value (Value is the boolean true)
}

// Send is `A [annots] -> B : M`, or a broadcast `A [annots] ->* : M`.
type Send struct {
	StmtBase
	Sender              *RoleRef
	Annotations         *AnnotationList // nil when the sender has none
	Arrow               diag.Span       // the -> or ->* token
	Broadcast           bool
	Receiver            *RoleRef        // nil for a broadcast
	ReceiverAnnotations *AnnotationList // `-> B[@k = v]`: kept, not interpreted; nil when absent
	Message             *Message
}

// ChoiceStyle records which spelling introduced a choice.
type ChoiceStyle int

// Choice spellings.
const (
	ChoiceAt       ChoiceStyle = iota // choice at R
	CaseChoose                        // case choose R of
	ChoiceRAt                         // choice R at
	ChoiceBrace                       // choice R { ... }
	TimedChoice                       // timed_choice at R(d)
	TimedChoiceRAt                    // timed_choice R at(d)
)

// Choice is a choice decided by Decider.
type Choice struct {
	StmtBase
	Style    ChoiceStyle
	Decider  *RoleRef
	Timeout  *Value // TimedChoice: the duration
	Branches []*Branch
}

// Branch is one labelled branch of a choice.
type Branch struct {
	Span  diag.Span
	Label Ident
	Guard string // raw guard text of `when (...)`, "" when absent
	Body  *Block
}

// LoopKind distinguishes loop headers.
type LoopKind int

// Loop kinds (layout and brace spellings map onto the same kinds).
const (
	LoopDecide  LoopKind = iota // loop decide by R / loop (decides: R)
	LoopRepeat                  // loop repeat n / loop (count: n)
	LoopWhile                   // loop while "p" / loop (custom: "p")
	LoopForever                 // loop forever / loop { }
)

// Loop is a loop statement.
type Loop struct {
	StmtBase
	Kind      LoopKind
	Decider   *RoleRef    // LoopDecide
	Count     *Value      // LoopRepeat: integer or identifier
	Predicate string      // LoopWhile: the predicate text without quotes
	Options   []*Property // brace-form extras: fuel, yield_after, yield_when
	Body      *Block
}

// Property is a `key: value` pair (brace loop options).
type Property struct {
	Span  diag.Span
	Key   Ident
	Value Value
}

// Rec is `rec L` followed by a block.
type Rec struct {
	StmtBase
	Label Ident
	Body  *Block
}

// Continue is `continue L`.
type Continue struct {
	StmtBase
	Label Ident
}

// Par is a parallel composition: `par | ... | ...`, consecutive `branch`
// blocks, or brace `parallel { ... | ... }`.
type Par struct {
	StmtBase
	Branches []*Block
}

// Call is `call Local`.
type Call struct {
	StmtBase
	Name Ident
}

// Handshake is `handshake A <-> B : L`.
type Handshake struct {
	StmtBase
	Left, Right *RoleRef
	Label       Ident
}

// Retry is `retry n` followed by a block.
type Retry struct {
	StmtBase
	Count Value
	Body  *Block
}

// QuorumCollect is `quorum_collect F -> B min k : M`.
type QuorumCollect struct {
	StmtBase
	Family   *RoleRef
	Receiver *RoleRef
	Min      Value
	Message  *Message
}

// Heartbeat is `heartbeat A -> B every d on_missing(n) <block> body <block>`.
type Heartbeat struct {
	StmtBase
	From, To  *RoleRef
	Every     Value
	OnMissing Value
	Missing   *Block
	Body      *Block
}

// RuntimeOp is one of acquire, release, fork, join, abort, transfer,
// delegate, tag, check: kept in the tree, not projected.
type RuntimeOp struct {
	StmtBase
	Op       Ident   // the keyword
	Operands []Ident // identifiers in order (layer, variable, role, bundle, ...)
	Text     string  // the statement's source text
}

// PayloadKind says how a message payload was written (§2.5).
type PayloadKind int

// Payload spellings.
const (
	PayloadNone    PayloadKind = iota // Ping
	PayloadParen                      // Msg(data: Vec<u8>)
	PayloadBrace                      // Req { items : List String }
	PayloadOf                         // Msg of crate.a.B
	PayloadGeneric                    // Msg<Vec<u8>, Hash32>
)

// Message is a message name with its verbatim payload description.
type Message struct {
	Span        diag.Span
	Name        Ident
	PayloadKind PayloadKind
	Payload     string // text inside the delimiters, or the type path after `of`
	TypeArgs    string // `Request<String>(data)`: the type list before a ( ) or { } payload
}

// The syntax types the global model keeps (see package literal).
type (
	Ident           = literal.Ident
	AnnotationStyle = literal.AnnotationStyle
	AnnotationList  = literal.AnnotationList
	Annotation      = literal.Annotation
	ValueKind       = literal.ValueKind
	Value           = literal.Value
)

// Annotation list spellings (§2.6).
const (
	AnnotBracket     = literal.AnnotBracket     // A[k = v]
	AnnotRecordEq    = literal.AnnotRecordEq    // A { k = v }
	AnnotRecordColon = literal.AnnotRecordColon // A { k : v }
)

// Value kinds (§2.6).
const (
	ValueInvalid  = literal.ValueInvalid  // could not be read (a syntax diagnostic was reported)
	ValueString   = literal.ValueString   // "text"
	ValueInt      = literal.ValueInt      // 42
	ValueDuration = literal.ValueDuration // 500ms
	ValueBool     = literal.ValueBool     // true / false
	ValueIdent    = literal.ValueIdent    // External
	ValueIntList  = literal.ValueIntList  // [1, 0, 0]
	ValueTuple    = literal.ValueTuple    // (External, Neighbor)
)
