package subtype

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/choreo-lang/choreo/internal/testkit"
	"github.com/choreo-lang/choreo/projection"
)

func parse(t testing.TB, s string) projection.Type {
	t.Helper()
	ty, err := projection.ParseSession(s)
	if err != nil {
		t.Fatalf("ParseSession(%q): %v", s, err)
	}
	return ty
}

func async(t testing.TB, newT, oldT string, opts Options) *Result {
	t.Helper()
	r, err := CheckAsync(context.Background(), parse(t, newT), parse(t, oldT), opts)
	if err != nil {
		t.Fatalf("CheckAsync(%q, %q): %v", newT, oldT, err)
	}
	return r
}

// TestDefinitions covers the cases named by SEMANTICS §9 and the issue.
func TestDefinitions(t *testing.T) {
	tests := []struct {
		name     string
		new, old string
		want     Verdict
		kind     Kind   // for Incompatible
		mention  string // the justification or counterexample must mention it
	}{
		{"sending earlier", "!x; ?y; !a; !c; ?b; end", "!x; ?y; !a; ?b; !c; end", Compatible, "", "sends !c before ?b"},
		{"adding a receive branch", "&{ ?A.Ok; end, ?A.Retry; end }", "&{ ?A.Ok; end }", Compatible, "", "accepts ?A.Retry"},
		{"removing a receive branch", "&{ ?A.Ok; end }", "&{ ?A.Ok; end, ?A.Retry; end }", Incompatible, MissingBranch, "Retry"},
		{"adding a send branch", "+{ !B.Ok; end, !B.Retry; end }", "+{ !B.Ok; end }", Incompatible, UnexpectedMessage, "Retry"},
		{"renaming a message", "!B.Ping2; ?B.Pong; end", "!B.Ping; ?B.Pong; end", Incompatible, UnexpectedMessage, "Ping2"},
		{"renaming a received message", "?A.Ping2; !A.Pong; end", "?A.Ping; !A.Pong; end", Incompatible, MissingBranch, "Ping"},
		{"payload change", "!B.Put(u64); end", "!B.Put(u32); end", Incompatible, UnexpectedMessage, "Put(u64)"},
		{"payload spacing only", "!B.Put( a:  u32 ); end", "!B.Put(a: u32); end", Compatible, "", "same order"},
		{"loop forever, equal", "rec X. !B.Tick; ?B.Tock; X", "rec Y. !B.Tick; ?B.Tock; Y", Compatible, "", "same order"},
		{"loop forever, anticipated", "rec X. !B.Tick; ?B.Tock; X", "rec X. ?B.Tock; !B.Tick; X", Compatible, "", "sends !B.Tick before ?B.Tock"},
		{"loop forever, orphan", "rec X. ?A.Tick; X", "?C.Hello; rec X. ?A.Tick; X", Incompatible, PendingForever, "?C.Hello"},
		{"loop that never receives", "!B.Extra; rec X. ?A.Tick; X", "rec X. ?A.Tick; X", Incompatible, NeverConsumed, "loop forever"},
		{"ends early", "!B.Ping; end", "!B.Ping; ?B.Pong; end", Incompatible, EndsEarly, "?B.Pong"},
		{"waits too early", "?B.Pong; !B.Ping; end", "!B.Ping; ?B.Pong; end", Incompatible, ReceiveTooEarly, "!B.Ping"},
		{"waits for nothing", "?B.Pong; end", "end", Incompatible, NeverSent, "B"},
		{"new peer", "!C.Hello; !B.Ping; end", "!B.Ping; end", Incompatible, NeverConsumed, "C is not a peer of the old role"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := async(t, tt.new, tt.old, Options{})
			if r.Verdict != tt.want {
				t.Fatalf("verdict = %v (%s), want %v", r.Verdict, r, tt.want)
			}
			if tt.want == Incompatible && r.Counterexample.Kind != tt.kind {
				t.Errorf("counterexample kind = %s, want %s (%s)", r.Counterexample.Kind, tt.kind, r)
			}
			if !strings.Contains(r.String(), tt.mention) {
				t.Errorf("result %q does not mention %q", r, tt.mention)
			}
		})
	}
}

// TestShortestCounterexample: depth-first search meets the failure of the
// first alternative (four actions deep) before the one of the second.
func TestShortestCounterexample(t *testing.T) {
	r := async(t, "+{ !B.a; !B.x; !B.y; !B.z; end, !B.b; end }", "+{ !B.a; !B.x; !B.y; !B.w; end }", Options{})
	if r.Verdict != Incompatible {
		t.Fatalf("got %s", r)
	}
	if got := actionList(r.Counterexample.Trace); got != "!B.b" {
		t.Errorf("trace %q, want the shortest run %q", got, "!B.b")
	}
}

// TestMixedChoices: choices whose alternatives involve several peers.
func TestMixedChoices(t *testing.T) {
	tests := []struct {
		new, old string
		want     Verdict
	}{
		{"+{ !B.x; ?B.r; end, !C.z; end }", "+{ !B.x; ?B.r; end, !C.z; end, !C.w; end }", Compatible},
		// The direct match fails; the old role might also have sent C.z
		// first, so the failure is not definite.
		{"+{ !B.x; end }", "+{ !B.x; ?B.r; end, !C.z; !B.x; end }", Unknown},
		// Old peers may send C.y before B.x: the new role never takes it.
		{"&{ ?B.x; end }", "&{ ?B.x; end, ?C.y; ?B.x; end }", Incompatible},
		{"&{ ?B.x; &{ ?C.y; end } }", "&{ ?B.x; end, ?C.y; ?B.x; end }", Incompatible},
		{"!D.early; &{ ?B.x; end, ?B.y; end }", "&{ ?B.x; !D.early; end, ?B.y; !D.early; end }", Compatible},
		// The asynchronous search leaves an external choice over several
		// senders open; synchronous subtyping decides it when the new type
		// only widens the branching ...
		{"&{ ?B.x; end, ?C.y; end }", "&{ ?B.x; end, ?C.y; end }", Compatible},
		{"&{ ?B.x; end, ?C.y; end, ?C.z; end }", "&{ ?B.x; end, ?C.y; end }", Compatible},
		// ... and leaves it open otherwise.
		{"&{ ?B.x; end, ?C.y; !B.w; end }", "&{ ?B.x; end, ?C.y; end }", Unknown},
	}
	for _, tt := range tests {
		if r := async(t, tt.new, tt.old, Options{}); r.Verdict != tt.want {
			t.Errorf("%s ≤ %s = %s, want %v", tt.new, tt.old, r, tt.want)
		}
	}
}

// TestSharedSubtrees: projections share the continuation of a choice
// between its branches; 30 choices in sequence make 2^30 paths but only
// 60 distinct subtrees, and the check must explore in proportion to those.
func TestSharedSubtrees(t *testing.T) {
	chain := func(tail projection.Type) projection.Type {
		next := tail
		for i := range 30 {
			next = &projection.Select{Choices: []projection.Choice{
				{Peer: "B", Msg: projection.Message{Name: fmt.Sprintf("L%d", i)}, Next: next},
				{Peer: "B", Msg: projection.Message{Name: fmt.Sprintf("R%d", i)}, Next: next},
			}}
		}
		return next
	}
	oldT := chain(parse(t, "?B.Done; !C.Log; end"))
	newT := chain(parse(t, "!C.Log; ?B.Done; end"))
	r, err := CheckAsync(context.Background(), newT, oldT, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict != Compatible || r.Configurations > 200 {
		t.Errorf("got %s after %d configurations, want compatible within 200", r, r.Configurations)
	}
}

// TestUnboundedBuffers: the new role receives from C in every round but
// never from B, so the old B's messages pile up; the answer must be
// Unknown with the bound reported, never a wrong verdict.
func TestUnboundedBuffers(t *testing.T) {
	for _, bound := range []int{8, 64} {
		r := async(t, "rec X. ?C.y; X", "rec X. ?B.x; ?C.y; X", Options{MaxPending: bound})
		if r.Verdict != Unknown || r.Bound == nil || r.Bound.MaxPending != bound {
			t.Fatalf("bound %d: got %v with bound %+v, want unknown reporting the bound", bound, r, r.Bound)
		}
		if !strings.Contains(r.Justification, "max_pending") {
			t.Errorf("justification %q does not name the bound", r.Justification)
		}
	}
	r := async(t, "rec X. ?C.y; X", "rec X. ?B.x; ?C.y; X", Options{MaxConfigurations: 5})
	if r.Verdict != Unknown || !strings.Contains(r.Justification, "max_configurations") {
		t.Errorf("configuration bound: got %v", r)
	}
}

// TestTimeBounds: the timeout stops a search that the other bounds
// would let run for hours, with an Unknown naming it; cancelling the
// caller's context stops a running check with the context's error.
func TestTimeBounds(t *testing.T) {
	// The old B's messages pile up while the new role receives from C
	// only: no repeat, no witness (each receive expands the old type), and
	// bounds too large to matter.
	newT, oldT := "rec X. ?C.y; X", "rec X. ?B.x; ?C.y; X"
	huge := Options{MaxPending: 1 << 30, MaxConfigurations: 1 << 30}
	timed := huge
	timed.Timeout = 20 * time.Millisecond
	r := async(t, newT, oldT, timed)
	if r.Verdict != Unknown || r.StoppedBy != BoundTimeout || !strings.Contains(r.Justification, "(timeout)") {
		t.Errorf("got %s (stopped by %q), want unknown stopped by the timeout", r, r.StoppedBy)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	huge.Timeout = time.Hour
	go func() {
		_, err := CheckAsync(ctx, parse(t, newT), parse(t, oldT), huge)
		done <- err
	}()
	time.Sleep(10 * time.Millisecond)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled check: err = %v, want context.Canceled", err)
	}
}

// TestLiterature checks the pairs of testdata/literature.txt: zero wrong
// answers, and at least 90 % of the compatible pairs proved.
func TestLiterature(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "literature.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var positives, proved int
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Split(text, "|")
		if len(fields) != 4 {
			t.Fatalf("literature.txt:%d: want 4 fields separated by |", line)
		}
		want, newT, oldT, source := strings.TrimSpace(fields[0]), fields[1], fields[2], strings.TrimSpace(fields[3])
		r := async(t, newT, oldT, Options{})
		switch want {
		case "compatible":
			positives++
			if r.Verdict == Compatible {
				proved++
			}
			if r.Verdict == Incompatible {
				t.Errorf("literature.txt:%d %s: wrong answer: %s", line, source, r)
			}
		case "incompatible":
			if r.Verdict == Compatible {
				t.Errorf("literature.txt:%d %s: wrong answer: %s", line, source, r)
			}
		default:
			t.Fatalf("literature.txt:%d: unknown expectation %q", line, want)
		}
		// Synchronous subtyping implies asynchronous subtyping.
		if s, err := CheckSync(parse(t, newT), parse(t, oldT)); err != nil || s.Verdict == Compatible && r.Verdict != Compatible {
			t.Errorf("literature.txt:%d: sync %v but async %v (%v)", line, s, r, err)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if positives == 0 || proved*10 < positives*9 {
		t.Errorf("proved %d of %d compatible pairs, want at least 90 %%", proved, positives)
	}
	t.Logf("proved %d of %d compatible pairs", proved, positives)
}

func TestSyncAndEqual(t *testing.T) {
	tests := []struct {
		rel      Relation
		new, old string
		want     Verdict
		kind     Kind
	}{
		{Sync, "!a; ?b; end", "?b; !a; end", Incompatible, UnexpectedMessage},
		{Sync, "+{ !a; end }", "+{ !a; end, !b; end }", Compatible, ""},
		{Sync, "rec X. &{ ?a; X, ?b; end, ?c; end }", "rec Y. &{ ?a; Y, ?b; end }", Compatible, ""},
		{Sync, "&{ ?a; end }", "&{ ?a; end, ?b; end }", Incompatible, MissingBranch},
		{Sync, "?b; end", "!a; end", Incompatible, ReceiveTooEarly},
		{Equal, "rec X. !B.M; X", "rec Y. !B.M; Y", Compatible, ""},
		{Equal, "rec X. !B.M; X", "rec Y. !B.M; !B.M; Y", Incompatible, Rewritten},
		{Equal, "+{ !a; end }", "+{ !a; end, !b; end }", Incompatible, MissingBranch},
		{Equal, "&{ ?a; end, ?b; end }", "&{ ?a; end }", Incompatible, UnexpectedMessage},
	}
	for _, tt := range tests {
		r, err := Check(context.Background(), tt.rel, parse(t, tt.new), parse(t, tt.old), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Verdict != tt.want || r.Relation != tt.rel {
			t.Errorf("%s %q ≤ %q = %s %v, want %v", tt.rel, tt.new, tt.old, r.Relation, r, tt.want)
			continue
		}
		if tt.want == Incompatible && r.Counterexample.Kind != tt.kind {
			t.Errorf("%s %q ≤ %q: kind %s, want %s", tt.rel, tt.new, tt.old, r.Counterexample.Kind, tt.kind)
		}
	}
}

func TestErrors(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := CheckAsync(ctx, parse(t, "end"), parse(t, "end"), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled check: err = %v, want context.Canceled", err)
	}
	unguarded := &projection.Rec{Var: "X", Body: &projection.Var{Name: "X"}}
	if _, err := CheckAsync(context.Background(), unguarded, parse(t, "end"), Options{}); err == nil || !strings.Contains(err.Error(), "unguarded") {
		t.Errorf("unguarded recursion: err = %v", err)
	}
	if _, err := Check(context.Background(), "weak", parse(t, "end"), parse(t, "end"), Options{}); err == nil {
		t.Error("unknown relation accepted")
	}
}

// TestCounterexampleGolden pins the text and JSON renderings.
func TestCounterexampleGolden(t *testing.T) {
	pairs := [][2]string{
		{"!B.Ping2; ?B.Pong; end", "!B.Ping; ?B.Pong; end"},
		{"!A.Hello; &{ ?A.Ok; end }", "&{ ?A.Ok; !A.Hello; end, ?A.Retry; !A.Hello; end }"},
		{"rec X. ?A.Tick; X", "?C.Hello; rec X. ?A.Tick; X"},
	}
	var b strings.Builder
	for _, p := range pairs {
		r := async(t, p[0], p[1], Options{})
		js, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(p[0] + "  ≤  " + p[1] + "\n" + r.String() + "\n" + string(js) + "\n\n")
	}
	testkit.Golden(t, filepath.Join("testdata", "counterexamples.golden"), []byte(b.String()))
}

// FuzzCheck: any two parsable types get a verdict (or a malformed-type
// error) from every relation, without panicking, and a Compatible verdict
// meets no error against the dual of the old type (see simulate).
func FuzzCheck(f *testing.F) {
	f.Add("rec X. !a; &{ ?b; X, ?c; end }", "rec X. &{ ?b; !a; X, ?c; !a; end }")
	f.Add("+{ !B.x; ?C.y; end, !C.z; end }", "&{ ?C.y; !B.x; end }")
	f.Add("rec X. rec Y. ?p.a; X", "rec X. ?q.b; ?p.a; X")
	f.Fuzz(func(t *testing.T, a, b string) {
		newT, err1 := projection.ParseSession(a)
		oldT, err2 := projection.ParseSession(b)
		if err1 != nil || err2 != nil {
			return
		}
		for _, rel := range []Relation{Async, Sync, Equal} {
			r, err := Check(context.Background(), rel, newT, oldT, Options{MaxPending: 16, MaxConfigurations: 2000})
			if err != nil {
				continue // unguarded recursion
			}
			if r.Verdict == Incompatible && r.Counterexample == nil {
				t.Fatalf("%s %q ≤ %q: incompatible without a counterexample", rel, a, b)
			}
			if r.Verdict == Compatible {
				if problem := simulate(newT, oldT, 3); problem != "" {
					t.Fatalf("%s %q ≤ %q: compatible, but %s", rel, a, b, problem)
				}
			}
		}
	})
}

// TestReorderingsAcrossPeers: reorderings the asynchronous multiparty
// relation allows (sends to different peers, receives from different
// peers, sends before receives) and the ones it must not prove: a send
// moved past a receive whose branches decide another continuation or out
// of a loop the old peers may repeat, a receive moved past a send, a
// postponed action the new role never performs. Unknown is acceptable
// only where the want is Unknown (the buffers grow without bound).
func TestReorderingsAcrossPeers(t *testing.T) {
	tests := []struct {
		name     string
		new, old string
		want     Verdict
		kind     Kind
	}{
		{"sends to two peers swapped in a loop", "rec X. !B.x; !C.y; X", "rec X. !C.y; !B.x; X", Compatible, ""},
		{"receives from two peers swapped", "?C.y; ?B.x; end", "?B.x; ?C.y; end", Compatible, ""},
		{"receives from two peers swapped in a loop", "rec X. ?C.y; ?B.x; X", "rec X. ?B.x; ?C.y; X", Compatible, ""},
		{"send anticipated over a choice of the old role to another peer", "!B.m; !C.x; end", "+{ !C.x; !B.m; end, !C.y; end }", Compatible, ""},
		{"send anticipated twice, then a loop", "!b; rec X. !b; ?a; X", "rec X. ?a; !b; X", Compatible, ""},
		{"send anticipated into every iteration and the exit", "!B.m; rec X. &{ ?A.a; !B.m; X, ?A.b; end }", "rec X. &{ ?A.a; !B.m; X, ?A.b; !B.m; end }", Compatible, ""},
		{"send anticipated past a branch deciding another message", "!B.x; &{ ?A.a; end, ?A.b; end }", "&{ ?A.a; !B.x; end, ?A.b; !B.y; end }", Incompatible, UnexpectedMessage},
		{"send anticipated past a branch that never sends it", "rec X. !B.m; &{ ?A.a; X, ?A.b; end }", "rec X. &{ ?A.a; !B.m; X, ?A.b; end }", Incompatible, NeverConsumed},
		{"send anticipated out of a loop the peers may repeat", "!B.m; rec X. &{ ?A.a; !C.c; X, ?A.b; end }", "rec X. &{ ?A.a; !C.c; X, ?A.b; !B.m; end }", Incompatible, NeverConsumed},
		{"anticipated send, then the choice it excludes", "!B.m; +{ !C.x; end, !C.y; end }", "+{ !C.x; !B.m; end, !C.y; end }", Incompatible, UnexpectedMessage},
		{"receive anticipated past a branch that never sends it", "?B.x; &{ ?A.a; end, ?A.b; end }", "&{ ?A.a; ?B.x; end, ?A.b; end }", Incompatible, NeverSent},
		{"receive anticipated past a send to another peer", "?B.y; !C.x; end", "!C.x; ?B.y; end", Incompatible, ReceiveTooEarly},
		{"received payload changed", "?B.m(u32); end", "?B.m(u64); end", Incompatible, MissingBranch},
		{"a send to C never performed", "rec X. !B.x; X", "rec X. !C.y; !B.x; X", Incompatible, PendingForever},
		{"receives from B never performed", "rec X. !B.x; X", "rec X. ?B.y; !B.x; X", Incompatible, PendingForever},
		{"a receive from B never performed", "rec X. ?C.y; X", "rec X. ?B.x; ?C.y; X", Unknown, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := async(t, tt.new, tt.old, Options{MaxPending: 16})
			if r.Verdict != tt.want {
				t.Fatalf("verdict = %v (%s), want %v", r.Verdict, r, tt.want)
			}
			if tt.want == Incompatible && r.Counterexample.Kind != tt.kind {
				t.Errorf("counterexample kind = %s, want %s (%s)", r.Counterexample.Kind, tt.kind, r)
			}
		})
	}
}
