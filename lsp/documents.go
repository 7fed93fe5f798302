package lsp

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/projection/compat"
	"github.com/choreo-lang/choreo/syntax"
)

// Snapshot is one immutable version of a file: its text, the position
// mapping and, computed once on demand, its analysis. Requests and the
// diagnostics job share a snapshot without locks. A snapshot's context is
// cancelled when a newer version replaces it or the file is closed, which
// aborts its analysis.
type Snapshot struct {
	URI     uri.URI
	Path    string // filesystem path ("" for a non-file URI)
	Version int32  // client version; -1 for a file read from disk
	Text    []byte

	m      *mapper
	ctx    context.Context
	cancel context.CancelFunc

	// file and syntaxDiags are the typed syntax tree, set when the snapshot
	// is created from an open document's concrete tree; nil for a file read
	// from disk, which analysis parses itself.
	file        *syntax.File
	syntaxDiags []diag.Diagnostic

	res    memo[*analysis.Result]
	compat memo[*compat.Report] // live compatibility against the git base
}

func (fs *fileStore) newSnapshot(u uri.URI, version int32, text []byte) *Snapshot {
	ctx, cancel := context.WithCancel(fs.srv.ctx)
	path := ""
	if u.IsFile() {
		path = u.FsPath()
	}
	return &Snapshot{
		URI: u, Path: path, Version: version, Text: text,
		m: newMapper(text, fs.srv.encoding()), ctx: ctx, cancel: cancel,
	}
}

// document is an open file: its current snapshot, the concrete syntax tree
// of that snapshot (kept for incremental re-parsing) and diagnostics state.
// The tree is only touched on the connection's read loop, under fs.mu.
type document struct {
	snap       *Snapshot
	tree       *syntax.Tree
	cancelDiag context.CancelFunc // cancels the pending diagnostics job
	publishMu  sync.Mutex         // serializes publishDiagnostics for this file
}

// parse (re)parses text into d's tree, reusing the old tree (already
// edited) when there is one, and lowers it into snap.
func (fs *fileStore) parse(d *document, snap *Snapshot) error {
	tree, err := fs.parser.Parse(context.Background(), snap.Text, d.tree)
	if err != nil {
		return fmt.Errorf("parsing %s: %w", snap.URI, err)
	}
	if d.tree != nil {
		d.tree.Close()
	}
	d.tree = tree
	snap.file, snap.syntaxDiags = syntax.Lower(tree)
	return nil
}

// dropTree releases d's concrete tree; the next parse starts from scratch.
func (fs *fileStore) dropTree(d *document) {
	if d.tree != nil {
		d.tree.Close()
		d.tree = nil
	}
}

// edit applies changes to d's text and tree and returns the new snapshot.
func (fs *fileStore) edit(d *document, version int32, changes []protocol.TextDocumentContentChangeEvent) (*Snapshot, error) {
	text := d.snap.Text
	m := d.snap.m
	for i, ch := range changes {
		switch ch := ch.(type) {
		case *protocol.TextDocumentContentChangePartial:
			start, end := m.offsets(ch.Range)
			next, e, err := syntax.NewEdit(text, start, end, []byte(ch.Text))
			if err != nil {
				fs.dropTree(d)
				return nil, fmt.Errorf("content change %d: %w", i, err)
			}
			if d.tree != nil {
				d.tree.Edit(e)
			}
			text = next
		case *protocol.TextDocumentContentChangeWholeDocument:
			fs.dropTree(d)
			text = []byte(ch.Text)
		default:
			fs.dropTree(d)
			return nil, fmt.Errorf("content change %d: unsupported %T", i, ch)
		}
		if i+1 < len(changes) {
			m = newMapper(text, m.enc)
		}
	}
	snap := fs.newSnapshot(d.snap.URI, version, text)
	if err := fs.parse(d, snap); err != nil {
		return nil, err
	}
	return snap, nil
}

// fileStore holds the open documents and the workspace's other .choreo
// files (read from disk, for workspace-wide features).
type fileStore struct {
	srv       *Server
	configs   configCache
	parser    *syntax.Parser // used under mu only
	baselines baselines

	mu   sync.Mutex
	open map[uri.URI]*document
	disk map[uri.URI]*Snapshot
}

func newFileStore(s *Server) *fileStore {
	return &fileStore{srv: s, parser: syntax.NewParser(), open: make(map[uri.URI]*document), disk: make(map[uri.URI]*Snapshot)}
}

// errNotOpen is returned for requests about a file the client has not opened
// and the workspace scan did not find.
var errNotOpen = errors.New("document is not open")

// snapshot returns the current snapshot of u: the open document, else the
// file read from disk.
func (fs *fileStore) snapshot(u uri.URI) (*Snapshot, error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if d, ok := fs.open[u]; ok {
		return d.snap, nil
	}
	if s, ok := fs.disk[u]; ok {
		return s, nil
	}
	return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: %v", u, errNotOpen)
}

// all returns the current snapshot of every known file, open ones first.
func (fs *fileStore) all() []*Snapshot {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	out := make([]*Snapshot, 0, len(fs.open)+len(fs.disk))
	for _, d := range fs.open {
		out = append(out, d.snap)
	}
	for u, s := range fs.disk {
		if _, ok := fs.open[u]; !ok {
			out = append(out, s)
		}
	}
	return out
}

// replace installs snap as the current version of its open document and
// schedules its diagnostics.
func (fs *fileStore) replace(d *document, snap *Snapshot) {
	old := d.snap
	d.snap = snap
	if old != nil {
		old.cancel()
	}
	fs.scheduleDiagnostics(d, snap)
}

// DidOpen implements protocol.Server.
func (s *Server) DidOpen(ctx context.Context, params *protocol.DidOpenTextDocumentParams) error {
	item := params.TextDocument
	fs := s.files
	snap := fs.newSnapshot(item.URI, item.Version, []byte(item.Text))
	fs.mu.Lock()
	defer fs.mu.Unlock()
	d, ok := fs.open[item.URI]
	if !ok {
		d = &document{}
		fs.open[item.URI] = d
	} else {
		fs.dropTree(d) // reopened without a close: start afresh
	}
	if err := fs.parse(d, snap); err != nil {
		return err
	}
	fs.replace(d, snap)
	return nil
}

// DidChange implements protocol.Server.
func (s *Server) DidChange(ctx context.Context, params *protocol.DidChangeTextDocumentParams) error {
	fs := s.files
	u := params.TextDocument.URI
	fs.mu.Lock()
	defer fs.mu.Unlock()
	d, ok := fs.open[u]
	if !ok {
		return fmt.Errorf("didChange %s: %w", u, errNotOpen)
	}
	if v := params.TextDocument.Version; v <= d.snap.Version {
		s.log.Warn("didChange with a non-increasing version", zap.String("uri", string(u)), zap.Int32("version", v), zap.Int32("current", d.snap.Version))
	}
	next, err := fs.edit(d, params.TextDocument.Version, params.ContentChanges)
	if err != nil {
		return fmt.Errorf("didChange %s: %w", u, err)
	}
	fs.replace(d, next)
	return nil
}

// DidClose implements protocol.Server: it drops the document and clears its
// diagnostics.
func (s *Server) DidClose(ctx context.Context, params *protocol.DidCloseTextDocumentParams) error {
	fs := s.files
	u := params.TextDocument.URI
	fs.mu.Lock()
	d, ok := fs.open[u]
	delete(fs.open, u)
	if ok {
		fs.dropTree(d)
	}
	fs.mu.Unlock()
	if !ok {
		return fmt.Errorf("didClose %s: %w", u, errNotOpen)
	}
	d.cancelDiag()
	d.snap.cancel()
	fs.clearDiagnostics(d, u)
	fs.reloadFromDisk(u)
	return nil
}

// DidSave implements protocol.Server: a save may follow a commit, so the
// git baselines are re-read.
func (s *Server) DidSave(ctx context.Context, params *protocol.DidSaveTextDocumentParams) error {
	s.files.baselines.flush()
	return nil
}

// closeAll cancels every snapshot and pending job and releases the trees
// (shutdown).
func (fs *fileStore) closeAll() {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for u, d := range fs.open {
		d.cancelDiag()
		d.snap.cancel()
		fs.dropTree(d)
		delete(fs.open, u)
	}
	for _, s := range fs.disk {
		s.cancel()
	}
}

// reanalyzeAll re-runs diagnostics for every open document (settings or
// configuration changed): each gets a fresh snapshot of the same text.
func (fs *fileStore) reanalyzeAll() {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for _, d := range fs.open {
		snap := fs.newSnapshot(d.snap.URI, d.snap.Version, d.snap.Text)
		snap.file, snap.syntaxDiags = d.snap.file, d.snap.syntaxDiags
		fs.replace(d, snap)
	}
}
