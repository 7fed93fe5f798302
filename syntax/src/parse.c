// Parsing of a document held in memory, without callbacks into Go.
//
// go-tree-sitter's Parser.ParseWithOptions reads the text through a Go
// callback that copies every chunk it hands over; choreo_parse gives the
// runtime the whole document in place instead. The types and the function
// of tree_sitter/api.h (tree-sitter 0.25, the runtime go-tree-sitter v0.25
// links in) used here are declared below.

#include "parse.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct {
  uint32_t row;
  uint32_t column;
} TSPoint;

typedef enum {
  TSInputEncodingUTF8,
  TSInputEncodingUTF16LE,
  TSInputEncodingUTF16BE,
  TSInputEncodingCustom,
} TSInputEncoding;

typedef struct {
  void *payload;
  const char *(*read)(void *payload, uint32_t byte_index, TSPoint position, uint32_t *bytes_read);
  TSInputEncoding encoding;
  uint32_t (*decode)(const uint8_t *string, uint32_t length, int32_t *code_point);
} TSInput;

typedef struct {
  void *payload;
  uint32_t current_byte_offset;
  bool has_error;
} TSParseState;

typedef struct {
  void *payload;
  bool (*progress_callback)(TSParseState *state);
} TSParseOptions;

TSTree *ts_parser_parse_with_options(TSParser *self, const TSTree *old_tree, TSInput input, TSParseOptions options);

typedef struct {
  const char *text;
  uint32_t length;
} Text;

static const char *read_text(void *payload, uint32_t byte_index, TSPoint position, uint32_t *bytes_read) {
  (void)position;
  const Text *t = payload;
  if (byte_index >= t->length) {
    *bytes_read = 0;
    return "";
  }
  *bytes_read = t->length - byte_index;
  return t->text + byte_index;
}

static bool canceled(TSParseState *state) {
  return __atomic_load_n((const int32_t *)state->payload, __ATOMIC_RELAXED) != 0;
}

TSTree *choreo_parse(TSParser *parser, const TSTree *old, const char *text, uint32_t length, const int32_t *cancel) {
  Text t = {text, length};
  TSInput input = {&t, read_text, TSInputEncodingUTF8, NULL};
  TSParseOptions options = {(void *)cancel, cancel != NULL ? canceled : NULL};
  return ts_parser_parse_with_options(parser, old, input, options);
}
