package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), strings.NewReader(`digraph g { a -> b [label="!B.Msg"] }`), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "<svg") || !strings.Contains(out.String(), "!B.Msg") {
		t.Errorf("output:\n%s", out.String())
	}
	if err := run(context.Background(), strings.NewReader("digraph {"), &out); err == nil {
		t.Error("broken dot accepted")
	}
}
