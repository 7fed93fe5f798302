// Command host is an example choreo host in Go: it answers the
// provide_message and select_branch requests of some roles of a session
// over NATS (see docs/nats.md), so that a choreo node run with --host nats
// takes its payloads and branch decisions from it. The tests of choreo
// node use it as a host process.
//
//	go run ./examples/hosts/go --nats nats://127.0.0.1:4222 --session s1 \
//	    --role Seller --choose reject --payload Bid='amount=42'
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"slices"
	"strings"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/choreo-lang/choreo/runtime/natstransport"
)

// list is a repeatable string flag.
type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

// handler answers from fixed payloads per message and preferred labels.
type handler struct {
	payloads map[string]string // message name -> payload
	choose   []string          // preferred labels, first offered wins
	log      *log.Logger
}

func (h *handler) ProvideMessage(req natstransport.ProvideRequest) (string, error) {
	p, ok := h.payloads[req.Msg]
	if !ok && req.PayloadType != "" {
		p = fmt.Sprintf("from=%q", "go host")
	}
	h.log.Printf("%s -> %s : %s(%s)", req.Role, req.To, req.Msg, p)
	return p, nil
}

func (h *handler) SelectBranch(req natstransport.SelectRequest) (string, error) {
	for _, want := range h.choose {
		if slices.Contains(req.Labels, want) {
			h.log.Printf("%s chooses %s of %v", req.Role, want, req.Labels)
			return want, nil
		}
	}
	h.log.Printf("%s chooses %s of %v", req.Role, req.Labels[0], req.Labels)
	return req.Labels[0], nil
}

func main() {
	var roles, choose, payloads list
	url := flag.String("nats", nats.DefaultURL, "NATS server URL")
	session := flag.String("session", "", "session ID (required)")
	lifetime := flag.Duration("for", time.Minute, "serve this long at most")
	flag.Var(&roles, "role", "a role to serve (repeatable, required)")
	flag.Var(&choose, "choose", "a preferred branch label (repeatable)")
	flag.Var(&payloads, "payload", "MSG=PAYLOAD, the payload of a message (repeatable)")
	flag.Parse()
	logger := log.New(os.Stderr, "go host: ", 0)
	if *session == "" || len(roles) == 0 {
		logger.Fatal("--session and --role are required")
	}
	h := &handler{payloads: make(map[string]string), choose: choose, log: logger}
	for _, p := range payloads {
		msg, payload, ok := strings.Cut(p, "=")
		if !ok {
			logger.Fatalf("--payload %q: want MSG=PAYLOAD", p)
		}
		h.payloads[msg] = payload
	}
	nc, err := nats.Connect(*url, nats.Name("go host "+*session))
	if err != nil {
		logger.Fatal(err)
	}
	defer nc.Close()
	for _, role := range roles {
		stop, err := natstransport.ServeHost(nc, *session, role, h)
		if err != nil {
			logger.Fatal(err)
		}
		defer stop()
	}
	logger.Printf("serving %s in session %s", strings.Join(roles, ", "), *session)
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()
	ctx, cancelLife := context.WithTimeout(ctx, *lifetime)
	defer cancelLife()
	<-ctx.Done()
}
