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
	// A role that sends forever without reading lets its buffers grow.
	check("rec X. !a; X", "rec X. ?b; !a; X")
	// Output:
	// compatible: the new role sends !c before ?b
	// incompatible: the new role sends !B.Ping2 where the old role sends !B.Ping: B receives the messages of one channel in order and does not expect Ping2 [new role: !B.Ping2]
	// unknown: bound reached: the new role runs ahead of more than 512 old actions (max_pending); its buffers may grow without bound
}
