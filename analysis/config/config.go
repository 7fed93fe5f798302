// Package config reads the choreo project file, choreo.yaml, found by
// walking up from the analysed file's directory. Every field has a default,
// so analysis works with no file at all (Default).
//
// Example:
//
//	families:
//	  default: 3          # size of F[N] / F[*] when nothing below matches
//	  sizes:
//	    Witness: 5        # by family name ...
//	    N: 4              # ... or by size symbol (family name wins)
//	protocols:            # namespace → protocol id (budget class, envelope)
//	  aura_consensus: aura.consensus
//	budget:
//	  multiplier: 1.0     # finite, > 0
//	  hard_cap: 1000000   # max_steps never exceeds this
//	diagnostics:          # code → error | warning | info | hint | off
//	  unused-role: off    # an unknown code is a warning (see Config.Warnings)
//	envelopes:            # protocol id → execution envelopes (replaces the default entry)
//	  aura.consensus: [byzantine_envelope]
//	determinism_policy: aura.determinism.v1
//	compat:
//	  base: origin/main
//	  severity: warning
//	subtype:              # bounds of the subtyping checks of compat and the language server
//	  timeout: 900ms      # a Go duration, > 0
//	  max_configurations: 200000
//	  max_pending: 512
//	exclude:              # globs left out of directory walks, relative to this file
//	  - "third_party/**"
//	lint:
//	  fail_on: error      # error | warning | never: what makes choreo lint exit 1
//
// Mistakes that make the file unusable (bad syntax, a wrong type, an unknown
// field, an invalid value) are errors: Parse and Load fail. A mistake that
// only makes one entry ineffective, an unknown diagnostic code, is a warning:
// the entry is ignored and the warning is kept in Config.Warnings.
package config

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/choreo-lang/choreo/analysis/internal/diagcodes"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/internal/suggest"
)

// FileName is the name of the project file Load looks for.
const FileName = "choreo.yaml"

// Defaults.
const (
	DefaultFamilySize = 3
	DefaultMultiplier = 1.0
	DefaultHardCap    = 1_000_000
)

// Config is the project configuration. The zero value is not useful; use
// Default, Load or Parse. A Config is read-only once returned.
type Config struct {
	// Path is the file the configuration was read from ("" for defaults).
	Path string

	// DefaultFamilySize sizes F[N] and F[*] families no entry of
	// FamilySizes matches.
	DefaultFamilySize int
	// FamilySizes maps a family name ("Witness") or a size symbol ("N") to a
	// member count. A family-name entry takes precedence over a symbol entry.
	FamilySizes map[string]int

	// ProtocolIDs maps a namespace to a protocol id ("aura.consensus"), used
	// for the termination class and the execution envelope.
	ProtocolIDs map[string]string

	// Multiplier scales max_steps (finite, > 0; default 1.0).
	Multiplier float64
	// HardCap bounds max_steps from above (> 0).
	HardCap int64

	// Severities overrides diagnostic severities by code; a zero Severity
	// means "off" (the diagnostic is dropped).
	Severities map[diag.Code]diag.Severity

	// Envelopes overrides or extends the execution envelope registry:
	// protocol id → envelope names.
	Envelopes map[string][]string

	// DeterminismPolicy is the determinism policy reference carried by
	// manifests ("" when none).
	DeterminismPolicy string

	// CompatBase is the git revision `choreo compat` and the language server
	// compare against ("" = the tool's default).
	CompatBase string
	// CompatSeverity is the severity the language server uses for
	// compatibility findings (default Warning).
	CompatSeverity diag.Severity

	// SubtypeTimeout, SubtypeMaxConfigurations and SubtypeMaxPending bound
	// the asynchronous subtyping checks of compat and the language server
	// (zero: the checker's defaults).
	SubtypeTimeout           time.Duration
	SubtypeMaxConfigurations int
	SubtypeMaxPending        int

	// Exclude are the globs (doublestar syntax, `**` for any directories)
	// of files and directories that directory walks leave out, relative to
	// the directory of the project file; .gitignore'd files are left out
	// too.
	Exclude []string
	// FailOn is the lowest severity that makes `choreo lint` fail: "error"
	// (the default when ""), "warning" or "never".
	FailOn string

	// Warnings are the mistakes that did not stop the file from loading,
	// in file order (each has Warning set): a diagnostics entry whose code
	// no check reports, which is ignored.
	Warnings []*Error
}

// LargeFamilySize is the family size above which choreo.yaml gets a
// warning: analysis, projection and budgets grow with the number of
// members (20,000 members take seconds to lint), and the protocol VM keeps
// a buffer per ordered pair of participants, so it refuses more than
// runtime.MaxParticipants.
const LargeFamilySize = 1000

func largeFamilyMsg(name string, n int) string {
	return fmt.Sprintf("family size %d of %s is large: every member is projected and checked (seconds to lint at 20,000), and choreo run refuses more than 2,000 participants; sizes up to %d stay fast", n, name, LargeFamilySize)
}

// Default returns the configuration used when no project file exists.
func Default() *Config {
	return &Config{
		DefaultFamilySize: DefaultFamilySize,
		FamilySizes:       map[string]int{},
		ProtocolIDs:       map[string]string{},
		Multiplier:        DefaultMultiplier,
		HardCap:           DefaultHardCap,
		Severities:        map[diag.Code]diag.Severity{},
		Envelopes:         map[string][]string{},
		CompatSeverity:    diag.Warning,
	}
}

// FamilySize returns the size of family name declared with size symbol
// (empty for F[*]) and whether configuration chose it (false: the default).
func (c *Config) FamilySize(name, symbol string) (size int, configured bool) {
	if n, ok := c.FamilySizes[name]; ok {
		return n, true
	}
	if symbol != "" {
		if n, ok := c.FamilySizes[symbol]; ok {
			return n, true
		}
	}
	return c.DefaultFamilySize, false
}

// Severity applies the configured override for code to def. The second
// result is false when the diagnostic is turned off.
func (c *Config) Severity(code diag.Code, def diag.Severity) (diag.Severity, bool) {
	s, ok := c.Severities[code]
	if !ok {
		return def, true
	}
	return s, s != 0
}

// Error is a configuration mistake with its position (1-based line and
// column; 0 when unknown). A warning (Warning set) is a mistake the
// configuration loads despite; see Config.Warnings.
type Error struct {
	Path      string
	Line, Col int
	Msg       string
	Warning   bool
}

func (e *Error) Error() string {
	msg := e.Msg
	if e.Warning {
		msg = "warning: " + msg
	}
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.Path, msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Col, msg)
}

// Offset returns the byte offset of the mistake's position in src, the
// text of its file (Col counts characters, as the YAML parser does), or
// -1 when the mistake has no position. A position past the end of a line
// or of src is clamped to it.
func (e *Error) Offset(src []byte) int {
	if e.Line < 1 {
		return -1
	}
	off := 0
	for line := 1; line < e.Line && off < len(src); off++ {
		if src[off] == '\n' {
			line++
		}
	}
	for col := 1; col < e.Col && off < len(src) && src[off] != '\n'; col++ {
		_, n := utf8.DecodeRune(src[off:])
		off += n
	}
	return off
}

// Find returns the path of the nearest choreo.yaml in dir or one of its
// ancestors, or "" when there is none.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("config: %w", err)
	}
	for {
		p := filepath.Join(dir, FileName)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Load finds the nearest choreo.yaml walking up from dir and parses it. It
// returns Default() when there is none. Mistakes in the file are returned as
// *Error values carrying line and column.
func Load(dir string) (*Config, error) {
	path, err := Find(dir)
	if err != nil {
		return nil, err
	}
	if path == "" {
		return Default(), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return Parse(path, data)
}

// file is the YAML shape of choreo.yaml.
type file struct {
	Families *struct {
		Default *int           `yaml:"default"`
		Sizes   map[string]int `yaml:"sizes"`
	} `yaml:"families"`
	Protocols map[string]string `yaml:"protocols"`
	Budget    *struct {
		Multiplier *float64 `yaml:"multiplier"`
		HardCap    *int64   `yaml:"hard_cap"`
	} `yaml:"budget"`
	Diagnostics       map[string]string   `yaml:"diagnostics"`
	Envelopes         map[string][]string `yaml:"envelopes"`
	DeterminismPolicy string              `yaml:"determinism_policy"`
	Compat            *struct {
		Base     string `yaml:"base"`
		Severity string `yaml:"severity"`
	} `yaml:"compat"`
	Subtype *struct {
		Timeout           string `yaml:"timeout"`
		MaxConfigurations *int   `yaml:"max_configurations"`
		MaxPending        *int   `yaml:"max_pending"`
	} `yaml:"subtype"`
	Exclude []string `yaml:"exclude"`
	Lint    *struct {
		FailOn string `yaml:"fail_on"`
	} `yaml:"lint"`
}

// failOnValues are the values of lint.fail_on and of `choreo lint
// --fail-on`, from the strictest.
var failOnValues = []string{"warning", "error", "never"}

// ValidFailOn reports whether s is a value of fail_on: warning, error or
// never.
func ValidFailOn(s string) bool { return slices.Contains(failOnValues, s) }

// Parse reads a choreo.yaml document; path is used in error messages.
func Parse(path string, data []byte) (*Config, error) {
	astFile, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, yamlError(path, err)
	}
	var raw file
	if len(astFile.Docs) > 0 && astFile.Docs[0].Body != nil {
		if err := yaml.NodeToValue(astFile.Docs[0].Body, &raw, yaml.DisallowUnknownField()); err != nil {
			return nil, suggestKey(yamlError(path, err))
		}
	}
	c := Default()
	c.Path = path
	v := validator{path: path, file: astFile}
	if f := raw.Families; f != nil {
		if f.Default != nil {
			c.DefaultFamilySize = *f.Default
			v.check(*f.Default >= 1, "$.families.default", "families.default must be at least 1")
			if *f.Default > LargeFamilySize {
				v.warnKey("$.families", "default", largeFamilyMsg("every family without a size", *f.Default))
			}
		}
		for _, name := range sortedKeys(f.Sizes) {
			n := f.Sizes[name]
			v.check(n >= 1, "$.families.sizes."+name, fmt.Sprintf("family size of %s must be at least 1, got %d", name, n))
			if n > LargeFamilySize {
				v.warnKey("$.families.sizes", name, largeFamilyMsg(name, n))
			}
			c.FamilySizes[name] = n
		}
	}
	for ns, id := range raw.Protocols {
		c.ProtocolIDs[ns] = id
	}
	if b := raw.Budget; b != nil {
		if b.Multiplier != nil {
			m := *b.Multiplier
			v.check(m > 0 && !math.IsInf(m, 0) && !math.IsNaN(m), "$.budget.multiplier",
				fmt.Sprintf("budget.multiplier must be finite and > 0, got %v", m))
			c.Multiplier = m
		}
		if b.HardCap != nil {
			v.check(*b.HardCap >= 1, "$.budget.hard_cap", "budget.hard_cap must be at least 1")
			c.HardCap = *b.HardCap
		}
	}
	known := knownCodes()
	for _, code := range sortedKeys(raw.Diagnostics) {
		s, err := diag.ParseSeverity(raw.Diagnostics[code])
		v.check(err == nil, "$.diagnostics."+code, fmt.Sprintf("diagnostics.%s: %v", code, err))
		if !known[diag.Code(code)] {
			v.warnKey("$.diagnostics", code, unknownCodeMsg(code))
			continue
		}
		c.Severities[diag.Code(code)] = s
	}
	for id, envs := range raw.Envelopes {
		c.Envelopes[id] = envs
	}
	c.DeterminismPolicy = raw.DeterminismPolicy
	if cp := raw.Compat; cp != nil {
		c.CompatBase = cp.Base
		if cp.Severity != "" {
			s, err := diag.ParseSeverity(cp.Severity)
			v.check(err == nil, "$.compat.severity", fmt.Sprintf("compat.severity: %v", err))
			c.CompatSeverity = s
		}
	}
	if st := raw.Subtype; st != nil {
		if st.Timeout != "" {
			d, err := time.ParseDuration(st.Timeout)
			v.check(err == nil && d > 0, "$.subtype.timeout",
				fmt.Sprintf("subtype.timeout must be a positive duration such as 1s or 500ms, got %q", st.Timeout))
			c.SubtypeTimeout = d
		}
		if n := st.MaxConfigurations; n != nil {
			v.check(*n >= 1, "$.subtype.max_configurations", "subtype.max_configurations must be at least 1")
			c.SubtypeMaxConfigurations = *n
		}
		if n := st.MaxPending; n != nil {
			v.check(*n >= 1, "$.subtype.max_pending", "subtype.max_pending must be at least 1")
			c.SubtypeMaxPending = *n
		}
	}
	for i, g := range raw.Exclude {
		v.check(doublestar.ValidatePattern(g), fmt.Sprintf("$.exclude[%d]", i), fmt.Sprintf("exclude: %q is not a valid glob", g))
	}
	c.Exclude = raw.Exclude
	if l := raw.Lint; l != nil && l.FailOn != "" {
		v.check(ValidFailOn(l.FailOn), "$.lint.fail_on", fmt.Sprintf("lint.fail_on must be warning, error or never, got %q", l.FailOn))
		c.FailOn = l.FailOn
	}
	if len(v.errs) > 0 {
		return nil, errors.Join(v.errs...)
	}
	c.Warnings = v.warns
	return c, nil
}

// knownCodes is the set of codes a diagnostics entry may name.
func knownCodes() map[diag.Code]bool {
	all := diagcodes.All()
	known := make(map[diag.Code]bool, len(all))
	for _, ci := range all {
		known[ci.Code] = true
	}
	return known
}

// unknownCodeMsg explains an unknown diagnostics entry, suggesting the
// closest known code.
func unknownCodeMsg(code string) string {
	msg := fmt.Sprintf("diagnostics.%s: unknown diagnostic code %q (entry ignored)", code, code)
	closest := suggest.Closest(strings.ToLower(code), diagcodes.All(), func(ci diagcodes.Info) string { return string(ci.Code) })
	if closest != "" {
		msg += fmt.Sprintf("; did you mean %q?", closest)
	}
	return msg
}

// validator collects semantic errors and warnings located by YAML path.
type validator struct {
	path  string
	file  *ast.File
	errs  []error
	warns []*Error
}

// check reports an error at the value yamlPath names unless ok.
func (v *validator) check(ok bool, yamlPath, msg string) {
	if ok {
		return
	}
	e := &Error{Path: v.path, Msg: msg}
	e.Line, e.Col = position(v.lookup(yamlPath))
	v.errs = append(v.errs, e)
}

// warnKey reports a warning at key of the mapping yamlPath names (the key
// itself, not its value: the key is the mistake).
func (v *validator) warnKey(yamlPath, key, msg string) {
	e := &Error{Path: v.path, Msg: msg, Warning: true}
	if m, ok := v.lookup(yamlPath).(*ast.MappingNode); ok {
		for _, mv := range m.Values {
			if mv.Key != nil && mv.Key.GetToken() != nil && mv.Key.GetToken().Value == key {
				e.Line, e.Col = position(mv.Key)
				break
			}
		}
	}
	v.warns = append(v.warns, e)
}

// lookup returns the node yamlPath names, or nil.
func (v *validator) lookup(yamlPath string) ast.Node {
	p, err := yaml.PathString(quotePath(yamlPath))
	if err != nil {
		return nil
	}
	n, err := p.FilterFile(v.file)
	if err != nil {
		return nil
	}
	return n
}

// position returns n's 1-based line and column, or 0, 0.
func position(n ast.Node) (line, col int) {
	if n == nil {
		return 0, 0
	}
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		return tk.Position.Line, tk.Position.Column
	}
	return 0, 0
}

// quotePath quotes path segments that contain characters a YAML path
// cannot hold unquoted (diagnostic codes contain '-').
func quotePath(p string) string {
	parts := strings.Split(strings.TrimPrefix(p, "$."), ".")
	for i, s := range parts {
		if name, index, ok := strings.Cut(s, "["); ok && !strings.ContainsAny(name, "-[]* ") && strings.Trim(strings.TrimSuffix(index, "]"), "0123456789") == "" && strings.HasSuffix(index, "]") {
			continue // a list element, key[i]
		}
		if strings.ContainsAny(s, "-[]* ") {
			parts[i] = "'" + s + "'"
		}
	}
	return "$." + strings.Join(parts, ".")
}

func yamlError(path string, err error) error {
	var ye yaml.Error
	if errors.As(err, &ye) {
		e := &Error{Path: path, Msg: ye.GetMessage()}
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			e.Line, e.Col = tk.Position.Line, tk.Position.Column
		}
		return e
	}
	return &Error{Path: path, Msg: err.Error()}
}

// suggestKey adds the closest known key of choreo.yaml to the error of an
// unknown one.
func suggestKey(err error) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	// The decoder's message for a key choreo.yaml does not have. (Cut, not
	// a package-level regexp, which every choreo command would compile at
	// start-up.)
	key, ok := strings.CutPrefix(e.Msg, `unknown field "`)
	key, closed := strings.CutSuffix(key, `"`)
	if !ok || !closed || strings.Contains(key, `"`) {
		return err
	}
	if s := suggest.Closest(key, fileKeys(reflect.TypeFor[file]()), func(k string) string { return k }); s != "" {
		e.Msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return e
}

// fileKeys returns the yaml keys of the struct type t and of the structs
// inside it, at every level.
func fileKeys(t reflect.Type) []string {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var keys []string
	for f := range t.Fields() {
		keys = append(keys, strings.Split(f.Tag.Get("yaml"), ",")[0])
		keys = append(keys, fileKeys(f.Type)...)
	}
	return keys
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
