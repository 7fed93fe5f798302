package projection

import (
	"errors"
	"fmt"
	"strings"
)

// RoleType is one role's local type in a listing (see ParseSessionRoles).
type RoleType struct {
	Role string
	Type Type
}

// ParseSessionRoles parses a listing of local types in session notation,
// one per role, as `choreo project` prints them:
//
//	A: !B.Msg(data: Vec<u8>); ?B.Ack(code: u32); end
//	B: ?A.Msg(data: Vec<u8>); !A.Ack(code: u32); end
//
// An entry starts at the beginning of a line with a role's name (a family
// member such as W[0] included) and a colon; its type runs to the next
// entry, so it may span lines as the pretty notation does. Blank lines and
// comments may come before and between entries. ok is false when the text
// is not a listing (its first line that is not blank or a comment is not
// an entry): it is then one type, for ParseSession. Errors locate the
// offending byte in text.
func ParseSessionRoles(text string) (roles []RoleType, ok bool, err error) {
	type entry struct {
		role       string
		start, end int // the type's text
		line       int // zero-based line of the entry
	}
	var entries []entry
	off := 0
	for line := 0; off < len(text); line++ {
		next := strings.IndexByte(text[off:], '\n')
		if next < 0 {
			next = len(text)
		} else {
			next += off + 1
		}
		if role, n := entryHeader(text[off:next]); n > 0 {
			if len(entries) > 0 {
				entries[len(entries)-1].end = off
			}
			entries = append(entries, entry{role: role, start: off + n, end: len(text), line: line})
		} else if len(entries) == 0 && !blankOrComment(text[off:next]) {
			return nil, false, nil
		}
		off = next
	}
	if len(entries) == 0 {
		return nil, false, nil
	}
	at := (&parser{src: text}).pos // the position of an offset in text
	seen := make(map[string]int)
	for _, e := range entries {
		if first, dup := seen[e.role]; dup {
			header := e.start - len(e.role) - 1
			return nil, true, &ParseError{Pos: at(header), Msg: fmt.Sprintf("role %s is listed twice (first on line %d)", e.role, first+1)}
		}
		seen[e.role] = e.line
		t, err := ParseSession(text[e.start:e.end])
		if err != nil {
			var pe *ParseError
			if errors.As(err, &pe) {
				err = &ParseError{Pos: at(e.start + pe.Pos.Offset), Msg: fmt.Sprintf("role %s: %s", e.role, pe.Msg)}
			}
			return nil, true, err
		}
		roles = append(roles, RoleType{Role: e.role, Type: t})
	}
	return roles, true, nil
}

// entryHeader returns the role of a line that starts an entry ("A:",
// "W[0]:") and the length of the header, or 0.
func entryHeader(line string) (string, int) {
	n := identLen(line)
	if n == 0 {
		return "", 0
	}
	if n < len(line) && line[n] == '[' {
		end := strings.IndexByte(line[n:], ']')
		if end < 0 {
			return "", 0
		}
		n += end + 1
	}
	if n >= len(line) || line[n] != ':' {
		return "", 0
	}
	return line[:n], n + 1
}

// blankOrComment reports whether line holds only white space or a comment.
func blankOrComment(line string) bool {
	s := strings.TrimSpace(line)
	return s == "" || strings.HasPrefix(s, "--") || strings.HasPrefix(s, "//")
}
