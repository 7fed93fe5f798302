package helperbin

import (
	"bytes"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// A Service is a helper program running as a child of this process for as
// long as it needs it (choreo-nats-server for a run over NATS).
type Service struct {
	cmd    *exec.Cmd
	stdin  io.Closer
	exited chan struct{} // closed once cmd.Wait returned
	err    error         // cmd.Wait's result, once exited is closed
	stderr bytes.Buffer
}

// StartService starts the helper at path with args as a service: a helper
// that writes one line on standard output once it is ready (its address,
// say), and stops when its standard input ends, so that it ends with this
// process however this process ends. It returns the line, or an error when
// the helper exits or timeout passes first.
func StartService(path string, args []string, timeout time.Duration) (*Service, string, error) {
	s := &Service{cmd: exec.Command(path, args...), exited: make(chan struct{})}
	stdin, err := s.cmd.StdinPipe()
	if err != nil {
		return nil, "", err
	}
	s.stdin = stdin
	first := &firstLine{ready: make(chan struct{})}
	s.cmd.Stdout = first
	s.cmd.Stderr = &s.stderr
	s.cmd.WaitDelay = time.Second // a child the helper left behind may hold its output open
	if err := s.cmd.Start(); err != nil {
		return nil, "", fmt.Errorf("start %s: %w", path, err)
	}
	go func() {
		s.err = s.cmd.Wait()
		close(s.exited)
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case <-first.ready:
		return s, first.line(), nil
	case <-s.exited:
		return nil, "", fmt.Errorf("%s stopped before it was ready: %v: %s", path, s.err, strings.TrimSpace(s.stderr.String()))
	case <-timer.C:
		_ = s.cmd.Process.Kill()
		<-s.exited
		return nil, "", fmt.Errorf("%s was not ready within %v", path, timeout)
	}
}

// Stop ends the service's standard input and waits until it has exited.
func (s *Service) Stop() error {
	_ = s.stdin.Close()
	<-s.exited
	if s.err != nil {
		return fmt.Errorf("%s: %w: %s", s.cmd.Path, s.err, strings.TrimSpace(s.stderr.String()))
	}
	return nil
}

// firstLine keeps the first line written to it, without its newline, and
// discards the rest.
type firstLine struct {
	mu    sync.Mutex
	buf   []byte
	done  bool
	ready chan struct{} // closed once the line is complete
}

func (w *firstLine) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.buf = append(w.buf, p...)
		if i := bytes.IndexByte(w.buf, '\n'); i >= 0 {
			w.buf, w.done = bytes.TrimSuffix(w.buf[:i], []byte("\r")), true
			close(w.ready)
		}
	}
	return len(p), nil
}

func (w *firstLine) line() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return string(w.buf)
}
