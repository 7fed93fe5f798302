// Package lsp is the choreo language server: `choreo lsp` speaks the
// Language Server Protocol (3.18) over stdio, built on go.lsp.dev/protocol
// and go.lsp.dev/jsonrpc2. It contains no analysis logic: every answer is
// read from analysis.Result (syntax tree, global protocol, projections,
// diagnostics, budget, manifest, symbols, effect commands), the runtime,
// projection/compat and syntax/format.
//
// # Snapshots
//
// Every version of a file is an immutable Snapshot: its text, a position
// mapper, and — computed once, on first use — its analysis. Requests and
// the diagnostics job share a snapshot without locks; the only mutable
// state is the map from URI to the current snapshot (fileStore.mu).
//
// A snapshot has a context that is cancelled when a newer version replaces
// it or the file is closed. Its analysis runs under that context, in its
// own goroutine, so a request that gives up (cancellation) does not stop
// work others wait for, while a superseded version stops as soon as the
// pipeline next checks. A request that finds its snapshot superseded
// answers ContentModified; a cancelled request answers RequestCancelled.
//
// Parsing is incremental and never happens on the connection's read loop:
// didChange only splices the text and derives, for the new snapshot, a
// copy of the previous version's concrete tree with the edits applied
// (tree-sitter copies share structure). The new snapshot's analysis parses
// reusing that tree, lowers it and runs analysis.AnalyzeTree. Each tree is
// closed exactly once, when the snapshot is both analysed and retired
// (see trees). Files of the workspace that are not open are read from disk
// (workspace scan at initialized, didChangeWatchedFiles) and analysed
// lazily with analysis.Analyze, for workspace symbols and completion.
//
// Definition and references are per file for roles, labels, rec labels and
// local protocols. The two cross-file names are resolved over every open
// and scanned file: a link endpoint (SEMANTICS §6) goes to the links of
// the same bundle that export it, and its references are all exports and
// imports of it in that bundle (exports count as declarations); `import
// Name` goes to the top-level protocol Name, whose references include
// those imports. analysis keeps only a link string's span, so endpoint
// spans are recomputed from the literal (not for literals with escapes).
//
// # Concurrency
//
// go.lsp.dev/jsonrpc2 runs a handler on its read loop unless the handler
// releases it. The server releases every request except lifecycle and
// document-synchronization messages, which therefore apply in wire order
// before any later request starts (see sequential in transport.go).
// Diagnostics are computed off the request path: each edit cancels the
// document's pending job and starts a new one that waits out the debounce
// (setting diagnosticsDelayMs, flag --diagnostics-delay; default 50 ms,
// 0 for benchmarks), analyses the snapshot and publishes with the
// snapshot's version. Publishing holds a per-document lock and re-checks
// cancellation under it, so diagnostics of an old version can never follow
// those of a newer one. Closing a document publishes an empty set.
//
// # Robustness
//
// The transport and handler layers add what jsonrpc2 v1.0.1 lacks: a
// frame that is not JSON is answered with a ParseError (id null) instead
// of ending the connection; errors of notifications are logged instead of
// closing the connection; a panicking handler answers InternalError and
// the server keeps serving; requests before initialize answer
// ServerNotInitialized and after shutdown InvalidRequest; unknown methods
// answer MethodNotFound; $/cancelRequest accepts numeric and string ids.
// Handlers run under contexts derived from the server's, never from
// jsonrpc2's pooled request context (deriving from it would touch it after
// it is recycled). Positions out of range are clamped (a character past
// the end of a line means the line end, a line past the end of the text
// means its end); invalid UTF-8 bytes count as one character.
//
// # Positions
//
// The server negotiates UTF-8 positions when the client offers them and
// uses UTF-16 otherwise. Lines end at '\n' (a '\r' before it belongs to
// the terminator), the convention of tree-sitter and package diag.
//
// # Live compatibility
//
// For a file tracked by git, the buffer is classified against its version
// at the base revision (setting compat.base, else the project file's
// compat.base, else HEAD) with projection/compat: the classification is a
// code lens, and every incompatible role a diagnostic (compat.severity,
// default warning) whose related information carries the counterexample.
// The baseline is analysed with the project file that applied to it at the
// base revision (see internal/gitrev). The check runs after the
// snapshot's diagnostics are published, under the snapshot's context, so
// an edit that replaces the snapshot stops a running subtyping check at
// once; each check is bounded by the project file's subtype section
// (timeout, max_configurations, max_pending; default 900 ms), and a role
// whose check reaches a bound is reported as undetermined, naming it. The
// analysed baseline is cached until a save or a settings change.
//
// # Commands
//
// workspace/executeCommand accepts choreo.runInVM, choreo.showProjection
// and choreo.compatWithBase; each takes the document URI first (see the
// constants in commands.go for arguments and results). Run in VM writes
// the trace (text), the sequence diagram (SVG) and its Mermaid source to a
// temporary directory and asks the client to show the trace, and the SVG
// in an external viewer, when it supports window/showDocument.
//
// # Settings
//
// initializationOptions and workspace/didChangeConfiguration accept
// {"choreo": {"diagnosticsDelayMs": 50, "familySizes": {"Witness": 5},
// "budget": {"multiplier": 2}, "compat": {"enabled": true, "base": "HEAD",
// "severity": "warning"}}}. Analysis options come from the project file
// (choreo.yaml), found by walking up from each file, as for the CLI, with
// two client settings taking precedence over it in every file the server
// analyses:
//
//   - familySizes: each entry replaces the project file's families.sizes
//     entry of the same name (the set sent last replaces the previous
//     one). As in choreo.yaml, an entry for a family name wins over one
//     for its size symbol, so a family the project file sizes by name is
//     resized by name.
//   - budget.multiplier replaces budget.multiplier; 1, the clients'
//     default, keeps the project file's.
//
// The settings are merged into each directory's configuration once per
// change, not per analysis; a change re-analyses the open documents. The
// git baseline of live compatibility is analysed with the choreo.yaml of
// its revision and the same client settings, so that a setting alone
// never shows up as an incompatible change.
//
// The mistakes of a project file are published as diagnostics of the
// choreo.yaml itself (code "config"), open in the editor or not: the error
// that stopped it from loading, in which case its directories use the
// defaults, or the warnings it loaded despite (an unknown diagnostic
// code). They follow the file's changes (workspace/didChangeWatchedFiles)
// and are cleared when it is fixed or deleted.
package lsp
