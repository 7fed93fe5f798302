package monitor

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzCheckTrace feeds arbitrary lines to the trace reader: it must
// return a violation, an error or nil, never panic or hang.
func FuzzCheckTrace(f *testing.F) {
	img, evs := auction(&testing.T{})
	var b bytes.Buffer
	for _, e := range evs {
		line, _ := json.Marshal(e)
		b.Write(append(line, '\n'))
	}
	f.Add(b.Bytes())
	f.Add([]byte(`{"kind":"received","role":"Buyer","peer":"Nobody","msg":"Bid"}` + "\n" + `{"kind":"sent","role":"Seller","peer":"Buyer"}`))
	f.Add([]byte(`{"format":"choreo-trace/1"}` + "\n\n" + `{"outcome":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := CheckTrace(img, bytes.NewReader(data))
		if v != nil && err != nil {
			t.Fatal("both a violation and an error")
		}
		if v != nil && v.Reason == "" {
			t.Fatal("a violation without a reason")
		}
	})
}
