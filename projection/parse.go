package projection

import (
	"fmt"
	"strings"

	"github.com/choreo-lang/choreo/diag"
)

// OnlyPeer is the peer name ParseSession gives to actions written without a
// role (`!M`, `?M`): the two-party shorthand of the session-type literature,
// where a type has exactly one partner. It is not a valid role name in a
// .choreo file, so it never collides with a declared role; `!_.M` is
// accepted as the explicit spelling and renders back identically.
const OnlyPeer = "_"

// ParseError is a syntax error in session notation. Pos locates the
// offending byte (zero-based line and column in bytes, as diag.Pos).
type ParseError struct {
	Pos diag.Pos
	Msg string
}

// Error renders the error with a one-based line:column prefix.
func (e *ParseError) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Pos.Line+1, e.Pos.Col+1, e.Msg)
}

// ParseSession parses a local type written in session notation
// (SEMANTICS §3), with the named definitions the renderings use for shared
// continuations:
//
//	S ::= T | T where D, D', …         -- named definitions after the type
//	D ::= K = T                         -- K: a name, used in place of a type
//	T ::= end | X | K | rec X. T | ( T )
//	    | A; T | A                      -- a trailing "; end" may be omitted
//	    | +{ A; T, A'; T', … }          -- internal choice: every A is a send
//	    | &{ A; T, A'; T', … }          -- external choice: every A is a receive
//	A ::= !R.M | ?R.M | !M | ?M         -- no role: the only peer (OnlyPeer)
//	M ::= Name | Name(payload)          -- payload: raw text, nested parens balanced
//
// Roles may be family members (`F[0]`). Recursion variables must be bound
// by an enclosing rec; the same variable may be rebound (inner binding wins).
// A name K stands for its definition's type at every place it is used: a
// recursion variable that the definition does not bind refers to the
// enclosing rec of each place of use, where it must be bound. A name bound
// by an enclosing rec is that variable, not a definition. Definitions may
// use each other in any order but not themselves (a loop is a rec), and
// every use of a definition is the same value, so a shared continuation
// reads back shared. Sends and receives parse to *Send and *Recv; a choice
// with a single alternative still parses to *Select or *Branch, so text
// rendered by Session parses back to an equal type.
func ParseSession(text string) (Type, error) {
	p := &parser{src: text}
	t, err := p.typ(nil)
	if err != nil {
		return nil, err
	}
	defs, err := p.definitions()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.off < len(p.src) {
		return nil, p.errorf("unexpected %s after the end of the type", p.peekToken())
	}
	return defs.resolveRoot(t)
}

type parser struct {
	src string
	off int
}

func (p *parser) pos(off int) diag.Pos {
	line := strings.Count(p.src[:off], "\n")
	col := off - (strings.LastIndexByte(p.src[:off], '\n') + 1)
	return diag.Pos{Offset: off, Line: line, Col: col}
}

func (p *parser) errorf(format string, args ...any) error {
	return &ParseError{Pos: p.pos(p.off), Msg: fmt.Sprintf(format, args...)}
}

// space skips white space and `--` / `//` line comments.
func (p *parser) space() {
	for p.off < len(p.src) {
		c := p.src[p.off]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			p.off++
		case strings.HasPrefix(p.src[p.off:], "--") || strings.HasPrefix(p.src[p.off:], "//"):
			for p.off < len(p.src) && p.src[p.off] != '\n' {
				p.off++
			}
		default:
			return
		}
	}
}

// eat consumes tok (after white space) and reports whether it was there.
func (p *parser) eat(tok string) bool {
	p.space()
	if strings.HasPrefix(p.src[p.off:], tok) {
		p.off += len(tok)
		return true
	}
	return false
}

func (p *parser) expect(tok string) error {
	if !p.eat(tok) {
		return p.errorf("expected %q, found %s", tok, p.peekToken())
	}
	return nil
}

// peekToken describes the next token for error messages.
func (p *parser) peekToken() string {
	p.space()
	if p.off >= len(p.src) {
		return "end of input"
	}
	if n := identLen(p.src[p.off:]); n > 0 {
		return fmt.Sprintf("%q", p.src[p.off:p.off+n])
	}
	return fmt.Sprintf("%q", p.src[p.off:p.off+1])
}

func isIdentByte(c byte, first bool) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || !first && '0' <= c && c <= '9'
}

func identLen(s string) int {
	n := 0
	for n < len(s) && isIdentByte(s[n], n == 0) {
		n++
	}
	return n
}

func (p *parser) ident(what string) (string, error) {
	p.space()
	n := identLen(p.src[p.off:])
	if n == 0 {
		return "", p.errorf("expected %s, found %s", what, p.peekToken())
	}
	s := p.src[p.off : p.off+n]
	p.off += n
	return s, nil
}

// typ parses T. bound lists the recursion variables in scope, innermost last.
func (p *parser) typ(bound []string) (Type, error) {
	p.space()
	switch {
	case p.off >= len(p.src):
		return nil, p.errorf("expected a type, found end of input")
	case p.eat("("):
		t, err := p.typ(bound)
		if err != nil {
			return nil, err
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		return t, nil
	case p.eat("+{"):
		return p.choices('!', bound)
	case p.eat("&{"):
		return p.choices('?', bound)
	case p.src[p.off] == '!' || p.src[p.off] == '?':
		dir := p.src[p.off]
		p.off++
		peer, msg, err := p.action()
		if err != nil {
			return nil, err
		}
		next, err := p.rest(bound)
		if err != nil {
			return nil, err
		}
		if dir == '!' {
			return &Send{To: peer, Msg: msg, Next: next}, nil
		}
		return &Recv{From: peer, Msg: msg, Next: next}, nil
	}
	start := p.off
	word, err := p.ident("a type")
	if err != nil {
		return nil, err
	}
	switch word {
	case "end":
		return &End{}, nil
	case "rec":
		v, err := p.ident("a recursion variable")
		if err != nil {
			return nil, err
		}
		if err := p.expect("."); err != nil {
			return nil, err
		}
		body, err := p.typ(append(bound[:len(bound):len(bound)], v))
		if err != nil {
			return nil, err
		}
		return &Rec{Var: v, Body: body}, nil
	}
	if word == keywordWhere {
		p.off = start
		return nil, p.errorf("expected a type, found %q", keywordWhere)
	}
	for _, b := range bound {
		if b == word {
			return &Var{Name: word}, nil
		}
	}
	// A definition's name, or a variable bound where the definition is
	// used: definitions() and resolve decide.
	return &nameRef{name: word, off: start, bound: bound}, nil
}

// rest parses the continuation after an action: "; T", or nothing (end)
// before ',', '}', ')' or the end of input.
func (p *parser) rest(bound []string) (Type, error) {
	if p.eat(";") {
		return p.typ(bound)
	}
	p.space()
	if p.off >= len(p.src) || strings.ContainsRune(",})", rune(p.src[p.off])) || p.atWord(keywordWhere) {
		return &End{}, nil
	}
	return nil, p.errorf("expected \";\" after the action, found %s", p.peekToken())
}

// action parses R.M or M after '!' or '?'.
func (p *parser) action() (peer string, msg Message, err error) {
	if p.off < len(p.src) && (p.src[p.off] == ' ' || p.src[p.off] == '\t') {
		p.space()
	}
	first, err := p.ident("a role or message name")
	if err != nil {
		return "", Message{}, err
	}
	// A family member F[i] can only be a role.
	if p.off < len(p.src) && p.src[p.off] == '[' {
		end := strings.IndexByte(p.src[p.off:], ']')
		if end < 0 {
			return "", Message{}, p.errorf("unclosed \"[\" in role name")
		}
		first += p.src[p.off : p.off+end+1]
		p.off += end + 1
		if p.off >= len(p.src) || p.src[p.off] != '.' {
			return "", Message{}, p.errorf("expected \".\" and a message after role %q", first)
		}
	}
	if p.off < len(p.src) && p.src[p.off] == '.' {
		p.off++
		peer = first
		if msg.Name, err = p.ident("a message name"); err != nil {
			return "", Message{}, err
		}
	} else {
		peer, msg.Name = OnlyPeer, first
	}
	if p.off < len(p.src) && p.src[p.off] == '(' {
		if msg.Payload, err = p.payload(); err != nil {
			return "", Message{}, err
		}
	}
	return peer, msg, nil
}

// payload reads "(text)" with balanced nested parentheses and returns text.
func (p *parser) payload() (string, error) {
	open := p.off
	depth := 0
	for i := p.off; i < len(p.src); i++ {
		switch p.src[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				p.off = i + 1
				return p.src[open+1 : i], nil
			}
		}
	}
	return "", p.errorf("unclosed \"(\" in payload")
}

// choices parses the alternatives of +{…} (dir '!') or &{…} (dir '?') after
// the opening brace.
func (p *parser) choices(dir byte, bound []string) (Type, error) {
	var cs []Choice
	for {
		p.space()
		if p.off >= len(p.src) || p.src[p.off] != dir {
			kind := "an internal choice +{…} needs sends (!)"
			if dir == '?' {
				kind = "an external choice &{…} needs receives (?)"
			}
			return nil, p.errorf("%s, found %s", kind, p.peekToken())
		}
		p.off++
		peer, msg, err := p.action()
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if c.Peer == peer && c.Msg.Name == msg.Name {
				return nil, p.errorf("duplicate alternative %s.%s", peer, msg.Name)
			}
		}
		next, err := p.rest(bound)
		if err != nil {
			return nil, err
		}
		cs = append(cs, Choice{Peer: peer, Msg: msg, Next: next})
		if p.eat(",") {
			if p.eat("}") { // trailing comma
				break
			}
			continue
		}
		if err := p.expect("}"); err != nil {
			return nil, err
		}
		break
	}
	if dir == '!' {
		return &Select{Choices: cs}, nil
	}
	return &Branch{Choices: cs}, nil
}

// CanonicalPayload returns payload text in the form used to decide whether
// two payloads are the same, by merging and by compatibility alike: a
// payload is the list of its field types, compared structurally, and the
// names of its fields are not part of a message's identity (as in nuScr:
// `Data(x: int)` and `Data(y: int)` are one message). So a top-level
// `name :` before a field's type is dropped, white space is dropped except
// a single space between two words, and the Rust path separator "::" is
// written ".", so `crate::m::T`, `crate.m.T` (the `of` form) and
// `crate.m.T ` are one payload. Payload text is otherwise not interpreted.
func CanonicalPayload(s string) string {
	s = strings.ReplaceAll(s, "::", ".")
	fields := splitFields(s)
	for i, f := range fields {
		fields[i] = squeezeSpace(dropFieldName(f))
	}
	return strings.Join(fields, ",")
}

// splitFields splits payload text at its top-level commas.
func splitFields(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[', '{', '<':
			depth++
		case ')', ']', '}', '>':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// dropFieldName returns the type of a field written `name : Type` (a name,
// then a colon before any bracket), or f itself.
func dropFieldName(f string) string {
	t := strings.TrimSpace(f)
	i := 0
	for i < len(t) && isIdentByte(t[i], i == 0) {
		i++
	}
	if i == 0 {
		return f
	}
	rest := strings.TrimLeft(t[i:], " \t\r\n")
	if !strings.HasPrefix(rest, ":") {
		return f
	}
	return rest[1:]
}

// squeezeSpace drops white space except a single space between two words.
func squeezeSpace(s string) string {
	var b strings.Builder
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			space = true
			continue
		}
		if space && b.Len() > 0 && isIdentByte(b.String()[b.Len()-1], false) && isIdentByte(c, false) {
			b.WriteByte(' ')
		}
		space = false
		b.WriteByte(c)
	}
	return b.String()
}
