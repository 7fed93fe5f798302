// Command choreo-syntax is choreo's full command line (package
// cmd/internal/cli): every command, with the tree-sitter parser that reads
// .choreo and .tell files. choreo hands it every command line but the
// session-notation checks it answers itself (see cmd/choreo for why);
// it is installed next to choreo (go install ./cmd/...).
package main

import (
	"os"

	"github.com/choreo-lang/choreo/cmd/internal/cli"
)

func main() { os.Exit(cli.Main(nil)) }
