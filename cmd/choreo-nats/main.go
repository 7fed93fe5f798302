// Command choreo-nats is choreo with the NATS client: the same command line
// (package cmd/internal/cli) with its NATS side (package
// cmd/internal/natsnet). The command line (choreo-syntax, to which choreo
// hands it) hands on the command lines that reach a NATS server, whole and
// unchanged: `choreo node`, `choreo monitor --nats`
// and `choreo run --transport nats` (on Unix by replacing itself, see
// internal/helperbin). It is installed next to choreo by `go install
// ./cmd/...`.
//
// It is a program of its own because the NATS Go client links net/http,
// TLS, compression and key packages whose initialisation, linked into the
// command line, cost every command, `choreo subtype` and `lint` included, about a
// third of its start-up.
package main

import (
	"os"

	"github.com/choreo-lang/choreo/cmd/internal/cli"
	"github.com/choreo-lang/choreo/cmd/internal/natsnet"
)

func main() { os.Exit(cli.Main(natsnet.Network{})) }
