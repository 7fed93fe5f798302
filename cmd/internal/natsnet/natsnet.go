// Package natsnet is the NATS side of choreo's command line (cli.Network)
// on the NATS Go client of package runtime/natstransport. Only choreo-nats
// links it; choreo hands the command lines that need it over to that
// program (see cli.Network).
package natsnet

import (
	"context"
	"time"

	"github.com/choreo-lang/choreo/runtime"
	"github.com/choreo-lang/choreo/runtime/natstransport"
	"github.com/choreo-lang/choreo/runtime/transport"
)

// Network reaches NATS servers with the NATS Go client.
type Network struct{}

// Transport returns the transport of sessions over the server at url.
func (Network) Transport(url string) transport.Transport {
	return &natstransport.Transport{URL: url}
}

// Host connects to url as name and returns a host that asks the session's
// host process over request/reply, and a function closing the connection.
func (Network) Host(url, name, session string, timeout time.Duration) (runtime.Host, func(), error) {
	nc, err := (&natstransport.Transport{URL: url}).Connect(name)
	if err != nil {
		return nil, nil, err
	}
	return &natstransport.Host{Conn: nc, Session: session, Timeout: timeout}, nc.Close, nil
}

// Observe connects to url as name and subscribes to the events of session.
func (Network) Observe(ctx context.Context, url, name, session string) (func(context.Context) (transport.Frame, error), func(), error) {
	nc, err := (&natstransport.Transport{URL: url}).Connect(name)
	if err != nil {
		return nil, nil, err
	}
	next, err := natstransport.Observe(ctx, nc, session)
	if err != nil {
		nc.Close()
		return nil, nil, err
	}
	return next, nc.Close, nil
}
