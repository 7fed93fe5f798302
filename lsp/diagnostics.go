package lsp

import (
	"context"
	"slices"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/diag"
)

// scheduleDiagnostics starts the diagnostics job for snap, cancelling the
// document's previous job. The job waits out the debounce, analyzes the
// snapshot and publishes with the snapshot's version unless a newer version
// replaced it in the meantime. fs.mu must be held.
func (fs *fileStore) scheduleDiagnostics(d *document, snap *Snapshot) {
	if d.cancelDiag != nil {
		d.cancelDiag()
	}
	ctx, cancel := context.WithCancel(snap.ctx)
	d.cancelDiag = cancel
	delay := fs.srv.currentSettings().diagnosticsDelay()
	go func() {
		defer cancel()
		if delay > 0 {
			t := time.NewTimer(delay)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
		}
		res, err := snap.analysis(ctx, fs)
		if err != nil {
			return
		}
		fs.publish(ctx, d, snap, res.Diagnostics)
		fs.publishCompat(ctx, d, snap, res)
		fs.jobDone(d, snap)
	}()
}

// publishCompat adds the live-compatibility findings of snap, when there
// are any, to its published diagnostics.
func (fs *fileStore) publishCompat(ctx context.Context, d *document, snap *Snapshot, res *analysis.Result) {
	set := fs.srv.currentSettings().Compat
	if !set.Enabled || snap.Path == "" || res.Protocol == nil {
		return
	}
	rep, err := fs.srv.compatReport(ctx, snap, res, "")
	if err != nil {
		if ctx.Err() == nil {
			fs.srv.log.Info("live compatibility", zap.String("path", snap.Path), zap.Error(err))
		}
		return
	}
	sev := res.Config.CompatSeverity
	if set.Severity != nil {
		sev = *set.Severity
	}
	extra := compatDiagnostics(res, rep, fs.srv.compatBase(res), sev)
	if len(extra) == 0 {
		return
	}
	fs.publish(ctx, d, snap, append(slices.Clip(res.Diagnostics), extra...))
}

// publish sends ds for snap unless ctx (the job) was cancelled. Publishing
// holds the document's publish lock, so a superseded job can never overwrite
// the diagnostics of a newer version: a newer snapshot cancels the older
// job before its own job can take the lock.
func (fs *fileStore) publish(ctx context.Context, d *document, snap *Snapshot, ds []diag.Diagnostic) {
	d.publishMu.Lock()
	defer d.publishMu.Unlock()
	if ctx.Err() != nil {
		return
	}
	params := &protocol.PublishDiagnosticsParams{
		URI:         snap.URI,
		Version:     protocol.NewOptional(snap.Version),
		Diagnostics: fs.toProtocol(snap, ds),
	}
	if err := fs.srv.client.PublishDiagnostics(context.WithoutCancel(ctx), params); err != nil {
		fs.srv.log.Warn("publishing diagnostics", zap.String("uri", string(snap.URI)), zap.Error(err))
	}
}

// clearDiagnostics publishes an empty set for a closed document.
func (fs *fileStore) clearDiagnostics(d *document, u uri.URI) {
	d.publishMu.Lock()
	defer d.publishMu.Unlock()
	params := &protocol.PublishDiagnosticsParams{URI: u, Diagnostics: []protocol.Diagnostic{}}
	if err := fs.srv.client.PublishDiagnostics(fs.srv.ctx, params); err != nil {
		fs.srv.log.Warn("clearing diagnostics", zap.String("uri", string(u)), zap.Error(err))
	}
}

// toProtocol converts diagnostics of snap to LSP diagnostics.
func (fs *fileStore) toProtocol(snap *Snapshot, ds []diag.Diagnostic) []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, 0, len(ds))
	for _, d := range ds {
		out = append(out, protocolDiagnostic(snap, d))
	}
	return out
}

// protocolDiagnostic converts one diagnostic; related locations are in the
// same file.
func protocolDiagnostic(snap *Snapshot, d diag.Diagnostic) protocol.Diagnostic {
	pd := protocol.Diagnostic{
		Range:           snap.m.spanRange(d.Span),
		Severity:        protocol.DiagnosticSeverity(d.Severity),
		Code:            protocol.String(d.Code),
		CodeDescription: codeDescription(d.Code),
		Source:          protocol.NewOptional("choreo"),
		Message:         protocol.String(d.Message),
	}
	if unnecessary[d.Code] {
		pd.Tags = protocol.NewDiagnosticTags(protocol.DiagnosticTagUnnecessary)
	}
	for _, r := range d.Related {
		pd.RelatedInformation = append(pd.RelatedInformation, protocol.DiagnosticRelatedInformation{
			Location: protocol.Location{URI: snap.URI, Range: snap.m.spanRange(r.Span)},
			Message:  r.Message,
		})
	}
	return pd
}

// codeDescription links a diagnostic to the page that documents its code.
func codeDescription(code diag.Code) protocol.CodeDescription {
	if code == "" {
		return protocol.CodeDescription{}
	}
	return protocol.CodeDescription{Href: uri.URI(analysis.CodeDocURL(code))}
}

// unnecessary lists the codes editors render as faded code.
var unnecessary = map[diag.Code]bool{"unused-role": true, "unreachable": true}
