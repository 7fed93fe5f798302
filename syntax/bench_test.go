package syntax

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/choreo-lang/choreo/internal/gen"
)

func TestGeneratedProtocolsParseCleanly(t *testing.T) {
	for name, src := range map[string][]byte{
		"layout": gen.LayoutProtocol(2000),
		"brace":  gen.BraceProtocol(2000),
	} {
		f, diags := ParseFile(src)
		if len(diags) > 0 {
			t.Errorf("%s: %d diagnostics, first: %v", name, len(diags), diags[0])
		}
		if len(f.Protocols) != 1 || len(f.Protocols[0].Body.Stmts) < 500 {
			t.Errorf("%s: protocol not lowered", name)
		}
	}
}

// threadCPU returns the CPU time used by the calling OS thread.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	const rusageThread = 1 // RUSAGE_THREAD (Linux)
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU locks the benchmark to its OS thread and, when it ends,
// reports the thread's CPU time per operation as "cpu-ms/op": on a shared
// machine wall-clock ns/op also counts the time other processes ran.
func reportCPU(b *testing.B) {
	runtime.LockOSThread()
	start := threadCPU()
	b.Cleanup(func() {
		if b.N > 0 {
			b.ReportMetric(float64(threadCPU()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		}
		runtime.UnlockOSThread()
	})
}

// BenchmarkParseFull parses a generated 10,000-line layout protocol from
// scratch (target: under 20 ms).
func BenchmarkParseFull(b *testing.B) {
	src := gen.LayoutProtocol(10000)
	p := NewParser()
	defer p.Close()
	b.SetBytes(int64(len(src)))
	reportCPU(b)
	for b.Loop() {
		tree, err := p.Parse(context.Background(), src, nil)
		if err != nil {
			b.Fatal(err)
		}
		tree.Close()
	}
}

// BenchmarkReparseOneChar re-parses the 10,000-line protocol after a
// one-character edit in its middle, reusing the previous tree (target:
// under 1 ms).
func BenchmarkReparseOneChar(b *testing.B) { benchmarkEdit(b, 10000, false) }

// BenchmarkEditLower5000 is the syntax part of the language server's work
// on a keystroke in a 5,000-line file: a re-parse after a one-character
// edit, reusing the previous tree, and the lowering of the new tree.
func BenchmarkEditLower5000(b *testing.B) { benchmarkEdit(b, 5000, true) }

// benchmarkEdit re-parses a generated protocol of the given length after a
// one-character edit in its middle, and lowers the new tree when lower is
// set.
func benchmarkEdit(b *testing.B, lines int, lower bool) {
	src := gen.LayoutProtocol(lines)
	at := bytes.Index(src[len(src)/2:], []byte("Step")) + len(src)/2
	edited, edit, err := NewEdit(src, at, at+1, []byte("X"))
	if err != nil {
		b.Fatal(err)
	}
	p := NewParser()
	defer p.Close()
	base, err := p.Parse(context.Background(), src, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer base.Close()
	reportCPU(b)
	for b.Loop() {
		old := base.Clone()
		tree, err := p.Reparse(context.Background(), old, edit, edited)
		if err != nil {
			b.Fatal(err)
		}
		if lower {
			Lower(tree)
		}
		tree.Close()
		old.Close()
	}
}

// BenchmarkParseFile parses and lowers the 10,000-line protocol.
func BenchmarkParseFile(b *testing.B) {
	src := gen.LayoutProtocol(10000)
	b.SetBytes(int64(len(src)))
	reportCPU(b)
	for b.Loop() {
		ParseFile(src)
	}
}

// BenchmarkLower lowers the concrete tree of the 10,000-line protocol to
// the typed tree (the part of ParseFile after the parse).
func BenchmarkLower(b *testing.B) {
	benchmarkLower(b, gen.LayoutProtocol(10000))
}

// BenchmarkLowerSyntaxError is BenchmarkLower with one syntax error in the
// middle of the protocol, as while typing in an editor.
func BenchmarkLowerSyntaxError(b *testing.B) {
	src := gen.LayoutProtocol(10000)
	at := bytes.Index(src[len(src)/2:], []byte(" : Step")) + len(src)/2
	broken, _, err := NewEdit(src, at, at+len(" :"), []byte(" : ]"))
	if err != nil {
		b.Fatal(err)
	}
	benchmarkLower(b, broken)
}

func benchmarkLower(b *testing.B, src []byte) {
	p := NewParser()
	defer p.Close()
	tree, err := p.Parse(context.Background(), src, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer tree.Close()
	reportCPU(b)
	for b.Loop() {
		Lower(tree)
	}
}

// BenchmarkParseFileManyErrors parses and lowers a 5,000-line block in
// which every line has a syntax error (as in a file of another language):
// error recovery and reporting must stay linear in the number of errors.
func BenchmarkParseFileManyErrors(b *testing.B) {
	var src bytes.Buffer
	src.WriteString("protocol P =\n  roles A, B\n")
	for i := range 5000 {
		fmt.Fprintf(&src, "  A -> B : M%d ] x\n", i)
	}
	b.SetBytes(int64(src.Len()))
	reportCPU(b)
	for b.Loop() {
		if _, diags := ParseFile(src.Bytes()); len(diags) != 5000 {
			b.Fatalf("%d diagnostics, want one per line", len(diags))
		}
	}
}
