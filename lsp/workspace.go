package lsp

import (
	"context"
	"os"
	"path/filepath"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/choreo-lang/choreo/internal/sourcefiles"
	"github.com/choreo-lang/choreo/syntax/filenames"
)

// maxWorkspaceFiles bounds the workspace scan.
const maxWorkspaceFiles = 10000

// scan reads every .choreo and .tell file under folders into the disk
// store, for workspace symbols, references and completion, leaving out
// what lint leaves out (hidden directories, what git ignores, the exclude
// globs of choreo.yaml; see package sourcefiles), at most
// maxWorkspaceFiles files. It runs in the background after initialized.
func (fs *fileStore) scan(ctx context.Context, folders []string) {
	n := 0
	for _, root := range folders {
		files, err := sourcefiles.Find(ctx, root, sourcefiles.For(root, nil))
		if err != nil {
			fs.srv.log.Warn("workspace scan", zap.String("root", root), zap.Error(err))
		}
		for _, path := range files {
			if ctx.Err() != nil || n >= maxWorkspaceFiles {
				break
			}
			n++
			fs.reloadFromDisk(uri.File(path))
		}
	}
	fs.srv.log.Info("workspace scanned", zap.Int("files", n))
}

// reloadFromDisk (re)reads a workspace file that is not open; a missing file
// is forgotten.
func (fs *fileStore) reloadFromDisk(u uri.URI) {
	if !u.IsFile() {
		return
	}
	text, err := os.ReadFile(u.FsPath())
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if old, ok := fs.disk[u]; ok {
		old.cancel()
		delete(fs.disk, u)
	}
	if err != nil {
		return
	}
	fs.disk[u] = fs.newSnapshot(u, -1, text)
}

// DidChangeWatchedFiles implements protocol.Server: changed .choreo files
// are re-read and a changed project file flushes the configuration.
func (s *Server) DidChangeWatchedFiles(ctx context.Context, params *protocol.DidChangeWatchedFilesParams) error {
	configChanged := false
	for _, ev := range params.Changes {
		switch filepath.Base(ev.URI.FsPath()) {
		case "choreo.yaml":
			configChanged = true
			if ev.Type == protocol.FileChangeTypeDeleted {
				s.files.publishConfig(ev.URI.FsPath(), nil) // clears its diagnostics
			}
		default:
			if filenames.IsSource(string(ev.URI)) {
				s.files.reloadFromDisk(ev.URI)
			}
		}
	}
	if configChanged {
		s.files.configs.flush()
		s.files.reanalyzeAll()
	}
	return nil
}

// DidChangeWorkspaceFolders implements protocol.Server.
func (s *Server) DidChangeWorkspaceFolders(ctx context.Context, params *protocol.DidChangeWorkspaceFoldersParams) error {
	var added []string
	for _, f := range params.Event.Added {
		added = append(added, f.URI.FsPath())
	}
	s.mu.Lock()
	s.folders = append(s.folders, added...)
	s.mu.Unlock()
	go s.files.scan(s.ctx, added)
	return nil
}
