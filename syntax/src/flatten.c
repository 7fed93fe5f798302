// Flattening of a concrete syntax tree into an array, so that the Go side
// reads a whole tree with one call into C instead of several calls per
// node.
//
// The tree-sitter runtime is linked in by go-tree-sitter; the few functions
// of its public API (tree_sitter/api.h of tree-sitter 0.25) used here are
// declared below, with the types declared in flatten.h.

#include "flatten.h"

#include <stdbool.h>
#include <stdlib.h>

uint16_t ts_node_symbol(TSNode self);
uint32_t ts_node_start_byte(TSNode self);
uint32_t ts_node_end_byte(TSNode self);
bool ts_node_is_named(TSNode self);
bool ts_node_is_missing(TSNode self);
bool ts_node_is_extra(TSNode self);
bool ts_node_has_error(TSNode self);
uint32_t ts_node_descendant_count(TSNode self);
uint32_t ts_node_child_count(TSNode self);
TSTreeCursor ts_tree_cursor_new(TSNode node);
void ts_tree_cursor_delete(TSTreeCursor *self);
TSNode ts_tree_cursor_current_node(const TSTreeCursor *self);
uint16_t ts_tree_cursor_current_field_id(const TSTreeCursor *self);
bool ts_tree_cursor_goto_first_child(TSTreeCursor *self);
bool ts_tree_cursor_goto_next_sibling(TSTreeCursor *self);
bool ts_tree_cursor_goto_parent(TSTreeCursor *self);

// ERROR_SYMBOL is the kind id of ERROR nodes (ts_builtin_sym_error).
#define ERROR_SYMBOL ((uint16_t)-1)

uint32_t choreo_descendant_count(const void *root) {
  return ts_node_descendant_count(*(const TSNode *)root);
}

uint32_t choreo_flatten(const void *root, ChoreoNode *out, uint32_t cap) {
  if (cap == 0) {
    return 0;
  }
  // last[d] is the index of the most recent node at depth d below the
  // root, whose next_sibling is set when its next sibling is written.
  uint32_t depth = 0;
  uint32_t stack_cap = 64;
  uint32_t *last = malloc(stack_cap * sizeof(uint32_t));
  if (last == NULL) {
    return 0;
  }
  TSTreeCursor cursor = ts_tree_cursor_new(*(const TSNode *)root);
  uint32_t count = 0;
  last[0] = 0;
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    uint32_t i = count++;
    if (depth > 0 && last[depth] != 0) {
      out[last[depth]].next_sibling = i;
    }
    last[depth] = i;
    uint16_t symbol = ts_node_symbol(node);
    uint16_t flags = 0;
    if (ts_node_is_named(node)) flags |= CHOREO_NODE_NAMED;
    if (ts_node_is_missing(node)) flags |= CHOREO_NODE_MISSING;
    if (ts_node_is_extra(node)) flags |= CHOREO_NODE_EXTRA;
    if (symbol == ERROR_SYMBOL) flags |= CHOREO_NODE_ERROR;
    if (ts_node_has_error(node)) flags |= CHOREO_NODE_HAS_ERROR;
    out[i] = (ChoreoNode){
        .start_byte = ts_node_start_byte(node),
        .end_byte = ts_node_end_byte(node),
        .next_sibling = 0,
        .symbol = symbol,
        .field = ts_tree_cursor_current_field_id(&cursor),
        .flags = flags,
    };
    if (count == cap) {
      break;
    }
    // Most nodes are tokens; asking the node is cheaper than the cursor.
    if (ts_node_child_count(node) > 0 && ts_tree_cursor_goto_first_child(&cursor)) {
      out[i].flags |= CHOREO_NODE_HAS_CHILDREN;
      depth++;
      if (depth == stack_cap) {
        uint32_t *grown = realloc(last, 2 * stack_cap * sizeof(uint32_t));
        if (grown == NULL) {
          break;
        }
        last = grown;
        stack_cap *= 2;
      }
      last[depth] = 0;
      continue;
    }
    bool done = false;
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (depth == 0 || !ts_tree_cursor_goto_parent(&cursor)) {
        done = true;
        break;
      }
      depth--;
    }
    if (done) {
      break;
    }
  }
  ts_tree_cursor_delete(&cursor);
  free(last);
  return count;
}
