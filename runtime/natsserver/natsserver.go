// Package natsserver runs a NATS server (github.com/nats-io/nats-server/v2)
// in the process, for runs that need no NATS installation: the program
// choreo-nats-server (`choreo nats-server`, and the server `choreo run
// --transport nats` starts when given no --nats URL) and tests. It is a
// package of its own, apart from the client side in runtime/natstransport,
// because the server is large and initialises much at start-up: only
// choreo-nats-server links it (see cmd/choreo-nats-server).
package natsserver

import (
	"fmt"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Start starts an embedded NATS server on a free loopback port and
// returns it with its client URL; call Shutdown when done.
func Start() (*server.Server, string, error) {
	return Serve("127.0.0.1", server.RANDOM_PORT)
}

// Serve starts an embedded NATS server listening on host and port (0: a
// free port) and returns it with its client URL; call Shutdown when done.
func Serve(host string, port int) (*server.Server, string, error) {
	if port == 0 {
		port = server.RANDOM_PORT
	}
	ns, err := server.NewServer(&server.Options{
		Host:           host,
		Port:           port,
		NoLog:          true,
		NoSigs:         true,
		MaxControlLine: 4096,
	})
	if err != nil {
		return nil, "", fmt.Errorf("embedded NATS server: %w", err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		ns.Shutdown()
		return nil, "", fmt.Errorf("embedded NATS server: not ready within 10s")
	}
	return ns, ns.ClientURL(), nil
}
