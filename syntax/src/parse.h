// Declarations shared by parse.c and the Go binding (parse.go).

#ifndef CHOREO_PARSE_H_
#define CHOREO_PARSE_H_

#include <stdint.h>

typedef struct TSParser TSParser;
typedef struct TSTree TSTree;

// choreo_parse parses the length bytes at text with parser, reusing old
// (already edited) when it is not NULL, and returns the new tree. The
// parser reads text in place. When cancel is not NULL the parser polls
// *cancel and stops, returning NULL, once it is not zero.
TSTree *choreo_parse(TSParser *parser, const TSTree *old, const char *text, uint32_t length, const int32_t *cancel);

#endif  // CHOREO_PARSE_H_
