package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/syntax"
)

// codeActionSourceRun is the kind of the "Run in VM" action.
const codeActionSourceRun protocol.CodeActionKind = "source.run"

// CodeAction implements protocol.Server. It offers the quick fixes that
// analysis attached to diagnostics in the range, the conversion of an
// annotation list between bracket and record form, and "Run in VM".
func (s *Server) CodeAction(ctx context.Context, params *protocol.CodeActionParams) ([]protocol.CommandOrCodeAction, error) {
	snap, res, err := s.analyzed(ctx, params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	from, to := snap.m.offsets(params.Range)
	var out []protocol.CommandOrCodeAction
	for _, d := range res.Diagnostics {
		if len(d.Fixes) == 0 || !overlaps(d.Span, from, to) {
			continue
		}
		pd := protocolDiagnostic(snap, d)
		for i, fix := range d.Fixes {
			kind := protocol.CodeActionKindQuickFix
			preferred := i == 0
			out = append(out, &protocol.CodeAction{
				Title: fix.Title, Kind: &kind, IsPreferred: &preferred,
				Diagnostics: []protocol.Diagnostic{pd},
				Edit:        editOf(snap, fix.Edits),
			})
		}
	}
	for _, a := range annotationLists(res.File, from, to) {
		out = append(out, convertAnnotations(snap, a.send, a.list))
	}
	if res.Protocol != nil && !diag.HasErrors(res.Diagnostics) {
		kind := codeActionSourceRun
		out = append(out, &protocol.CodeAction{
			Title: "Run " + res.Protocol.Name + " in VM", Kind: &kind,
			Command: runCommand(snap.URI),
		})
	}
	return out, nil
}

func overlaps(sp diag.Span, from, to int) bool {
	return sp.Start.Offset <= to && from <= sp.End.Offset
}

// editOf converts diag edits of snap's file to a workspace edit.
func editOf(snap *Snapshot, edits []diag.Edit) *protocol.WorkspaceEdit {
	tes := make([]protocol.TextEdit, 0, len(edits))
	for _, e := range edits {
		tes = append(tes, protocol.TextEdit{Range: snap.m.spanRange(e.Span), NewText: e.NewText})
	}
	return &protocol.WorkspaceEdit{Changes: map[uri.URI][]protocol.TextEdit{snap.URI: tes}}
}

// runCommand is the command that runs the protocol of u in the VM.
func runCommand(u uri.URI) protocol.Command {
	arg, _ := json.Marshal(u)
	return protocol.Command{Title: "▶ Run in VM", Command: cmdRunInVM, Arguments: []protocol.LSPAny{arg}}
}

type sendAnnotations struct {
	send *syntax.Send
	list *syntax.AnnotationList
}

// annotationLists returns the annotated sends whose statement overlaps
// [from, to].
func annotationLists(f *syntax.File, from, to int) []sendAnnotations {
	var out []sendAnnotations
	walkSends(f, func(s *syntax.Send) {
		if s.Sender != nil && s.Annotations != nil && len(s.Annotations.Entries) > 0 && overlaps(s.Span, from, to) {
			out = append(out, sendAnnotations{s, s.Annotations})
		}
	})
	return out
}

// convertAnnotations rewrites an annotation list from bracket form
// (`A[k = v]`) to record form (`A { k = v }`) or back. Values keep their
// source text.
func convertAnnotations(snap *Snapshot, s *syntax.Send, l *syntax.AnnotationList) *protocol.CodeAction {
	entries := make([]string, len(l.Entries))
	for i, e := range l.Entries {
		key := e.Key.Name
		if e.At {
			key = "@" + key
		}
		entries[i] = key + " = " + e.Value.Text
	}
	body := strings.Join(entries, ", ")
	title, text := "Convert annotations of %s to record form", " { "+body+" }"
	if l.Style != syntax.AnnotBracket {
		title, text = "Convert annotations of %s to bracket form", "["+body+"]"
	}
	// Replace from the end of the sender (index included) to the end of
	// the list, so the space before a record's '{' goes or comes too.
	kind := protocol.CodeActionKindRefactorRewrite
	edit := diag.Edit{Span: diag.Span{Start: s.Sender.Span.End, End: l.Span.End}, NewText: text}
	return &protocol.CodeAction{Title: fmt.Sprintf(title, s.Sender.Name.Name), Kind: &kind, Edit: editOf(snap, []diag.Edit{edit})}
}
