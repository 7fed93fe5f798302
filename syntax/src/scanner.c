// External scanner of the .choreo grammar.
//
// It produces two kinds of tokens the generated lexer cannot:
//
//  1. The layout tokens of the layout form (LANGUAGE.md §2.2): _newline,
//     _indent and _dedent. They are zero-width tokens placed at the end of a
//     line. The scanner keeps a stack of block columns; at a line break it
//     measures the column of the next significant line (blank lines and
//     comment-only lines are skipped) and emits
//       - _indent when the column is deeper than the current block and the
//         grammar can open a block here (the column is pushed),
//       - _dedent when the column is shallower (one block is popped per
//         token; a column that matches no open block is left to the Go
//         layout check, which reports "inconsistent indentation"),
//       - _newline otherwise, when the grammar can end an item here.
//     A line whose first token is `->` (or `->*`) continues the previous
//     line and produces nothing. Inside ( ), [ ] and { } the grammar never
//     asks for layout tokens, so layout is suspended there.
//
//  2. Raw text up to a matching bracket: message payloads, guards,
//     `exposing (...)` lists and `@name(args)`. Nested brackets of the same
//     kind and double-quoted strings are skipped over; leading and trailing
//     white space is left out of the token.
//
// The brace form never asks for layout tokens, so the same scanner serves
// both forms.

#include "tree_sitter/parser.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum TokenType {
  NEWLINE,
  INDENT,
  DEDENT,
  PAREN_TEXT,
  BRACE_TEXT,
  ANGLE_TEXT,
  ERROR_SENTINEL,
};

// MAX_DEPTH bounds the indentation stack so that it always serializes into
// TREE_SITTER_SERIALIZATION_BUFFER_SIZE bytes (two bytes per level).
#define MAX_DEPTH 256

// TAB_STOP is the tab width used to measure a column. Tabs in leading white
// space are reported as errors by the Go layout check; the scanner only
// needs a consistent measure to keep parsing.
#define TAB_STOP 8

typedef struct {
  uint16_t columns[MAX_DEPTH];  // columns[0] is the file level, always 0
  uint32_t depth;               // number of valid entries, at least 1
} Scanner;

static inline void advance(TSLexer *lexer) { lexer->advance(lexer, false); }

static inline void skip(TSLexer *lexer) { lexer->advance(lexer, true); }

// at_eof reports whether the lexer is at the end of the input. The lexer's
// lookahead is 0 there, so the call into the lexer is needed only for a
// NUL character.
static inline bool at_eof(const TSLexer *lexer) { return lexer->lookahead == 0 && lexer->eof(lexer); }

static inline bool is_space(int32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// scan_raw reads raw text up to the bracket `close` that matches an already
// consumed `open`, without consuming it. Inside a layout block (block_column
// > 0), an unclosed bracket does not swallow the rest of the file: the text
// also ends before a line that starts at or left of the block's column,
// where the next statement of the block begins.
static bool scan_raw(TSLexer *lexer, int32_t open, int32_t close, enum TokenType symbol, uint16_t block_column) {
  while (!at_eof(lexer) && is_space(lexer->lookahead)) {
    skip(lexer);
  }
  uint32_t depth = 0;
  bool has_text = false;
  while (!at_eof(lexer)) {
    int32_t c = lexer->lookahead;
    if (c == close && depth == 0) {
      break;
    }
    if (c == '"') {
      advance(lexer);
      while (!at_eof(lexer) && lexer->lookahead != '"' && lexer->lookahead != '\n') {
        if (lexer->lookahead == '\\') {
          advance(lexer);
          if (at_eof(lexer)) {
            break;
          }
        }
        advance(lexer);
      }
      if (lexer->lookahead == '"') {
        advance(lexer);
      }
      has_text = true;
      lexer->mark_end(lexer);
      continue;
    }
    if (c == '-' && close == '>') {
      // An arrow inside a generic list (`Fn(A) -> B`) does not close it.
      advance(lexer);
      if (lexer->lookahead == '>') {
        advance(lexer);
      }
      has_text = true;
      lexer->mark_end(lexer);
      continue;
    }
    if (c == '\n' && block_column > 0) {
      advance(lexer);
      uint32_t column = 0;
      while (lexer->lookahead == ' ' || lexer->lookahead == '\t') {
        column++;
        advance(lexer);
      }
      if (column <= block_column && lexer->lookahead != '\n' && lexer->lookahead != '\r' && !at_eof(lexer)) {
        break;
      }
      continue;
    }
    if (c == open) {
      depth++;
    } else if (c == close) {
      depth--;
    }
    advance(lexer);
    if (!is_space(c)) {
      has_text = true;
      lexer->mark_end(lexer);
    }
  }
  if (!has_text) {
    return false;
  }
  lexer->result_symbol = symbol;
  return true;
}

// skip_line_comment skips the rest of the line.
static void skip_line_comment(TSLexer *lexer) {
  while (!at_eof(lexer) && lexer->lookahead != '\n') {
    skip(lexer);
  }
}

// skip_block_comment skips the rest of a block comment whose opening
// delimiter has been skipped; it ends with `last` then `end` ("-}" or
// "*/"). It returns the column after the comment, given the column after
// its opening delimiter.
static uint32_t skip_block_comment(TSLexer *lexer, int32_t last, int32_t end, uint32_t column) {
  while (!at_eof(lexer)) {
    int32_t c = lexer->lookahead;
    skip(lexer);
    column = c == '\n' ? 0 : column + 1;
    if (c == last && lexer->lookahead == end) {
      skip(lexer);
      return column + 1;
    }
  }
  return column;
}

static bool scan_layout(Scanner *scanner, TSLexer *lexer, const bool *valid_symbols) {
  // _indent and _dedent are empty tokens at the end of the line, and so is
  // _newline when a comment follows the line break: the white space and
  // comments looked at here are lexed again as extras. Otherwise _newline
  // spans the line break and the indentation up to the next token, so that
  // it is never empty: error recovery ignores empty tokens that leave the
  // scanner state unchanged, and it needs _newline to resume at a line.
  lexer->mark_end(lexer);

  bool at_line_start = false;
  bool passed_comment = false;     // a comment lies between here and the next token
  bool passed_token_char = false;  // the first char of the next token was consumed
  uint32_t column = 0;
  for (;;) {
    if (at_eof(lexer)) {
      at_line_start = true;
      column = 0;
      break;
    }
    int32_t c = lexer->lookahead;
    if (c == '\n') {
      at_line_start = true;
      column = 0;
      skip(lexer);
    } else if (c == ' ') {
      column++;
      skip(lexer);
    } else if (c == '\t') {
      column += TAB_STOP - column % TAB_STOP;
      skip(lexer);
    } else if (c == '\r' || c == '\f' || c == '\v') {
      skip(lexer);
    } else if (c == '-' || c == '/' || c == '{') {
      skip(lexer);
      int32_t next = lexer->lookahead;
      if (c == '-' && next == '>') {
        // `->` first on a line continues the previous statement; elsewhere
        // it is an ordinary token. Either way: no layout token.
        return false;
      }
      bool line_comment = (c == '-' && next == '-') || (c == '/' && next == '/');
      bool block_comment = (c == '{' && next == '-') || (c == '/' && next == '*');
      if (!line_comment && !block_comment) {
        passed_token_char = true;
        break;  // an ordinary token starting with c
      }
      if (!at_line_start) {
        return false;  // a comment after code on the same line
      }
      skip(lexer);
      passed_comment = true;
      if (line_comment) {
        skip_line_comment(lexer);
      } else {
        column = skip_block_comment(lexer, next, c == '{' ? '}' : '/', column + 2);
      }
    } else {
      break;
    }
  }
  if (!at_line_start) {
    return false;
  }

  uint16_t current = scanner->columns[scanner->depth - 1];
  if (column > UINT16_MAX) {
    column = UINT16_MAX;
  }
  if (valid_symbols[INDENT] && column > current && !at_eof(lexer) && scanner->depth < MAX_DEPTH) {
    scanner->columns[scanner->depth++] = (uint16_t)column;
    lexer->result_symbol = INDENT;
    return true;
  }
  if (valid_symbols[DEDENT] && column < current && scanner->depth > 1) {
    scanner->depth--;
    lexer->result_symbol = DEDENT;
    return true;
  }
  if (valid_symbols[NEWLINE] && !at_eof(lexer)) {
    if (!passed_token_char && !passed_comment) {
      lexer->mark_end(lexer);
    }
    lexer->result_symbol = NEWLINE;
    return true;
  }
  return false;
}

bool tree_sitter_choreo_external_scanner_scan(void *payload, TSLexer *lexer, const bool *valid_symbols) {
  Scanner *scanner = (Scanner *)payload;
  // During error recovery every symbol is valid, including the sentinel
  // that no rule uses. Raw text is then never produced: it could swallow
  // the rest of the file.
  bool recovering = valid_symbols[ERROR_SENTINEL];
  if (!recovering) {
    uint16_t block_column = scanner->columns[scanner->depth - 1];
    if (valid_symbols[PAREN_TEXT]) {
      return scan_raw(lexer, '(', ')', PAREN_TEXT, block_column);
    }
    if (valid_symbols[BRACE_TEXT]) {
      return scan_raw(lexer, '{', '}', BRACE_TEXT, block_column);
    }
    if (valid_symbols[ANGLE_TEXT]) {
      return scan_raw(lexer, '<', '>', ANGLE_TEXT, block_column);
    }
  }
  if (!valid_symbols[NEWLINE] && !valid_symbols[INDENT] && !valid_symbols[DEDENT]) {
    return false;
  }
  if (recovering && scanner->depth <= 1) {
    // Brace-form files (and layout headers) never open a layout block.
    return false;
  }
  return scan_layout(scanner, lexer, valid_symbols);
}

void *tree_sitter_choreo_external_scanner_create(void) {
  Scanner *scanner = calloc(1, sizeof(Scanner));
  if (scanner != NULL) {
    scanner->depth = 1;
  }
  return scanner;
}

void tree_sitter_choreo_external_scanner_destroy(void *payload) { free(payload); }

unsigned tree_sitter_choreo_external_scanner_serialize(void *payload, char *buffer) {
  Scanner *scanner = (Scanner *)payload;
  unsigned size = 0;
  for (uint32_t i = 1; i < scanner->depth; i++) {
    buffer[size++] = (char)(scanner->columns[i] & 0xff);
    buffer[size++] = (char)(scanner->columns[i] >> 8);
  }
  return size;
}

void tree_sitter_choreo_external_scanner_deserialize(void *payload, const char *buffer, unsigned length) {
  Scanner *scanner = (Scanner *)payload;
  scanner->columns[0] = 0;
  scanner->depth = 1;
  for (unsigned i = 0; i + 1 < length && scanner->depth < MAX_DEPTH; i += 2) {
    scanner->columns[scanner->depth++] =
        (uint16_t)((unsigned char)buffer[i] | ((unsigned char)buffer[i + 1] << 8));
  }
}
