package subtype_test

import (
	"context"
	"fmt"

	"github.com/choreo-lang/choreo/projection"
	"github.com/choreo-lang/choreo/projection/subtype"
)

func ExampleCheckAsync() {
	check := func(newText, oldText string) {
		newT, _ := projection.ParseSession(newText)
		oldT, _ := projection.ParseSession(oldText)
		res, err := subtype.CheckAsync(context.Background(), newT, oldT, subtype.Options{})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(res)
	}
	// Sending earlier than the old type is safe: sends never block.
	check("!x; ?y; !a; !c; ?b; end", "!x; ?y; !a; ?b; !c; end")
	// A renamed message is not.
	check("!B.Ping2; ?B.Pong; end", "!B.Ping; ?B.Pong; end")
	// A role that sends twice per round runs ahead without bound, and
	// still reads every message in a later round.
	check("rec X. !a; !a; ?b; X", "rec X. ?b; !a; X")
	// A role that sends forever without reading leaves messages unread.
	check("rec X. !a; X", "rec X. ?b; !a; X")
	// Output:
	// compatible: the new role sends !c before ?b
	// incompatible: the new role sends !B.Ping2 where the old role sends !B.Ping: B receives the messages of one channel in order and does not expect Ping2 [new role: !B.Ping2]
	// compatible: the new role runs ahead of the old role without bound: each round postpones ?b ?b and performs ?b, and every postponed action is performed in a later round, in order; sends !a before ?b
	// incompatible: the new role can repeat this loop forever, running further ahead of the old role in every round, while the old role's ?b stays postponed: an orphan message or a starving peer [new role: !a]
}
