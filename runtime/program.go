package runtime

import (
	"fmt"
	"slices"
	"strings"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/projection"
)

// Op is a bytecode operation.
type Op uint8

// The instruction set. Operands A, B and C index the image's constant
// tables (participants, messages, actions) or the program's own tables
// (choice tables, rec table, code addresses); see doc.go.
const (
	OpHalt   Op = iota // finish the session
	OpSend             // send Messages[B] to Participants[A]; C = action
	OpRecv             // receive Messages[B] from Participants[A]; C = action
	OpSelect           // internal choice over Choices[A]: ask the host, then jump to the chosen alternative's send
	OpOffer            // external choice over Choices[A]: wait for one alternative's message, then jump to its receive
	OpJump             // continue at address A; B >= 0 marks a loop back into rec B
)

var opNames = [...]string{
	OpHalt:   "halt",
	OpSend:   "send",
	OpRecv:   "recv",
	OpSelect: "select",
	OpOffer:  "offer",
	OpJump:   "jump",
}

func (o Op) String() string {
	if int(o) < len(opNames) {
		return opNames[o]
	}
	return fmt.Sprintf("op(%d)", o)
}

// Instr is one instruction. Its meaning of A, B, C depends on Op.
type Instr struct {
	Op      Op
	A, B, C int32
}

// Alt is one alternative of a select or offer.
type Alt struct {
	Peer   int32  // participant index
	Msg    int32  // message index
	Label  string // branch label shown to the host ("" = use the message name)
	Action int32  // action index
	Target int32  // address of the alternative's send (select) or receive (offer)
	// Ends is true when some path of the alternative reaches halt without
	// a jump; Leaves is true when some path leaves the innermost rec
	// enclosing the choice (reaches halt or an outer rec) without looping
	// back to it. The loop bound uses them.
	Ends, Leaves bool
}

// ChoiceTable lists the alternatives of one select or offer.
type ChoiceTable struct {
	Alts  []Alt
	Scope []int32 // the recs enclosing the choice, outermost first
}

// RecInfo describes one rec binder of a program. Recs are numbered in
// pre-order, so the recs nested inside rec r are r+1 .. r+Nested.
type RecInfo struct {
	Var    string
	Entry  int32 // address of the rec body
	Nested int32
}

// Program is the compiled local type of one participant.
type Program struct {
	Role    string
	Code    []Instr
	Depth   []int32 // §7 depth of the remaining local type at each address
	Choices []ChoiceTable
	Recs    []RecInfo
}

// Action is one projected send or receive: the global send it realises,
// that send's annotations and the metadata effect commands they generate.
type Action struct {
	From, To int32 // participant indexes
	Msg      int32
	Origin   int          // global.Send.ID
	Meta     *global.Meta // nil when the send has no annotations
	// Metadata holds the StoreMetadata effect commands of the send, rendered
	// (analysis.EffectCommands); the chain's guards execute its
	// ChargeBudget and RecordLeakage commands.
	Metadata []string
}

// Image is a code image: every participant's program plus the constant
// tables they index, the global protocol and the manifest. An Image is
// immutable once built and may be run any number of times concurrently.
type Image struct {
	Protocol     *global.Protocol
	Manifest     *analysis.Manifest // nil when the image was not built from an analysis result
	Participants []string
	Messages     []global.Message
	Actions      []Action
	Programs     []*Program // indexed like Participants

	// Budget is the §7 termination budget of the compiled local types.
	Budget analysis.Budget
}

// MaxParticipants is the most participants a code image may have: a
// machine keeps a buffer and a flow budget per ordered pair of
// participants, so its memory grows with the square of their number
// (2,000 participants: 4 million pairs, about 200 MB).
const MaxParticipants = 2000

// tooManyParticipants is the error of a protocol with n > MaxParticipants
// participants, naming its largest family.
func tooManyParticipants(p *global.Protocol, n int) error {
	largest := ""
	size := 0
	for _, r := range p.Roles {
		if r.Family && r.Size > size {
			largest, size = r.Name, r.Size
		}
	}
	return fmt.Errorf("runtime: %s has %d participants (family %s has %d members), more than the %d the VM runs: it keeps a buffer for every ordered pair of participants, so memory grows with their square; give the family fewer members (families: in the run configuration or choreo.yaml)", p.Name, n, largest, size, MaxParticipants)
}

// NewImage compiles the projections of p (one local type per participant,
// as returned by projection.Project) into a code image whose budget uses
// the project configuration cfg (nil: config.Default()). Every participant
// of p must have a projection; sends are looked up by the Origin of each
// local action to find their annotations.
func NewImage(p *global.Protocol, projections map[string]projection.Type, cfg *config.Config) (*Image, error) {
	if cfg == nil {
		cfg = config.Default()
	}
	img := &Image{Protocol: p, Participants: p.Participants()}
	if n := len(img.Participants); n > MaxParticipants {
		return nil, tooManyParticipants(p, n)
	}
	img.Budget = analysis.ComputeBudget(cfg, p.Namespace, img.Participants, projections)
	c := &compiler{
		img:     img,
		roles:   make(map[string]int32, len(img.Participants)),
		msgs:    make(map[global.Message]int32),
		actions: make(map[actionKey]int32),
		sends:   make(map[int]*global.Send),
		exits:   make(map[exitKey]bool),
	}
	for i, name := range img.Participants {
		c.roles[name] = int32(i)
	}
	global.Walk(p.Body, func(n global.Node) {
		if s, ok := n.(*global.Send); ok {
			c.sends[s.ID] = s
		}
	})
	for _, name := range img.Participants {
		t, ok := projections[name]
		if !ok {
			return nil, fmt.Errorf("runtime: no projection for participant %s", name)
		}
		prog, err := c.compile(name, t)
		if err != nil {
			return nil, fmt.Errorf("runtime: compiling %s: %w", name, err)
		}
		img.Programs = append(img.Programs, prog)
	}
	return img, nil
}

// Role returns the index of participant name, or -1.
func (img *Image) Role(name string) int {
	for i, p := range img.Participants {
		if p == name {
			return i
		}
	}
	return -1
}

type actionKey struct {
	from, to, msg int32
	origin        int
}

type compiler struct {
	img     *Image
	roles   map[string]int32
	msgs    map[global.Message]int32
	actions map[actionKey]int32
	sends   map[int]*global.Send

	exits map[exitKey]bool // leavesLoop memo

	prog  *Program
	scope []recScope           // enclosing recs, innermost last
	done  map[memoKey]compiled // code already emitted for a shared subtree
}

// memoKey identifies a subtree compiled under a rec scope: projected types
// are DAGs, so a shared continuation is compiled once and jumped to.
type memoKey struct {
	t   projection.Type
	rec int32 // innermost enclosing rec, -1 when none
}

type exitKey struct {
	t           projection.Type
	loop, inner string
}

type compiled struct {
	pc, depth int32
}

type recScope struct {
	name  string
	index int32
}

func (c *compiler) compile(role string, t projection.Type) (*Program, error) {
	c.prog = &Program{Role: role}
	c.scope = c.scope[:0]
	c.done = make(map[memoKey]compiled)
	if _, err := c.emitType(t); err != nil {
		return nil, err
	}
	if err := c.prog.checkJumps(); err != nil {
		return nil, err
	}
	return c.prog, nil
}

// checkJumps rejects a chain of jumps that never reaches an action
// (unguarded recursion), which would make the VM spin.
func (p *Program) checkJumps() error {
	for pc, in := range p.Code {
		seen := 0
		for in.Op == OpJump {
			if seen++; seen > len(p.Code) {
				return fmt.Errorf("unguarded recursion at address %04d", pc)
			}
			in = p.Code[in.A]
		}
	}
	return nil
}

func (c *compiler) innermostRec() int32 {
	if len(c.scope) == 0 {
		return -1
	}
	return c.scope[len(c.scope)-1].index
}

func (c *compiler) role(name string) (int32, error) {
	i, ok := c.roles[name]
	if !ok {
		return 0, fmt.Errorf("unknown participant %q", name)
	}
	return i, nil
}

// msg interns a message by its identity (name and field types, see
// projection.CanonicalPayload): the image keeps its first spelling.
func (c *compiler) msg(m global.Message) int32 {
	key := global.Message{Name: m.Name, Payload: projection.CanonicalPayload(m.Payload)}
	if i, ok := c.msgs[key]; ok {
		return i
	}
	i := int32(len(c.img.Messages))
	c.img.Messages = append(c.img.Messages, m)
	c.msgs[key] = i
	return i
}

// action interns the action from → to : msg realising global send origin.
func (c *compiler) action(from, to, msg int32, origin int) int32 {
	k := actionKey{from, to, msg, origin}
	if i, ok := c.actions[k]; ok {
		return i
	}
	a := Action{From: from, To: to, Msg: msg, Origin: origin}
	if s := c.sends[origin]; s != nil {
		a.Meta = s.Meta
	}
	for _, e := range analysis.EffectCommands(a.Meta) {
		if e.Kind == analysis.StoreMetadata {
			a.Metadata = append(a.Metadata, e.String())
		}
	}
	i := int32(len(c.img.Actions))
	c.img.Actions = append(c.img.Actions, a)
	c.actions[k] = i
	return i
}

// emit appends an instruction with the depth of the type it starts and
// returns its address.
func (c *compiler) emit(in Instr, depth int32) int32 {
	pc := int32(len(c.prog.Code))
	c.prog.Code = append(c.prog.Code, in)
	c.prog.Depth = append(c.prog.Depth, depth)
	return pc
}

// emitType appends the code of t and returns the §7 depth of t. A subtree
// already compiled in the same rec scope becomes a jump to its code.
func (c *compiler) emitType(t projection.Type) (int32, error) {
	switch t.(type) {
	case *projection.End, *projection.Var:
		return c.emitNode(t) // as short as a jump
	}
	key := memoKey{t, c.innermostRec()}
	if done, ok := c.done[key]; ok {
		c.emit(Instr{Op: OpJump, A: done.pc, B: -1}, done.depth)
		return done.depth, nil
	}
	pc := int32(len(c.prog.Code))
	d, err := c.emitNode(t)
	if err != nil {
		return 0, err
	}
	c.done[key] = compiled{pc, d}
	return d, nil
}

func (c *compiler) emitNode(t projection.Type) (int32, error) {
	self := c.roles[c.prog.Role]
	switch t := t.(type) {
	case *projection.End:
		c.emit(Instr{Op: OpHalt}, 0)
		return 0, nil
	case *projection.Send:
		return c.emitComm(OpSend, self, t.To, t.Msg, t.Origin, t.Next)
	case *projection.Recv:
		return c.emitComm(OpRecv, self, t.From, t.Msg, t.Origin, t.Next)
	case *projection.Select:
		return c.emitChoice(OpSelect, t.Choices)
	case *projection.Branch:
		return c.emitChoice(OpOffer, t.Choices)
	case *projection.Rec:
		index := int32(len(c.prog.Recs))
		entry := int32(len(c.prog.Code))
		c.prog.Recs = append(c.prog.Recs, RecInfo{Var: t.Var, Entry: entry})
		c.scope = append(c.scope, recScope{t.Var, index})
		d, err := c.emitType(t.Body)
		c.scope = c.scope[:len(c.scope)-1]
		if err != nil {
			return 0, err
		}
		c.prog.Recs[index].Nested = int32(len(c.prog.Recs)) - index - 1
		if int(entry) < len(c.prog.Depth) {
			c.prog.Depth[entry] = d + 1 // a role back at the rec head has the whole rec ahead of it
		}
		return d + 1, nil
	case *projection.Var:
		for i := len(c.scope) - 1; i >= 0; i-- {
			if c.scope[i].name == t.Name {
				r := c.scope[i].index
				c.emit(Instr{Op: OpJump, A: c.prog.Recs[r].Entry, B: r}, 0)
				return 0, nil
			}
		}
		return 0, fmt.Errorf("unbound recursion variable %s", t.Name)
	case nil:
		return 0, fmt.Errorf("nil local type")
	default:
		return 0, fmt.Errorf("unsupported local type %T", t)
	}
}

func (c *compiler) emitComm(op Op, self int32, peerName string, m global.Message, origin int, next projection.Type) (int32, error) {
	peer, err := c.role(peerName)
	if err != nil {
		return 0, err
	}
	msg := c.msg(m)
	from, to := self, peer
	if op == OpRecv {
		from, to = peer, self
	}
	pc := c.emit(Instr{Op: op, A: peer, B: msg, C: c.action(from, to, msg, origin)}, 0)
	d, err := c.emitType(next)
	if err != nil {
		return 0, err
	}
	c.prog.Depth[pc] = d + 1
	return d + 1, nil
}

func (c *compiler) emitChoice(op Op, choices []projection.Choice) (int32, error) {
	if len(choices) == 0 {
		return 0, fmt.Errorf("%s with no alternatives", op)
	}
	table := int32(len(c.prog.Choices))
	scope := make([]int32, len(c.scope))
	for i, sc := range c.scope {
		scope[i] = sc.index
	}
	c.prog.Choices = append(c.prog.Choices, ChoiceTable{Scope: scope})
	loopVar := ""
	if len(c.scope) > 0 {
		loopVar = c.scope[len(c.scope)-1].name
	}
	pc := c.emit(Instr{Op: op, A: table}, 0)
	comm, self := OpSend, c.roles[c.prog.Role]
	if op == OpOffer {
		comm = OpRecv
	}
	alts := make([]Alt, len(choices))
	var depth int32
	for i, ch := range choices {
		peer, err := c.role(ch.Peer)
		if err != nil {
			return 0, err
		}
		target := int32(len(c.prog.Code))
		d, err := c.emitComm(comm, self, ch.Peer, ch.Msg, ch.Origin, ch.Next)
		if err != nil {
			return 0, err
		}
		depth = max(depth, d)
		alts[i] = Alt{
			Peer:   peer,
			Msg:    c.prog.Code[target].B,
			Label:  ch.Label,
			Action: c.prog.Code[target].C,
			Target: target,
			Ends:   c.leavesLoop(ch.Next, allLoops, nil),
			Leaves: c.leavesLoop(ch.Next, loopVar, nil),
		}
	}
	c.prog.Choices[table].Alts = alts
	c.prog.Depth[pc] = depth
	return depth, nil
}

// allLoops makes leavesLoop treat every jump as looping back.
const allLoops = "\x00"

// leavesLoop reports whether some path through t reaches end or jumps to
// a rec other than loop (an enclosing one) without first looping back to
// loop or to a rec bound inside t (listed in inner). With loop = allLoops
// only end counts.
func (c *compiler) leavesLoop(t projection.Type, loop string, inner []string) bool {
	key := exitKey{t, loop, strings.Join(inner, " ")}
	if v, ok := c.exits[key]; ok {
		return v
	}
	var v bool
	switch t := t.(type) {
	case *projection.End:
		v = true
	case *projection.Var:
		v = loop != allLoops && t.Name != loop && !slices.Contains(inner, t.Name)
	case *projection.Send:
		v = c.leavesLoop(t.Next, loop, inner)
	case *projection.Recv:
		v = c.leavesLoop(t.Next, loop, inner)
	case *projection.Select:
		v = c.anyLeavesLoop(t.Choices, loop, inner)
	case *projection.Branch:
		v = c.anyLeavesLoop(t.Choices, loop, inner)
	case *projection.Rec:
		v = c.leavesLoop(t.Body, loop, append(slices.Clip(inner), t.Var))
	}
	c.exits[key] = v
	return v
}

func (c *compiler) anyLeavesLoop(cs []projection.Choice, loop string, inner []string) bool {
	for _, ch := range cs {
		if c.leavesLoop(ch.Next, loop, inner) {
			return true
		}
	}
	return false
}
