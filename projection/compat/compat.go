package compat

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/projection"
	"github.com/choreo-lang/choreo/projection/subtype"
)

// Level is the version bump a change calls for.
type Level int

// Levels, in increasing severity. Unclassified (a new file) sorts first
// because it gates nothing by itself.
const (
	Unclassified Level = iota // no baseline: initial versioning needs an explicit review
	Patch
	Minor
	Major
	Undetermined
)

// String returns the level's name.
func (l Level) String() string {
	switch l {
	case Patch:
		return "patch"
	case Minor:
		return "minor"
	case Major:
		return "major"
	case Undetermined:
		return "undetermined"
	}
	return "unclassified"
}

// MarshalJSON renders the level as its name.
func (l Level) MarshalJSON() ([]byte, error) { return json.Marshal(l.String()) }

// Gates reports whether CI must fail on the level (major or undetermined).
func (l Level) Gates() bool { return l == Major || l == Undetermined }

// Row is a row of the reviewer decision table (seed: protocol evolution
// compatibility policy), plus the cases the table does not name.
type Row string

// Decision-table rows.
const (
	RowMetadataOnly      Row = "metadata-only"     // patch
	RowAdditiveBranch    Row = "additive-branch"   // minor if every role passes, else major
	RowPayloadChange     Row = "payload-change"    // minor or major by the checker
	RowRoleAdded         Row = "role-added"        // major
	RowRoleRemoved       Row = "role-removed"      // major
	RowRoleRenamed       Row = "role-renamed"      // major
	RowNamespaceChange   Row = "namespace-change"  // major
	RowProjectionChange  Row = "projection-change" // any other change: the checker decides
	RowProtocolRemoved   Row = "protocol-removed"  // the file was deleted: major
	RowNewProtocol       Row = "new-protocol"      // no baseline: unclassified
	RowNotAnalysable     Row = "not-analysable"    // a version has errors: undetermined
	RowCheckerUndecided  Row = "checker-unknown"   // some role unknown: undetermined
	RowIncompatibleRoles Row = "incompatible-role" // some role incompatible: major
)

// Status is the outcome for one role.
type Status string

// Role statuses.
const (
	StatusEqual        Status = "equal" // same local type
	StatusCompatible   Status = "compatible"
	StatusIncompatible Status = "incompatible"
	StatusUnknown      Status = "unknown"
	StatusAdded        Status = "added"
	StatusRemoved      Status = "removed"
	StatusRenamed      Status = "renamed"
)

// RoleReport is the outcome for one participant.
type RoleReport struct {
	Role        string `json:"role"`
	Status      Status `json:"status"`
	RenamedFrom string `json:"renamed_from,omitempty"`
	// Old and New are the local types in session notation ("" when absent).
	Old string `json:"old,omitempty"`
	New string `json:"new,omitempty"`
	// Check is the subtyping result when the local type changed.
	Check  *subtype.Result `json:"check,omitempty"`
	Reason string          `json:"reason"`
	// Span locates the reason: for an incompatible role, the message of
	// the counterexample's last action in the new version; otherwise the
	// role's declaration (in the old version for a removed role).
	Span diag.Span `json:"-"`
}

// Report is the classification of one file's change.
type Report struct {
	OldPath  string `json:"old_path,omitempty"`
	NewPath  string `json:"new_path,omitempty"`
	Protocol string `json:"protocol,omitempty"`
	Level    Level  `json:"level"`
	// Rows are the decision-table rows that applied, the deciding one first.
	Rows   []Row        `json:"rows"`
	Reason string       `json:"reason"`
	Roles  []RoleReport `json:"roles,omitempty"`
	Notes  []string     `json:"notes,omitempty"`
	// Span locates the reason in the new version (the protocol name), or
	// in the old one for a deleted file; zero when unknown.
	Span diag.Span `json:"-"`
	// OldSrc and NewSrc are the texts the spans point into (set by
	// CompareFiles), for tools that convert them to other units.
	OldSrc, NewSrc []byte `json:"-"`
}

// Options configure a comparison.
type Options struct {
	// Subtype bounds the asynchronous subtyping checks. Zero fields take
	// the bounds of the new version's project file (choreo.yaml's subtype
	// section), then the checker's defaults.
	Subtype subtype.Options
	// IgnoreNamespace reports a change of namespace or protocol name as a
	// note instead of a major change (for two files paired explicitly).
	IgnoreNamespace bool
}

// Version is one version of a file: its path (for messages), text and
// configuration (nil: config.Default(); it sizes role families).
type Version struct {
	Path   string
	Src    []byte
	Config *config.Config
}

// CompareFiles analyses both versions and classifies the change. A nil
// before is a new file (unclassified); a nil after is a deleted file
// (major).
func CompareFiles(ctx context.Context, before, after *Version, opts Options) (*Report, error) {
	analyse := func(v *Version) *analysis.Result {
		if v == nil {
			return nil
		}
		return analysis.Analyze(ctx, analysis.Input{Filename: v.Path, Src: v.Src, Config: v.Config})
	}
	oldRes, newRes := analyse(before), analyse(after)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rep, err := Compare(ctx, oldRes, newRes, opts)
	if err != nil {
		switch {
		case after != nil:
			err = fmt.Errorf("%s: %w", after.Path, err)
		case before != nil:
			err = fmt.Errorf("%s: %w", before.Path, err)
		}
		return nil, err
	}
	if before != nil {
		rep.OldPath, rep.OldSrc = before.Path, before.Src
	}
	if after != nil {
		rep.NewPath, rep.NewSrc = after.Path, after.Src
	}
	return rep, nil
}

// Compare classifies the change from before to after, two analysis
// results of the same protocol file. A nil before is a new file; a nil
// after is a deleted file.
func Compare(ctx context.Context, before, after *analysis.Result, opts Options) (*Report, error) {
	switch {
	case before == nil && after == nil:
		return nil, fmt.Errorf("compat: nothing to compare")
	case before == nil:
		rep := &Report{Level: Unclassified, Rows: []Row{RowNewProtocol},
			Reason: "unclassified: initial versioning needs an explicit review"}
		if after.Protocol != nil {
			rep.Protocol, rep.Span = after.Protocol.Name, after.Protocol.NameSpan
		}
		return rep, nil
	case after == nil:
		rep := &Report{Level: Major, Rows: []Row{RowProtocolRemoved},
			Reason: "major: the protocol file was deleted; every role is removed"}
		if before.Protocol != nil {
			rep.Protocol = before.Protocol.Name
		}
		return rep, nil
	}
	if rep := notAnalysable(before, after); rep != nil {
		return rep, nil
	}
	opts.Subtype = subtypeOptions(opts.Subtype, after.Config)
	c := &comparison{before: before, after: after, opts: opts, rep: &Report{
		Protocol: after.Protocol.Name,
		Span:     after.Protocol.NameSpan,
	}}
	if err := c.roles(ctx); err != nil {
		return nil, err
	}
	c.namespace()
	c.classify()
	return c.rep, nil
}

// notAnalysable returns an undetermined report when a version has no
// protocol or has errors.
func notAnalysable(before, after *analysis.Result) *Report {
	for _, v := range []struct {
		name string
		res  *analysis.Result
	}{{"old", before}, {"new", after}} {
		if v.res.Protocol == nil {
			return &Report{Level: Undetermined, Rows: []Row{RowNotAnalysable},
				Reason: fmt.Sprintf("undetermined: the %s version has no protocol", v.name)}
		}
		for _, d := range v.res.Diagnostics {
			if d.Severity == diag.Error {
				rep := &Report{Level: Undetermined, Rows: []Row{RowNotAnalysable}, Protocol: v.res.Protocol.Name,
					Reason: fmt.Sprintf("undetermined: the %s version has errors (%d:%d: %s [%s])", v.name, d.Span.Start.Line+1, d.Span.Start.Col+1, d.Message, d.Code)}
				if v.name == "new" {
					rep.Span = d.Span
				}
				return rep
			}
		}
	}
	return nil
}

type comparison struct {
	before, after *analysis.Result
	opts          Options
	rep           *Report
	rows          []Row
}

func (c *comparison) addRow(r Row) {
	if !slices.Contains(c.rows, r) {
		c.rows = append(c.rows, r)
	}
}

// roles compares the participants of both versions.
func (c *comparison) roles(ctx context.Context) error {
	oldRoles, newRoles := c.before.Protocol.Participants(), c.after.Protocol.Participants()
	var removed, added []string
	for _, r := range oldRoles {
		if !slices.Contains(newRoles, r) {
			removed = append(removed, r)
		}
	}
	for _, r := range newRoles {
		if !slices.Contains(oldRoles, r) {
			added = append(added, r)
		}
	}
	renamed := make(map[string]string) // new name → old name
	if len(removed) == len(added) {
		for i, r := range added {
			renamed[r] = removed[i]
		}
	}
	for _, r := range newRoles {
		newT := c.after.Projections[r]
		if from, ok := renamed[r]; ok {
			c.addRow(RowRoleRenamed)
			c.rep.Roles = append(c.rep.Roles, RoleReport{Role: r, Status: StatusRenamed, RenamedFrom: from,
				Old: projection.Session(c.before.Projections[from]), New: projection.Session(newT),
				Reason: fmt.Sprintf("role %s was renamed to %s: peers built against the old protocol address %s", from, r, from)})
			continue
		}
		if slices.Contains(added, r) {
			c.addRow(RowRoleAdded)
			c.rep.Roles = append(c.rep.Roles, RoleReport{Role: r, Status: StatusAdded, New: projection.Session(newT),
				Reason: fmt.Sprintf("role %s was added: old deployments have no implementation of it", r)})
			continue
		}
		rr, err := c.shared(ctx, r, c.before.Projections[r], newT)
		if err != nil {
			return err
		}
		c.rep.Roles = append(c.rep.Roles, rr)
	}
	if len(renamed) == 0 {
		for _, r := range removed {
			c.addRow(RowRoleRemoved)
			c.rep.Roles = append(c.rep.Roles, RoleReport{Role: r, Status: StatusRemoved, Old: projection.Session(c.before.Projections[r]),
				Reason: fmt.Sprintf("role %s was removed: its old implementations have no counterpart", r)})
		}
	}
	sends := make(map[int]diag.Span)
	global.Walk(c.after.Protocol.Body, func(n global.Node) {
		if s, ok := n.(*global.Send); ok {
			sends[s.ID] = s.MsgSpan
		}
	})
	for i := range c.rep.Roles {
		r := &c.rep.Roles[i]
		switch {
		case r.Status == StatusRemoved:
			r.Span = declSpan(c.before.Protocol, r.Role)
		case r.Check != nil && r.Check.Counterexample != nil:
			r.Span = declSpan(c.after.Protocol, r.Role)
			if sp := offendingSpan(r.Check.Counterexample, sends); sp != nil {
				r.Span = *sp
			}
		default:
			r.Span = declSpan(c.after.Protocol, r.Role)
		}
	}
	return nil
}

// offendingSpan locates a counterexample in the new protocol: the branch
// that misses a message, or else the last action of the trace (the new
// role's offending or last matched action).
func offendingSpan(cex *subtype.Counterexample, sends map[int]diag.Span) *diag.Span {
	for _, a := range cex.Accepted {
		if sp, ok := sends[a.Origin]; ok {
			return &sp
		}
	}
	for i := len(cex.Trace) - 1; i >= 0; i-- {
		if sp, ok := sends[cex.Trace[i].Origin]; ok {
			return &sp
		}
	}
	return nil
}

// declSpan is the span of the declaration of participant (a role or a
// family member) in p.
func declSpan(p *global.Protocol, participant string) diag.Span {
	for _, r := range p.Roles {
		if slices.Contains(r.Instances(), participant) {
			return r.Span
		}
	}
	return p.NameSpan
}

// subtypeOptions fills the bounds o leaves zero from the project file cfg.
func subtypeOptions(o subtype.Options, cfg *config.Config) subtype.Options {
	if cfg == nil {
		return o
	}
	if o.Timeout == 0 {
		o.Timeout = cfg.SubtypeTimeout
	}
	if o.MaxConfigurations == 0 {
		o.MaxConfigurations = cfg.SubtypeMaxConfigurations
	}
	if o.MaxPending == 0 {
		o.MaxPending = cfg.SubtypeMaxPending
	}
	return o
}

// shared compares the local types of a role present in both versions.
func (c *comparison) shared(ctx context.Context, role string, oldT, newT projection.Type) (RoleReport, error) {
	rr := RoleReport{Role: role, Old: projection.Session(oldT), New: projection.Session(newT)}
	if projection.Equal(canonical(oldT), canonical(newT)) {
		rr.Status, rr.Reason = StatusEqual, "local type unchanged"
		return rr, nil
	}
	res, err := subtype.CheckAsync(ctx, newT, oldT, c.opts.Subtype)
	if err != nil {
		return rr, fmt.Errorf("role %s: %w", role, err)
	}
	rr.Check = res
	switch res.Verdict {
	case subtype.Compatible:
		rr.Status = StatusCompatible
		rr.Reason = "compatible: " + res.Justification
	case subtype.Incompatible:
		rr.Status = StatusIncompatible
		rr.Reason = "incompatible: " + res.Counterexample.String()
	default:
		rr.Status = StatusUnknown
		rr.Reason = "unknown: " + res.Justification
	}
	return rr, nil
}

// namespace compares the contract's identity: namespace and protocol name.
func (c *comparison) namespace() {
	oldP, newP := c.before.Protocol, c.after.Protocol
	var changes []string
	if oldP.Namespace != newP.Namespace {
		changes = append(changes, fmt.Sprintf("namespace %s → %s", orNone(oldP.Namespace), orNone(newP.Namespace)))
	}
	if oldP.Name != newP.Name {
		changes = append(changes, fmt.Sprintf("protocol %s → %s", oldP.Name, newP.Name))
	}
	if len(changes) == 0 {
		return
	}
	if c.opts.IgnoreNamespace {
		c.rep.Notes = append(c.rep.Notes, "not classified (the files were paired explicitly): "+strings.Join(changes, ", "))
		return
	}
	c.addRow(RowNamespaceChange)
	c.rep.Notes = append(c.rep.Notes, "the contract's identity changed: "+strings.Join(changes, ", "))
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// classify sets the level, rows and reason from the role reports.
func (c *comparison) classify() {
	rep := c.rep
	var changed, incompatible, unknown []string
	for _, r := range rep.Roles {
		switch r.Status {
		case StatusCompatible:
			changed = append(changed, r.Role)
		case StatusIncompatible:
			changed = append(changed, r.Role)
			incompatible = append(incompatible, r.Role)
		case StatusUnknown:
			changed = append(changed, r.Role)
			unknown = append(unknown, r.Role)
		}
	}
	if len(changed) > 0 {
		c.changeRows()
	}
	structural := slices.ContainsFunc(c.rows, func(r Row) bool {
		return r == RowRoleAdded || r == RowRoleRemoved || r == RowRoleRenamed || r == RowNamespaceChange
	})
	switch {
	case structural || len(incompatible) > 0:
		rep.Level = Major
		var why []string
		for _, r := range c.rows {
			switch r {
			case RowRoleAdded, RowRoleRemoved, RowRoleRenamed, RowNamespaceChange:
				why = append(why, strings.ReplaceAll(string(r), "-", " "))
			}
		}
		if len(incompatible) > 0 {
			why = append(why, "incompatible role "+strings.Join(incompatible, ", "))
			c.addRow(RowIncompatibleRoles)
		}
		rep.Reason = "major: " + strings.Join(why, "; ")
	case len(unknown) > 0:
		rep.Level = Undetermined
		c.addRow(RowCheckerUndecided)
		rep.Reason = "undetermined: the checker reached its bound for role " + strings.Join(unknown, ", ") + " (never silently minor)"
	case len(changed) > 0:
		rep.Level = Minor
		rep.Reason = "minor: the local type of " + strings.Join(changed, ", ") + " changed and every shared role is compatible"
	default:
		rep.Level = Patch
		c.addRow(RowMetadataOnly)
		rep.Reason = "patch: no role's local type changed (comments, formatting, annotations or metadata only)"
	}
	rep.Rows = c.rows
}

// changeRows names the kind of projection change: payload changes and
// additive branches are recognised; anything else is a projection change.
func (c *comparison) changeRows() {
	oldMsgs, newMsgs := messages(c.before.Projections), messages(c.after.Projections)
	payload := false
	for name, p := range newMsgs {
		if q, ok := oldMsgs[name]; ok && !slices.Equal(p, q) {
			payload = true
		}
	}
	if payload {
		c.addRow(RowPayloadChange)
	}
	if additive(c.before.Projections, c.after.Projections) {
		c.addRow(RowAdditiveBranch)
	}
	if !payload && !slices.Contains(c.rows, RowAdditiveBranch) {
		c.addRow(RowProjectionChange)
	}
}

// messages maps every message name used in the projections to its
// distinct payload texts (sorted).
func messages(projs map[string]projection.Type) map[string][]string {
	out := make(map[string][]string)
	for _, t := range projs {
		walk(t, func(_ string, m projection.Message, cs []projection.Choice) {
			if cs != nil {
				return
			}
			p := projection.CanonicalPayload(m.Payload)
			if !slices.Contains(out[m.Name], p) {
				out[m.Name] = append(out[m.Name], p)
				slices.Sort(out[m.Name])
			}
		})
	}
	return out
}

// additive reports whether some role's new local type has a choice whose
// alternatives strictly include those of a choice of its old local type,
// keyed by the alternatives' peers and message names.
func additive(oldP, newP map[string]projection.Type) bool {
	for role, newT := range newP {
		oldT, ok := oldP[role]
		if !ok {
			continue
		}
		var oldSets [][]string
		walk(oldT, func(_ string, _ projection.Message, cs []projection.Choice) {
			if cs != nil {
				oldSets = append(oldSets, choiceKeys(cs))
			}
		})
		found := false
		walk(newT, func(_ string, _ projection.Message, cs []projection.Choice) {
			if cs == nil {
				return
			}
			keys := choiceKeys(cs)
			for _, o := range oldSets {
				if len(o) < len(keys) && subset(o, keys) && !slices.ContainsFunc(oldSets, func(x []string) bool { return slices.Equal(x, keys) }) {
					found = true
				}
			}
		})
		if found {
			return true
		}
	}
	return false
}

func choiceKeys(cs []projection.Choice) []string {
	keys := make([]string, len(cs))
	for i, c := range cs {
		keys[i] = c.Peer + "." + c.Msg.Name
	}
	slices.Sort(keys)
	return keys
}

func subset(a, b []string) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// canonical returns t with every payload in canonical form
// (projection.CanonicalPayload), so that respelling a payload's type path
// is not a projection change.
func canonical(t projection.Type) projection.Type {
	return canonicalize(t, make(map[projection.Type]projection.Type))
}

// canonicalize is canonical with a memo: local types share subtrees, and
// so does the result.
func canonicalize(t projection.Type, memo map[projection.Type]projection.Type) projection.Type {
	if c, ok := memo[t]; ok {
		return c
	}
	c := canonicalNode(t, memo)
	memo[t] = c
	return c
}

func canonicalNode(t projection.Type, memo map[projection.Type]projection.Type) projection.Type {
	msg := func(m projection.Message) projection.Message {
		m.Payload = projection.CanonicalPayload(m.Payload)
		return m
	}
	choices := func(cs []projection.Choice) []projection.Choice {
		out := make([]projection.Choice, len(cs))
		for i, c := range cs {
			c.Msg, c.Next = msg(c.Msg), canonicalize(c.Next, memo)
			out[i] = c
		}
		return out
	}
	switch x := t.(type) {
	case *projection.Send:
		return &projection.Send{To: x.To, Msg: msg(x.Msg), Origin: x.Origin, Next: canonicalize(x.Next, memo)}
	case *projection.Recv:
		return &projection.Recv{From: x.From, Msg: msg(x.Msg), Origin: x.Origin, Next: canonicalize(x.Next, memo)}
	case *projection.Select:
		return &projection.Select{Choices: choices(x.Choices)}
	case *projection.Branch:
		return &projection.Branch{Choices: choices(x.Choices)}
	case *projection.Rec:
		return &projection.Rec{Var: x.Var, Body: canonicalize(x.Body, memo)}
	}
	return t
}

// walk calls f for every action of t: for a Send or Recv with cs nil, and
// once per Select or Branch with its alternatives (and once per
// alternative, with cs nil). A subtree shared by several paths is visited
// once.
func walk(t projection.Type, f func(peer string, m projection.Message, cs []projection.Choice)) {
	walkShared(t, f, make(map[projection.Type]bool))
}

func walkShared(t projection.Type, f func(string, projection.Message, []projection.Choice), seen map[projection.Type]bool) {
	for !seen[t] {
		seen[t] = true
		switch x := t.(type) {
		case *projection.Send:
			f(x.To, x.Msg, nil)
			t = x.Next
			continue
		case *projection.Recv:
			f(x.From, x.Msg, nil)
			t = x.Next
			continue
		case *projection.Rec:
			t = x.Body
			continue
		case *projection.Select:
			walkChoices(x.Choices, f, seen)
		case *projection.Branch:
			walkChoices(x.Choices, f, seen)
		}
		return
	}
}

func walkChoices(cs []projection.Choice, f func(string, projection.Message, []projection.Choice), seen map[projection.Type]bool) {
	f("", projection.Message{}, cs)
	for _, c := range cs {
		f(c.Peer, c.Msg, nil)
		walkShared(c.Next, f, seen)
	}
}
