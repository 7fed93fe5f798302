package analysis

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/analysis/selection"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/projection"
	"github.com/choreo-lang/choreo/syntax"
)

// analyze runs every stage after parsing and fills res.
func analyze(ctx context.Context, in Input, res *Result) {
	f := res.File
	if len(f.Protocols) == 0 {
		return
	}
	for _, extra := range f.Protocols[1:] {
		dg := diag.Diagnostic{Span: extra.Name.Span, Severity: diag.Error, Code: CodeMultipleProtocols,
			Message: fmt.Sprintf("a file holds one protocol; %s is a second top-level protocol (make it a local protocol under where, or move it to its own file)", extra.Name.Name),
			Related: []diag.Related{{Span: f.Protocols[0].Name.Span, Message: "the file's protocol"}}}
		res.Diagnostics = append(res.Diagnostics, dg)
	}
	p := f.Protocols[0]
	namespace, ok := Namespace(f)
	if !ok {
		res.Diagnostics = append(res.Diagnostics, missingNamespace(f, p, in.Filename))
	}

	l := &lowerer{
		ctx: ctx, cfg: res.Config, src: in.Src, res: res,
		metas:     make(map[*syntax.AnnotationList]*global.Meta),
		genLabels: make(map[string]diag.Span),
		symIndex:  make(map[string]map[string]int),
		labelSyms: make(map[diag.Span]*Symbol),
	}
	l.ann = newAnnotationChecker(l.report, capabilityFormatSeverity(in.Filename))
	res.Bundles = l.proofBundles(f, p)
	proto := l.lowerProtocol(p, namespace)
	res.Protocol = proto
	res.Diagnostics = append(res.Diagnostics, l.diag...)
	if ctx.Err() != nil {
		return
	}
	branches := selection.Analyze(proto)
	checkModel(proto, branches, l.genLabels, func(d diag.Diagnostic) { res.Diagnostics = append(res.Diagnostics, d) })
	l.nextID = selection.Apply(proto, branches, l.nextID)

	// Links, per distinct annotation list in source order. (Effect
	// commands are computed when first asked for: see Result.Effects.)
	seen := make(map[*global.Meta]bool)
	global.Walk(proto.Body, func(n global.Node) {
		s, ok := n.(*global.Send)
		if !ok || s.Meta == nil || seen[s.Meta] {
			return
		}
		seen[s.Meta] = true
		if s.Meta.Link != nil {
			res.Links = append(res.Links, s.Meta.Link)
		}
	})
	exports := make(map[string]map[string]bool)
	linkExports(res.Links, exports)
	res.Diagnostics = append(res.Diagnostics, unresolvedLinks(res.Links, exports)...)

	if ctx.Err() != nil {
		return
	}
	projections, pds := projection.Project(proto)
	res.Projections = projections
	res.Diagnostics = append(res.Diagnostics, pds...)

	participants := proto.Participants()
	res.Budget = ComputeBudget(res.Config, namespace, participants, projections)
	if b := res.Budget; b.Rule != RuleDefault && !b.InRange {
		res.Diagnostics = append(res.Diagnostics, diag.Diagnostic{Span: proto.NameSpan, Severity: diag.Warning, Code: CodeBudgetRange,
			Message: fmt.Sprintf("weight W₀ = %d is outside the expected range %s of the %s class (%s), whose step budget is calibrated for protocols of that size: choose the protocol's class in choreo.yaml (protocols:), or turn budget-range off there if the size is intended",
				b.W0, b.Class.ExpectedRange(), b.Class.Name, b.RuleText(namespace))})
	}
	res.Manifest = buildManifest(res)
}

// Namespace returns the namespace of f: the module name of a layout file,
// the #[namespace = "..."] attribute of a brace file.
func Namespace(f *syntax.File) (string, bool) {
	if f.Module != nil && f.Module.Name.Name != "" {
		return f.Module.Name.Name, true
	}
	for _, a := range f.Attributes {
		if a.Key.Name == "namespace" && a.Value.Kind == syntax.ValueString && a.Value.Str != "" {
			return a.Value.Str, true
		}
	}
	return "", false
}

// namespaceFromFilename derives a namespace from a file name:
// "guardian-setup.choreo" → "guardian_setup".
func namespaceFromFilename(name string) string {
	base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	var b strings.Builder
	for i, r := range base {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r == '_', r == '.' && i > 0:
			b.WriteRune(r)
		case r >= '0' && r <= '9':
			if i == 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// missingNamespace reports a file without a namespace, with a quick fix
// adding a module header (layout form) or a #[namespace] attribute (brace
// form) named after the file.
func missingNamespace(f *syntax.File, p *syntax.Protocol, filename string) diag.Diagnostic {
	d := diag.Diagnostic{Span: p.Name.Span, Severity: diag.Warning, Code: CodeMissingNamespace,
		Message: fmt.Sprintf("protocol %s has no namespace", p.Name.Name)}
	ns := namespaceFromFilename(filename)
	if filename == "" || ns == "" {
		return d
	}
	if f.Form == syntax.BraceForm {
		at := diag.Span{Start: p.Span.Start, End: p.Span.Start}
		d.Message += "; add #[namespace = \"...\"] before it"
		d.Fixes = []diag.Fix{{Title: fmt.Sprintf("Add #[namespace = %q]", ns),
			Edits: []diag.Edit{{Span: at, NewText: fmt.Sprintf("#[namespace = %q]\n", ns)}}}}
		return d
	}
	d.Message += "; add a module header"
	header := fmt.Sprintf("module %s exposing (%s)\n\n", ns, p.Name.Name)
	d.Fixes = []diag.Fix{{Title: "Add module " + ns, Edits: []diag.Edit{{NewText: header}}}}
	return d
}
