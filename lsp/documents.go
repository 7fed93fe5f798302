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

	// trees is set for an open document: its analysis parses incrementally
	// from the previous version's tree. A file read from disk has none and
	// is parsed from scratch by analysis.
	trees *trees

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

// document is an open file: its current snapshot and diagnostics state.
type document struct {
	snap       *Snapshot
	idle       bool               // snap's diagnostics job has ended (guarded by fs.mu)
	cancelDiag context.CancelFunc // cancels the pending diagnostics job
	publishMu  sync.Mutex         // serializes publishDiagnostics for this file
}

// edit returns the snapshot that results from applying changes to d's
// current snapshot. It only splices text and edits tree copies; parsing
// happens in the new snapshot's analysis.
func (fs *fileStore) edit(d *document, version int32, changes []protocol.TextDocumentContentChangeEvent) (*Snapshot, error) {
	text := d.snap.Text
	m := d.snap.m
	var edits []syntax.Edit
	incremental := true
	for i, ch := range changes {
		switch ch := ch.(type) {
		case *protocol.TextDocumentContentChangePartial:
			start, end := m.offsets(ch.Range)
			next, e, err := syntax.NewEdit(text, start, end, []byte(ch.Text))
			if err != nil {
				return nil, fmt.Errorf("content change %d: %w", i, err)
			}
			edits = append(edits, e)
			text = next
		case *protocol.TextDocumentContentChangeWholeDocument:
			incremental = false
			text = []byte(ch.Text)
		default:
			return nil, fmt.Errorf("content change %d: unsupported %T", i, ch)
		}
		if i+1 < len(changes) {
			m = newMapper(text, m.enc)
		}
	}
	snap := fs.newSnapshot(d.snap.URI, version, text)
	snap.trees = &trees{}
	if incremental {
		snap.trees.base = d.snap.trees.derive(edits)
	}
	return snap, nil
}

// fileStore holds the open documents and the workspace's other .choreo
// files (read from disk, for workspace-wide features).
type fileStore struct {
	srv       *Server
	configs   configCache
	baselines baselines

	mu     sync.Mutex
	open   map[uri.URI]*document
	disk   map[uri.URI]*Snapshot
	recent []*document // warm open documents, most recently used first
}

// maxWarm is how many open documents keep their analysis and concrete
// syntax tree in memory (together about 2.5 KB per line). The others are
// evicted once their diagnostics are published: their snapshot is
// replaced by a fresh one of the same version, analysed again (from
// scratch) when a request or an edit needs it.
const maxWarm = 8

func newFileStore(s *Server) *fileStore {
	fs := &fileStore{srv: s, open: make(map[uri.URI]*document), disk: make(map[uri.URI]*Snapshot)}
	fs.configs.report = fs.publishConfig
	return fs
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
		fs.touch(d)
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

// retire cancels s's work and releases its trees.
func (s *Snapshot) retire() {
	s.cancel()
	if s.trees != nil {
		s.trees.retire()
	}
}

// replace installs snap as the current version of its open document and
// schedules its diagnostics.
func (fs *fileStore) replace(d *document, snap *Snapshot) {
	old := d.snap
	d.snap, d.idle = snap, false
	if old != nil {
		old.retire()
	}
	fs.touch(d)
	fs.scheduleDiagnostics(d, snap)
}

// touch moves d to the front of the warm documents and trims the others.
// fs.mu must be held.
func (fs *fileStore) touch(d *document) {
	fs.forget(d)
	fs.recent = append([]*document{d}, fs.recent...)
	fs.trim()
}

// trim evicts the idle documents beyond the maxWarm most recently used
// (a document whose diagnostics job is still running stays until it ends).
// fs.mu must be held.
func (fs *fileStore) trim() {
	for i := len(fs.recent) - 1; i >= maxWarm; i-- {
		d := fs.recent[i]
		if !d.idle {
			continue
		}
		fs.recent = append(fs.recent[:i], fs.recent[i+1:]...)
		fresh := fs.newSnapshot(d.snap.URI, d.snap.Version, d.snap.Text)
		fresh.trees = &trees{}
		d.snap.retire()
		d.snap = fresh
	}
}

// jobDone records that the diagnostics job of snap has ended and trims the
// warm documents.
func (fs *fileStore) jobDone(d *document, snap *Snapshot) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if d.snap == snap {
		d.idle = true
		fs.trim()
	}
}

// forget removes d from the recently edited documents. fs.mu must be held.
func (fs *fileStore) forget(d *document) {
	for i, r := range fs.recent {
		if r == d {
			fs.recent = append(fs.recent[:i], fs.recent[i+1:]...)
			return
		}
	}
}

// DidOpen implements protocol.Server.
func (s *Server) DidOpen(ctx context.Context, params *protocol.DidOpenTextDocumentParams) error {
	item := params.TextDocument
	fs := s.files
	snap := fs.newSnapshot(item.URI, item.Version, []byte(item.Text))
	snap.trees = &trees{}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	d, ok := fs.open[item.URI]
	if !ok {
		d = &document{}
		fs.open[item.URI] = d
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
	fs.forget(d)
	fs.mu.Unlock()
	if !ok {
		return fmt.Errorf("didClose %s: %w", u, errNotOpen)
	}
	d.cancelDiag()
	d.snap.retire()
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
		d.snap.retire()
		delete(fs.open, u)
	}
	fs.recent = nil
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
		snap.trees = &trees{base: d.snap.trees.derive(nil)}
		fs.replace(d, snap)
	}
}
