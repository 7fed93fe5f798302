// Package syntax reads .choreo files: a tree-sitter grammar for both surface
// forms of the language (../shared/spec/LANGUAGE.md), its Go binding with
// incremental re-parsing, the lowering of concrete trees into the typed
// tree of ast.go, and syntax diagnostics.
//
// # Entry points
//
//   - ParseFile(src) parses and lowers a whole file; it never fails and
//     releases every tree-sitter object it creates.
//   - NewParser, Parser.Parse and Parser.Reparse (with Edit / NewEdit) give
//     the concrete Tree for editors; Lower(tree) lowers it. Trees and parsers
//     hold C memory: Close them.
//   - Language() is the tree-sitter language for the queries in queries/
//     (highlights, folds, locals, indents; nvim-treesitter capture names).
//
// # Grammar
//
// grammar.js is the source of truth; scripts/gen-parser.sh regenerates
// src/parser.c from it with the Debian tree-sitter CLI, and a test fails
// when the committed parser is stale. One start rule chooses the form from
// the first tokens: module, import or `protocol P ... =` start the layout
// form; `#[`, or `protocol P {` / `choreography P {`, the brace form.
// Compound statements are written once per form (their bodies are
// indentation blocks in one and braces in the other) and aliased to the same
// node kinds (choice, branch, loop, rec, par, retry, heartbeat, block,
// protocol), so a construct has one node kind whatever its spelling.
//
// Choices made where the specification is silent:
//
//   - Keywords are contextual: `identifier` is the grammar's word token, so a
//     keyword is only recognised where the grammar expects it and `end`,
//     `of`, `at`, `broadcast`, `loop` ... remain usable as message and label
//     names. Where a role name and a keyword would both fit at the start of a
//     statement (a role called `join`), the keyword wins.
//   - A bracket after a role is an index or an annotation list; the token
//     after the first name inside (`]`, `..` versus `=`, `:`) decides. The
//     one declared conflict is the brace form's `transfer x to A [`, where
//     the bracket indexes the target or opens the next item's prefix.
//   - Frequent constructs have cheap concrete shapes (each node a parser
//     reduces costs about as much as lexing two tokens): a plain role name
//     is a role_ref leaf (an indexed role has name and index children), a
//     message without payload is a message leaf, and a payload in
//     parentheses on one line, without nested parentheses or strings, is a
//     single paren_payload token (other payloads have a raw_text child).
//     Queries match the leaves with negated fields (`(role_ref !name)`).
//   - The type path of an `of` payload is one token, written without
//     spaces (`crate.handlers.Response`, `crate::Msg`), as in the
//     specification and every corpus file; `crate . X` is a syntax error.
//   - Prefix annotations (`@name`, `@name(args)`, `[@k = v]`) are items of
//     their block in the concrete tree and are attached to the next
//     statement when lowering.
//   - Consecutive `branch` blocks (the older parallel form) lower to one Par.
//   - Payload text is raw up to the matching bracket (nested brackets of
//     the same kind and strings are skipped). Inside a layout block an
//     unclosed payload also ends before a line that starts at or left of the
//     block's column, so that one missing `)` does not swallow the file.
//   - `leak: External` lowers to an identifier value with Annotation.Colon
//     set; its meaning (the same as `leak = "External"`) is the analysis'.
//   - The layout form accepts `->`-continuation lines, branch bodies on the
//     branch line (`| ok -> A -> B : M`, optionally continued by an indented
//     block) and `{}` as an empty block, on its own line or not.
//   - Upstream's explicit-brace style is read inside the layout form:
//     wherever an indented block may stand, a brace block may too (`protocol
//     P = {`, `choice at R {` with `| label -> { ... }` branches, `par {`,
//     `where {`), with the brace form's items inside (layout suspended, `;`
//     optional). The file stays a layout file; the formatter prints such
//     blocks with indentation.
//   - Protocol-level annotations (`@optimize(...)` before `protocol` or
//     `choreography`) are children of the protocol node, or of the file when
//     they come before a brace file's attributes; only the `@name` spellings,
//     since a `[` there would be ambiguous after a layout body at column 0.
//   - An annotation entry without a value needs its `@` (`[@critical]`):
//     `A[x]` is an index. Keys may be strings. Receiver annotations
//     (`-> B[@k = v]`, after an index too) have only the bracket spelling.
//   - `integer` includes a leading minus sign, so that `Workers[-1..5]`, a
//     negative count or a negative annotation value parses and gets a
//     diagnostic that says what is wrong (lowering for counts, analysis for
//     indexes and annotation values). `roles: A, B` without `;` before a
//     `[@k = v]` line is a second declared conflict ([role_decl]): the token
//     after `[` settles it.
//   - `proof_bundle` declarations (layout form, after the headers) take their
//     clauses in any order (a clause given twice is a syntax error);
//     `topology Name { ... }` blocks after a brace-form protocol are kept as
//     raw text.
//
// To keep structure around the statement being typed, the layout form is
// tolerant where a line break ends a statement: a send may stop after its
// arrow, receiver or colon, a choice or loop head may lack its operand, and
// a compound statement may lack its block. These parse without ERROR nodes;
// lowering reports precisely what is missing ("expected ':' and a message
// after 'A -> B'") and leaves the incomplete statement out of the typed
// tree, whose nodes are therefore always complete.
//
// # Layout
//
// The external scanner (src/scanner.c) turns indentation into the tokens
// _indent, _dedent and _newline, following LANGUAGE.md §2.2. It keeps a stack
// of block columns (starting with 0) and is consulted only where the grammar
// can accept one of those tokens, which is how layout is suspended inside
// ( ), [ ] and { }: no rule inside brackets accepts them. At a line break it
// measures the column of the next significant line, skipping blank lines
// and comment-only lines, and emits:
//
//   - nothing, when the next line starts with `->` or `->*` (a continuation
//     of the current statement);
//   - _indent, when the column is deeper than the current block and a block
//     may open here (the column is pushed);
//   - _dedent, when the column is shallower (one block popped per token, so
//     a dedent over several levels gives several tokens);
//   - _newline otherwise, when an item may end here.
//
// _indent and _dedent are empty tokens at the end of the line. _newline
// spans the line break and the indentation after it, so that it is never
// empty: tree-sitter's error recovery ignores empty tokens that do not change
// the scanner state, and it needs _newline to resume at the next line, which
// keeps an error confined to its line. (When a comment follows the break,
// _newline is empty instead, so that the comment stays in the tree.)
//
// The scanner measures leniently and never fails: a tab advances to the
// next multiple of 8, and a dedent to a column between two open blocks
// closes the inner one and continues the outer block. The Go layout check
// then reports, with code "layout", every tab in indentation and every item
// of a block that does not start at the block's column ("inconsistent
// indentation" for a dedent that matches no open block, "unexpected
// indentation" for a deeper line that nothing opened). The stack is bounded
// (256 levels) so that its state always fits tree-sitter's serialization
// buffer.
//
// # Diagnostics
//
// Lower reports every ERROR and MISSING node once (nested errors are not
// reported again), with code "syntax". Each token kept in an ERROR node
// records the parse state it was read in, and tokens read after the parser
// gave up record none; so the last token with a state is the one that broke
// the parse, and the lookahead set of its state, ranked and summarised, is
// what the message says was expected. A MISSING closing bracket names the
// opening bracket it would close.
//
// # Performance
//
// go-tree-sitter routes every allocation of the tree-sitter runtime through
// Go callbacks; the binding switches the runtime back to the C allocator
// (src.UseCAllocator), which makes parsing an order of magnitude faster.
// The parser reads the source in place through one C call (src.Parse):
// go-tree-sitter's own reader calls back into Go and copies every chunk.
// The generated parse table is rewritten so that every state is a row of
// the dense table (scripts/densetable, run by gen-parser.sh): the generator
// keeps most states as run-length groups that the runtime searches
// linearly on each token and reduction.
//
// Lowering does not read the tree through go-tree-sitter's Node methods,
// each of which is a call into C: src.Flatten copies the kind, field, byte
// range and flags of every visible node into a Go slice in one call, and
// the lowering walks that slice (cst.go). Only syntax errors, which need
// parse states and parents, are described from the tree-sitter tree: the
// flat copy says where they are, and a cursor jumps to each of them in C.
//
// A re-parse after a small edit costs time proportional to the number of
// items in the blocks around the edit, not to the size of the edit:
// tree-sitter marks the inner nodes of a long repetition as fragile (they
// are reduced in states that also allow extending the repetition), so it
// reuses a block's items one by one and reduces them again rather than
// reusing whole runs of them. (Ending items with _newline instead of
// separating them was measured: re-parsing became three times slower.
// Dropping the never-taken repetition shift from those table entries makes
// the runs reusable and halves the re-parse, but FuzzReparse found a
// document that it then re-parses wrongly, so the tables keep it. A
// right-recursive item list, which tree-sitter does not treat as a
// repetition, also halves the re-parse, but error recovery in a long block
// becomes quadratic: 20,000 broken lines took 2.5 minutes instead of 2 s.)
// The benchmarks in bench_test.go report CPU time as
// well as wall-clock time, since the machines they run on are shared.
package syntax
