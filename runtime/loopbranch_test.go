package runtime

import "testing"

// TestBranchStartingWithALoopCompletes runs a choice whose first branch is
// a loop, so that the decider's choice and the other roles' external
// choices come from the loop's unfolding (SEMANTICS §3): every schedule and
// branch policy completes, and the loop branch is taken.
func TestBranchStartingWithALoopCompletes(t *testing.T) {
	var b builder
	p := protocol("LoopFirst", []string{"A", "B", "C"},
		choice("A",
			branch("stream", rec("L", choice("A",
				branch("more", b.send("A", "B", "Chunk"), b.send("B", "C", "Chunk"), cont("L")),
				branch("done", b.send("A", "B", "Done"), b.send("B", "C", "Done"))))),
			branch("skip", b.send("A", "B", "Skip"), b.send("B", "C", "Skip"))))
	img := image(t, p)
	chunks := 0
	for _, policy := range []Policy{Cooperative, RoundRobin, Random} {
		for _, branch := range []BranchPolicy{BranchFirst, BranchRoundRobin, BranchRandom} {
			for seed := range int64(4) {
				rep := execute(t, img, Config{Seed: seed, Policy: policy, Branch: branch, LoopBound: 2})
				if rep.Outcome.Kind != Completed {
					t.Fatalf("%s/%s seed %d: %s", policy, branch, seed, rep.Outcome)
				}
				for _, e := range rep.Trace.Events {
					if e.Kind == EvReceived && e.Role == "C" && e.Msg == "Chunk" {
						chunks++
					}
				}
			}
		}
	}
	if chunks == 0 {
		t.Error("no run took the loop")
	}
}
