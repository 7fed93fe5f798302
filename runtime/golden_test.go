package runtime

import (
	"bytes"
	"io"
	"path/filepath"
	"testing"

	"github.com/choreo-lang/choreo/internal/testkit"
)

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	testkit.Golden(t, filepath.Join("testdata", name), got)
}

func TestGoldenTraces(t *testing.T) {
	auctionImg := image(t, auction())
	var b builder
	runs := []struct {
		name string
		img  *Image
		cfg  Config
	}{
		{"auction", auctionImg, Config{}},
		{"auction-denied", auctionImg, Config{Capabilities: map[string][]string{"Seller": {"auction:reject"}}}},
		{"auction-delay", auctionImg, Config{Seed: 7, Policy: Random, Branch: BranchScript, Script: []string{"reject"},
			Faults: Faults{Drop: 0.2, Delay: 0.3}}},
		{"auction-drop", auctionImg, Config{Seed: 3, Faults: Faults{Drop: 0.3, Duplicate: 0.2}}},
		{"forever", image(t, protocol("Forever", []string{"A", "B"},
			rec("L", b.send("A", "B", "Tick"), b.send("B", "A", "Tock"), cont("L")))), Config{}},
		{"starved", image(t, protocol("Starved", []string{"A", "B"},
			rec("L", b.send("A", "B", "Tick"), cont("L")))), Config{}},
	}
	renderers := []struct {
		ext    string
		render func(io.Writer, *Trace) error
	}{
		{"txt", RenderText},
		{"mmd", RenderMermaid},
		{"svg", RenderSVG},
	}
	for _, r := range runs {
		tr := execute(t, r.img, r.cfg).Trace
		for _, rd := range renderers {
			t.Run(r.name+"."+rd.ext, func(t *testing.T) {
				var b bytes.Buffer
				if err := rd.render(&b, tr); err != nil {
					t.Fatal(err)
				}
				golden(t, r.name+"."+rd.ext, b.Bytes())
			})
		}
	}
}

func TestGoldenDisassembly(t *testing.T) {
	var b builder
	relay := protocol("Relay", []string{"Client", "Relay", "Peer"},
		b.send("Client", "Relay", "Hello"),
		b.send("Relay", "Peer", "Hello"),
		rec("Forward", choice("Client",
			branch("more", b.sendP("Client", "Relay", "Packet", "data: Vec<u8>"), b.sendP("Relay", "Peer", "Packet", "data: Vec<u8>"), cont("Forward")),
			branch("stop", b.send("Client", "Relay", "Bye"), b.send("Relay", "Peer", "Bye")))))
	for name, img := range map[string]*Image{"auction": image(t, auction()), "relay": image(t, relay)} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			if err := img.Disassemble(&out); err != nil {
				t.Fatal(err)
			}
			golden(t, name+".disasm", out.Bytes())
		})
	}
}
