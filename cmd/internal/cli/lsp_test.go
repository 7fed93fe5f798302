package cli

import (
	"slices"
	"testing"

	"github.com/spf13/pflag"
)

func TestFlagArgs(t *testing.T) {
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	fs.String("log", "", "")
	fs.Duration("delay", -1, "")
	fs.Bool("stdio", true, "")
	fs.Int("unset", 3, "")
	if err := fs.Parse([]string{"--log", "a b.log", "--delay=0", "--stdio"}); err != nil {
		t.Fatal(err)
	}
	got := flagArgs(fs)
	want := []string{"--delay=0s", "--log=a b.log", "--stdio=true"}
	if !slices.Equal(got, want) {
		t.Errorf("flagArgs = %q, want %q", got, want)
	}
	again := pflag.NewFlagSet("again", pflag.ContinueOnError)
	again.AddFlagSet(fs)
	if err := again.Parse(got); err != nil {
		t.Errorf("the arguments do not parse again: %v", err)
	}
}
