package syntax

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDiagnostics checks the message, position and code of the syntax
// diagnostics of typical mistakes: each must say what was expected.
func TestDiagnostics(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // "line:col: severity: message [code]" (one-based)
	}{
		{
			name: "send without colon and message",
			src:  "protocol P =\n  roles A, B\n  A -> B\n  B -> A : N\n",
			want: []string{"3:9: error: expected ':' and a message after 'A -> B' [syntax]"},
		},
		{
			name: "send without colon",
			src:  "protocol P =\n  roles A, B\n  A -> B Msg\n",
			want: []string{"3:10: error: expected ':' between 'A -> B' and the message 'Msg' [syntax]"},
		},
		{
			name: "send without receiver",
			src:  "protocol P =\n  roles A, B\n  A ->\n  B -> A : N\n",
			want: []string{"3:7: error: expected a receiving role after 'A ->' [syntax]"},
		},
		{
			name: "brace send without message",
			src:  "protocol P {\n roles: A, B;\n A -> B: ;\n B -> A: N;\n}\n",
			want: []string{"3:9: error: expected a message after 'A -> B:' [syntax]"},
		},
		{
			name: "unclosed brace",
			src:  "protocol P {\n  roles: A, B;\n  A -> B: M;\n",
			want: []string{"3:13: error: expected '}' to close the '{' at line 1, column 12 [syntax]"},
		},
		{
			name: "unclosed annotation bracket",
			src:  "protocol P =\n  roles A, B\n  A[k = \"v\" -> B : M\n  B -> A : N\n",
			want: []string{"3:12: error: expected ']' to close the '[' at line 3, column 4 [syntax]"},
		},
		{
			name: "unclosed payload",
			src:  "protocol P =\n  roles A, B\n  A -> B : M(data: Vec<u8>\n  B -> A : N\n",
			want: []string{"3:27: error: unexpected end of line after 'A -> B : M(data: Vec<u8>': expected ')' [syntax]"},
		},
		{
			name: "string as message",
			src:  "protocol P =\n  roles A, B\n  A -> B : \"str\"\n  B -> A : N\n",
			want: []string{"3:12: error: unexpected string after 'A -> B :': expected a name, a line break or the end of the block [syntax]"},
		},
		{
			name: "brace-form protocol after a module header",
			src:  "module m exposing (P)\n\nprotocol P {\n  roles A, B\n  A -> B : M\n}\n",
			want: []string{`3:12: error: unexpected '{' after 'protocol P': after a module or import header the protocol is in the layout form, 'protocol P =' and an indented body (or 'protocol P = {' ... '}'); the brace form 'protocol P {' takes its namespace from #[namespace = "..."] instead [syntax]`},
		},
		{
			name: "a keyword that fits its state is not blamed for the token after it",
			src:  "choreography! {\n}\n",
			want: []string{"1:13: error: unexpected '!' after 'choreography': expected a name [syntax]"},
		},
		{
			name: "unclosed receiver annotations name no grammar rule",
			src:  "protocol P =\n  roles A, B\n  A -> B[@pool = \n  B -> A : Z\n",
			want: []string{"4:4: error: unexpected '->' after 'A -> B[@pool = B': expected ']' or ',' [syntax]"},
		},
		{
			name: "unclosed brace block in the layout form",
			src:  "module m exposing (P)\nprotocol P =\n  roles A, B\n  choice at A {\n    | x -> {\n      A -> B : X\n  A -> B : Y\n  loop forever\n    B -> A : Z\n",
			want: []string{"9:15: error: expected '}' to close the '{' at line 5, column 12 [syntax]"},
		},
		{
			name: "negative counts",
			src:  "protocol P =\n  roles A, B\n  retry -1\n    A -> B : M\n  loop repeat -3\n    A -> B : N\n",
			want: []string{
				"3:9: error: the retry count -1 is negative: expected zero or more [syntax]",
				"5:15: error: the repetition count -3 is negative: expected zero or more [syntax]",
			},
		},
		{
			name: "binary junk is quoted, not written raw",
			src:  "\x00\xff\xfe garbage",
			want: []string{`1:1: error: unexpected byte sequence "\x00\xff\xfe" [syntax]`},
		},
		{
			name: "roles without comma",
			src:  "module m exposing (P)\nprotocol P =\n  roles A B\n  A -> B : M\n",
			want: []string{"3:11: error: unexpected 'B' after 'roles A': expected '[', ',', a line break or the end of the block [syntax]"},
		},
		{
			name: "loop without block",
			src:  "protocol P =\n  roles A, B\n  loop\n  A -> B : M\n",
			want: []string{"3:7: error: expected an indented block after 'loop' [syntax]"},
		},
		{
			name: "choice without decider",
			src:  "protocol P =\n  roles A, B\n  choice at\n    | x -> A -> B : M\n",
			want: []string{"3:12: error: expected the deciding role after 'choice at' [syntax]"},
		},
		{
			name: "choice without branches",
			src:  "protocol P =\n  roles A, B\n  choice at A\n  B -> A : N\n",
			want: []string{"3:14: error: expected an indented block of branches after 'choice at A' [syntax]"},
		},
		{
			name: "annotation without statement",
			src:  "protocol P =\n  roles A, B\n  @parallel\n",
			want: []string{"3:3: error: expected a statement after the annotation '@parallel' [syntax]"},
		},
		{
			name: "roles declared late",
			src:  "protocol P =\n  A -> B : M\n  roles A, B\n",
			want: []string{"3:3: error: the roles declaration must be the first line of the protocol body [syntax]"},
		},
		{
			name: "tab in indentation",
			src:  "protocol P =\n  roles A, B\n  A -> B : M\n\tB -> A : N\n",
			want: []string{"4:1: error: indentation must use spaces, not tabs [layout]"},
		},
		{
			name: "dedent to no open block",
			src:  "protocol P =\n  roles A, B\n  loop forever\n      A -> B : M\n    B -> A : N\n  A -> B : O\n",
			want: []string{"5:1: error: inconsistent indentation: this line starts at column 5, which matches no open block (the blocks above start at columns 3 and 7) [layout]"},
		},
		{
			name: "indent without block",
			src:  "protocol P =\n  roles A, B\n  A -> B : M\n      B -> A : N\n",
			want: []string{"4:1: error: unexpected indentation: this line starts at column 7, but the other lines of its block start at column 3 [layout]"},
		},
		{
			name: "integer out of range",
			src:  "protocol P =\n  roles A, B\n  A[flow_cost = 99999999999999999999] -> B : M\n",
			want: []string{"3:17: error: integer 99999999999999999999 is too large [syntax]"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := ParseFile([]byte(tt.src))
			var got []string
			for _, d := range diags {
				got = append(got, d.String())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

// nestedChoices returns a layout-form protocol with n choices nested in one
// another.
func nestedChoices(n int) string {
	var b strings.Builder
	b.WriteString("protocol D =\n  roles A, B\n")
	ind := "  "
	for i := range n {
		fmt.Fprintf(&b, "%schoice at A\n%s  | l%d ->\n", ind, ind, i)
		ind += "      "
	}
	b.WriteString(ind + "A -> B : M\n")
	return b.String()
}

// TestNestingLimit: blocks nested deeper than the scanner follows get one
// error naming the limit, not the errors of a lost nesting; just below the
// limit the file is clean.
func TestNestingLimit(t *testing.T) {
	_, diags := ParseFile([]byte(nestedChoices(127)))
	if len(diags) != 0 {
		t.Errorf("127 nested choices: %v, want none", diags)
	}
	_, diags = ParseFile([]byte(nestedChoices(128)))
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "nested too deeply here: the layout form follows at most 255 levels of indentation") {
		t.Errorf("128 nested choices: %v, want one error naming the limit", diags)
	}
}
