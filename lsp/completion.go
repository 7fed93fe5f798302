package lsp

import (
	"context"
	"regexp"
	"sort"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/choreo-lang/choreo/analysis"
)

// Completion contexts are recognized from the text before the cursor on
// its line, since the file is usually incomplete while typing.
var (
	// valueContext: `key = "partial` or `key: partial` inside annotations.
	valueContext = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_]*)\s*[=:]\s*"?([^",\]}]*)$`)
	// keyContext: right after `[`, `{` or `,` of an annotation list.
	keyContext = regexp.MustCompile(`[\[{,]\s*@?([A-Za-z_][A-Za-z0-9_]*)?$`)
	// wordContext: the identifier being typed and the word before it.
	wordContext = regexp.MustCompile(`(?:([A-Za-z_]+)\s+)?([A-Za-z_][A-Za-z0-9_]*)?$`)
	// roleContext: where only a role can come, the receiver after `->`
	// or the decider after `choice at` / `loop decide by`.
	roleContext = regexp.MustCompile(`(?:->|\bat|\bby)\s*[A-Za-z_][A-Za-z0-9_]*$|(?:->|\bat|\bby)\s+$|->$`)
	// branchContext: after a branch's label arrow (`| accept ->`), where a
	// statement starts.
	branchContext = regexp.MustCompile(`^\s*\|\s*[A-Za-z_][A-Za-z0-9_]*\s*->\s*[A-Za-z_]*$`)
)

// headerKeywords start the lines of a file's header; they are offered only
// on a line without indentation.
var headerKeywords = map[string]bool{"module": true, "exposing": true, "import": true}

// Completion implements protocol.Server. It offers, depending on where the
// cursor is: values of an annotation key (capabilities used anywhere in the
// workspace for guard_capability), annotation keys inside an annotation
// list, local protocols after `call`, rec labels after `continue`, and
// otherwise roles and keywords.
func (s *Server) Completion(ctx context.Context, params *protocol.CompletionParams) (protocol.CompletionResult, error) {
	snap, res, off, err := s.at(ctx, params.TextDocumentPositionParams)
	if err != nil {
		return nil, err
	}
	start, _ := snap.m.lineBounds(snap.m.line(off))
	before := string(snap.Text[start:off])
	var items []protocol.CompletionItem
	switch {
	case valueContext.MatchString(before) && knownKey(valueContext.FindStringSubmatch(before)[1]):
		items = s.valueItems(ctx, valueContext.FindStringSubmatch(before)[1])
	case keyContext.MatchString(before) && inAnnotations(before):
		for _, k := range analysis.AnnotationKeys() {
			items = append(items, protocol.CompletionItem{
				Label: k.Name, Kind: protocol.CompletionItemKindProperty,
				Detail: protocol.NewOptional(k.Value), Documentation: protocol.String(k.Doc),
				InsertText: protocol.NewOptional(k.Name + " = "),
			})
		}
	case roleContext.MatchString(before) && !branchContext.MatchString(before):
		items = roleItems(res)
	default:
		prev := wordContext.FindStringSubmatch(before)[1]
		items = wordItems(res, prev, before != strings.TrimLeft(before, " \t"))
	}
	return &protocol.CompletionList{Items: items}, nil
}

func knownKey(k string) bool {
	_, ok := analysis.LookupAnnotationKey(k)
	return ok
}

// inAnnotations reports whether the line prefix has an unclosed '[' or
// '{' that follows an identifier (a sender's annotation list).
func inAnnotations(before string) bool {
	depth := 0
	for i := len(before) - 1; i >= 0; i-- {
		switch before[i] {
		case ']', '}':
			depth++
		case '[', '{':
			if depth == 0 {
				return strings.TrimSpace(before[:i]) != ""
			}
			depth--
		}
	}
	return false
}

// valueItems offers values for an annotation key.
func (s *Server) valueItems(ctx context.Context, key string) []protocol.CompletionItem {
	var values []string
	switch key {
	case analysis.KeyGuardCapability:
		seen := make(map[string]bool)
		for _, res := range s.analyzeAll(ctx, s.files.all()) {
			if res == nil || res.Manifest == nil {
				continue
			}
			for _, c := range res.Manifest.RequiredCapabilities {
				if !seen[c] {
					seen[c] = true
					values = append(values, c)
				}
			}
		}
		sort.Strings(values)
	case analysis.KeyJournalMerge:
		values = []string{"true", "false"}
	case analysis.KeyFlowCost:
		values = []string{"100"}
	}
	items := make([]protocol.CompletionItem, 0, len(values))
	for _, v := range values {
		items = append(items, protocol.CompletionItem{Label: v, Kind: protocol.CompletionItemKindValue})
	}
	return items
}

// symbolItems returns the symbols of res of one kind as completion items.
func symbolItems(res *analysis.Result, kind analysis.SymbolKind, ck protocol.CompletionItemKind) []protocol.CompletionItem {
	var items []protocol.CompletionItem
	for _, sym := range res.Symbols.All {
		if sym.Kind == kind {
			items = append(items, protocol.CompletionItem{Label: sym.Name, Kind: ck, Detail: protocol.NewOptional(sym.Detail)})
		}
	}
	return items
}

// roleItems offers the roles, where nothing else can come.
func roleItems(res *analysis.Result) []protocol.CompletionItem {
	return symbolItems(res, analysis.SymRole, protocol.CompletionItemKindClass)
}

// wordItems offers identifiers: local protocols after `call`, rec labels
// after `continue`, else roles and keywords (without the header's on an
// indented line).
func wordItems(res *analysis.Result, prev string, indented bool) []protocol.CompletionItem {
	var items []protocol.CompletionItem
	symbols := func(kind analysis.SymbolKind, ck protocol.CompletionItemKind) {
		items = append(items, symbolItems(res, kind, ck)...)
	}
	switch prev {
	case "call":
		symbols(analysis.SymLocalProtocol, protocol.CompletionItemKindFunction)
		return items
	case "continue":
		symbols(analysis.SymRecLabel, protocol.CompletionItemKindReference)
		return items
	}
	symbols(analysis.SymRole, protocol.CompletionItemKindClass)
	for _, k := range keywords {
		if indented && headerKeywords[k] {
			continue
		}
		items = append(items, protocol.CompletionItem{Label: k, Kind: protocol.CompletionItemKindKeyword})
	}
	return items
}
