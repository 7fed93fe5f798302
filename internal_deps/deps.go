package deps
import (
 _ "github.com/spf13/cobra"
 _ "github.com/goccy/go-yaml"
 _ "go.uber.org/zap"
 _ "go.lsp.dev/protocol"
 _ "go.lsp.dev/jsonrpc2"
 _ "github.com/tree-sitter/go-tree-sitter"
 _ "pgregory.net/rapid"
 _ "github.com/google/go-cmp/cmp"
 _ "github.com/owenrumney/go-sarif/v3/pkg/report"
)
