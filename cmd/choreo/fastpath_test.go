package main

import (
	"strings"
	"testing"
	"time"

	"github.com/choreo-lang/choreo/cmd/internal/subtyperun"
	"github.com/choreo-lang/choreo/projection/subtype"
	"github.com/choreo-lang/choreo/syntax/filenames"
)

func TestFastSubtype(t *testing.T) {
	def := subtyperun.Request{Relation: "async", Format: "text"}
	with := func(f func(*subtyperun.Request)) subtyperun.Request { r := def; f(&r); return r }
	tests := []struct {
		args []string
		ok   bool
		want subtyperun.Request
	}{
		{[]string{"subtype", "!a; end", "end"}, true, with(func(r *subtyperun.Request) { r.New, r.Old = "!a; end", "end" })},
		{[]string{"subtype", "--new", "!a", "--old=?b"}, true, with(func(r *subtyperun.Request) { r.New, r.Old = "!a", "?b" })},
		{[]string{"subtype", "-f", "json", "--relation=sync", "--timeout", "2s", "--max-pending=8", "--max-configurations", "9", "a", "b"}, true,
			with(func(r *subtyperun.Request) {
				r.New, r.Old, r.Format, r.Relation = "a", "b", "json", "sync"
				r.Options = subtype.Options{Timeout: 2 * time.Second, MaxPending: 8, MaxConfigurations: 9}
			})},
		{[]string{"subtype", "--file", "--role", "A", "new.types", "old.types"}, true,
			with(func(r *subtyperun.Request) { r.New, r.Old, r.FromFile, r.Role = "new.types", "old.types", true, "A" })},
		{[]string{"subtype", "--", "-x", "end"}, true, with(func(r *subtyperun.Request) { r.New, r.Old = "-x", "end" })},
		// Handed over to the full command line.
		{[]string{"lint", "a.choreo"}, false, subtyperun.Request{}},
		{[]string{}, false, subtyperun.Request{}},
		{[]string{"subtype", "--help"}, false, subtyperun.Request{}},
		{[]string{"subtype", "-h", "a", "b"}, false, subtyperun.Request{}},
		{[]string{"subtype", "--file", "new.choreo", "old.types"}, false, subtyperun.Request{}},
		{[]string{"subtype", "--file", "new.types", "OLD.TELL"}, false, subtyperun.Request{}},
		{[]string{"subtype", "--fromat", "json", "a", "b"}, false, subtyperun.Request{}},
		{[]string{"subtype", "--file=true", "a", "b"}, false, subtyperun.Request{}},
		{[]string{"subtype", "-fjson", "a", "b"}, false, subtyperun.Request{}},
		{[]string{"subtype", "a", "b", "--timeout"}, false, subtyperun.Request{}},
		{[]string{"subtype", "--timeout", "0s", "a", "b"}, false, subtyperun.Request{}},
		{[]string{"subtype", "--max-pending", "x", "a", "b"}, false, subtyperun.Request{}},
		{[]string{"subtype", "a"}, false, subtyperun.Request{}},
		{[]string{"subtype", "--new", "a", "b"}, false, subtyperun.Request{}},
		{[]string{"subtype", "--new", "a", "--old", "b", "c"}, false, subtyperun.Request{}},
	}
	for _, tt := range tests {
		got, ok := fastSubtype(tt.args)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("fastSubtype(%q) = %+v, %v; want %+v, %v", tt.args, got, ok, tt.want, tt.ok)
		}
	}
}

// FuzzFastSubtype: any command line is either read whole or handed over,
// never a crash, and what is read names two sides and no protocol file.
func FuzzFastSubtype(f *testing.F) {
	for _, s := range []string{"subtype\x00!a; end\x00end", "subtype\x00--file\x00a\x00b.choreo", "subtype\x00--timeout\x00", "subtype\x00-f=json\x00--\x00-\x00-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		args := strings.Split(s, "\x00")
		req, ok := fastSubtype(args)
		if !ok {
			return
		}
		if args[0] != "subtype" || (req.FromFile && (filenames.IsSource(req.New) || filenames.IsSource(req.Old))) {
			t.Fatalf("fastSubtype(%q) = %+v: not a session-notation subtype command line", args, req)
		}
		if o := req.Options; o.Timeout < 0 || o.MaxPending < 0 || o.MaxConfigurations < 0 {
			t.Fatalf("fastSubtype(%q) = %+v: a bound below zero", args, req)
		}
	})
}
