package cli

import (
	"context"
	"time"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
	"github.com/choreo-lang/choreo/runtime"
	"github.com/choreo-lang/choreo/runtime/transport"
)

// Network is the NATS side of the commands: what `choreo node`, `choreo
// monitor --nats` and `choreo run --transport nats` (or --host nats) need
// to reach a NATS server (package cmd/internal/natsnet, on the NATS Go
// client). choreo runs without one: the client links net/http, TLS and
// compression packages whose initialisation cost every command about a
// third of its start-up, so choreo hands those command lines over, whole,
// to choreo-nats, which runs this same command line with a Network.
type Network interface {
	// Transport returns the transport of sessions over the server at url.
	Transport(url string) transport.Transport
	// Host connects to url as name and returns a host that asks the
	// session's host process over request/reply, each request waiting at
	// most timeout, and a function that closes the connection.
	Host(url, name, session string, timeout time.Duration) (runtime.Host, func(), error)
	// Observe connects to url as name and subscribes to the events of
	// session; next returns them in order, and close ends the connection.
	Observe(ctx context.Context, url, name, session string) (next func(context.Context) (transport.Frame, error), close func(), err error)
}

// natsHelper is the program that runs the command lines needing a Network.
const natsHelper = "choreo-nats"

// app is what every command shares: the Network (nil in choreo-syntax) and the
// command line, which is handed over whole to choreo-nats when a command
// needs the Network and this program has none.
type app struct {
	net  Network
	args []string
}

// network returns the Network, or hands the command line over to
// choreo-nats (returning only its exit status where the process cannot
// be replaced, or the error of starting it).
func (a *app) network() (Network, error) {
	if a.net != nil {
		return a.net, nil
	}
	return nil, cmdline.HandOver(natsHelper, a.args)
}
