package main

import (
	"os"
	"strings"
	"testing"
)

// A parser.c reduced to the parts densify reads: two large states and two
// small ones.
const sample = `#define STATE_COUNT 4
#define LARGE_STATE_COUNT 2
#define SMALL_STATE(id) ((id) - LARGE_STATE_COUNT)

static const uint16_t ts_parse_table[LARGE_STATE_COUNT][SYMBOL_COUNT] = {
  [0] = {
    [sym_a] = ACTIONS(1),
  },
  [1] = {
    [sym_b] = STATE(3),
  },
};

static const uint16_t ts_small_parse_table[] = {
  [0] = 2,
    ACTIONS(5), 2,
      sym_a,
      sym_b,
    STATE(2), 1,
      sym_c,
  [7] = 1,
    ACTIONS(7), 1,
      ts_builtin_sym_end,
};

static const uint32_t ts_small_parse_table_map[] = {
  [SMALL_STATE(2)] = 0,
  [SMALL_STATE(3)] = 7,
};
`

func TestDensify(t *testing.T) {
	out, err := densify([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	got := string(out)
	for _, want := range []string{
		"#define LARGE_STATE_COUNT 4\n",
		"  [1] = {\n    [sym_b] = STATE(3),\n  },\n  [2] = {\n    [sym_a] = ACTIONS(5),\n    [sym_b] = ACTIONS(5),\n    [sym_c] = STATE(2),\n  },\n  [3] = {\n    [ts_builtin_sym_end] = ACTIONS(7),\n  },\n};",
		"ts_small_parse_table[] = {\n  0,\n};",
		"ts_small_parse_table_map[] = {\n  0,\n};",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	again, err := densify(out)
	if err != nil || string(again) != got {
		t.Errorf("densify is not idempotent (err %v)", err)
	}
}

func TestDensifyRejectsBrokenTables(t *testing.T) {
	for name, src := range map[string]string{
		"no defines":      "static const uint16_t ts_small_parse_table[] = {\n};\n",
		"truncated state": strings.Replace(sample, "      ts_builtin_sym_end,\n", "", 1),
		"dangling offset": strings.Replace(sample, "[SMALL_STATE(3)] = 7", "[SMALL_STATE(3)] = 8", 1),
		"unclosed table":  strings.Replace(sample, "  [SMALL_STATE(3)] = 7,\n};\n", "  [SMALL_STATE(3)] = 7,\n", 1),
		"state count off": strings.Replace(sample, "#define STATE_COUNT 4", "#define STATE_COUNT 5", 1),
	} {
		if _, err := densify([]byte(src)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestCommittedParserIsDense checks that scripts/gen-parser.sh ran this
// step on the committed parser.
func TestCommittedParserIsDense(t *testing.T) {
	src, err := os.ReadFile("../../syntax/src/parser.c")
	if err != nil {
		t.Fatal(err)
	}
	out, err := densify(src)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != string(src) {
		t.Error("syntax/src/parser.c has small parse states: run scripts/gen-parser.sh")
	}
}
