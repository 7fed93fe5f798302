package analysis

import (
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/syntax"
)

// parseFile is syntax.ParseFile once the parser lands.
func parseFile(src []byte) (*syntax.File, []diag.Diagnostic) {
	return &syntax.File{}, []diag.Diagnostic{{Severity: diag.Error, Code: CodeSyntax, Message: "parser not available yet"}}
}
