// Declarations shared by flatten.c and the Go binding (flatten.go).

#ifndef CHOREO_FLATTEN_H_
#define CHOREO_FLATTEN_H_

#include <stdint.h>

// TSNode and TSTreeCursor as tree_sitter/api.h of tree-sitter 0.25 (the
// runtime go-tree-sitter v0.25 links in) declares them; flatten.go checks
// at compile time that go-tree-sitter's Node and TreeCursor have their
// sizes.
typedef struct TSTree TSTree;

typedef struct TSNode {
  uint32_t context[4];
  const void *id;
  const TSTree *tree;
} TSNode;

typedef struct TSTreeCursor {
  const void *tree;
  const void *id;
  uint32_t context[3];
} TSTreeCursor;

// ChoreoNode is one node of a flattened concrete syntax tree. The nodes of
// a tree are stored in preorder, so the first child of node i, if it has
// children, is node i + 1.
typedef struct {
  uint32_t start_byte;
  uint32_t end_byte;
  uint32_t next_sibling;  // index of the next sibling; 0 (the root) when none
  uint16_t symbol;        // public node kind id, aliases applied
  uint16_t field;         // field id in the parent; 0 when none
  uint16_t flags;         // CHOREO_NODE_* bits
  uint16_t reserved;
} ChoreoNode;

enum {
  CHOREO_NODE_NAMED = 1 << 0,
  CHOREO_NODE_MISSING = 1 << 1,
  CHOREO_NODE_EXTRA = 1 << 2,
  CHOREO_NODE_ERROR = 1 << 3,
  CHOREO_NODE_HAS_ERROR = 1 << 4,
  CHOREO_NODE_HAS_CHILDREN = 1 << 5,
};

// choreo_flatten writes the visible nodes of the subtree rooted at the
// tree-sitter node *root (a TSNode) into out, in preorder, and returns how
// many it wrote; it stops after cap nodes.
uint32_t choreo_flatten(const void *root, ChoreoNode *out, uint32_t cap);

// choreo_descendant_count returns the number of visible nodes in the
// subtree rooted at *root (a TSNode), root included.
uint32_t choreo_descendant_count(const void *root);

#endif  // CHOREO_FLATTEN_H_
