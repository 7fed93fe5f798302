package lsp

import (
	"testing"

	"go.lsp.dev/protocol"
)

const auction = `module auction exposing (Auction)

{- A three-party choice:
   the seller decides. -}
protocol Auction =
  roles Buyer, Seller, Shipper

  Buyer -> Seller : Bid(amount: u64)
  choice at Seller
    | accept ->
        Seller { guard_capability = "auction:accept", flow_cost = 20 }
          -> Buyer : Accepted(order: OrderId)
        Seller -> Shipper : Ship(order: OrderId)
    | reject ->
        Seller [flow_cost = 1] -> Buyer : Rejected
        Seller -> Shipper : Cancel
`

func TestFoldingRanges(t *testing.T) {
	ts := session(t)
	u := ts.open(t, "auction.choreo", auction)
	var got []protocol.FoldingRange
	if err := ts.Call(testContext(t), protocol.MethodTextDocumentFoldingRange, &protocol.FoldingRangeParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}}, &got); err != nil {
		t.Fatal(err)
	}
	want := map[[2]uint32]protocol.FoldingRangeKind{
		{2, 3}:   protocol.FoldingRangeKindComment, // the block comment
		{8, 15}:  protocol.FoldingRangeKindRegion,  // the choice
		{10, 11}: protocol.FoldingRangeKindRegion,  // the two-line send
	}
	have := map[[2]uint32]protocol.FoldingRangeKind{}
	for _, f := range got {
		have[[2]uint32{f.StartLine, f.EndLine}] = f.Kind
	}
	for k, kind := range want {
		if got, ok := have[k]; !ok || got != kind {
			t.Errorf("no %q fold for lines %d-%d in %v", kind, k[0], k[1], have)
		}
	}
}
