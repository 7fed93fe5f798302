package cli

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/projection/subtype"
	"github.com/choreo-lang/choreo/runtime"
	"github.com/choreo-lang/choreo/syntax/filenames"
)

// Shell completion (cobra's `choreo completion bash|zsh|fish|powershell`
// scripts, which call the hidden `choreo __complete`): positional
// arguments complete to choreography files and directories, and flags to
// their values. Flags whose pflag.Value type is a word list ("a|b|c", as
// --format and --fail-on declare theirs) complete to those words; the
// string flags below complete to the values their commands accept; --role
// completes to the roles and participants of the choreography file already
// on the command line.

// fileArgCommands are the commands whose positional arguments are
// choreography files (or, for some, directories of them).
var fileArgCommands = []string{"parse", "lint", "project", "budget", "manifest", "compat", "run", "node", "monitor", "fmt"}

// stringFlagValues lists the values of string flags by command and flag.
func stringFlagValues() map[string]map[string][]string {
	policies := []string{string(runtime.Cooperative), string(runtime.RoundRobin), string(runtime.Random)}
	branches := []string{string(runtime.BranchFirst), string(runtime.BranchRoundRobin), string(runtime.BranchRandom), string(runtime.BranchScript) + ":"}
	return map[string]map[string][]string{
		"run":     {"policy": policies, "branch": branches, "trace": {"text", "json", "mermaid", "svg"}},
		"node":    {"branch": branches, "trace": {"text", "json"}},
		"subtype": {"relation": {string(subtype.Async), string(subtype.Sync), string(subtype.Equal)}, "format": {"text", "json"}},
	}
}

// registerCompletions installs the completion functions on every
// subcommand of root.
func registerCompletions(root *cobra.Command) {
	values := stringFlagValues()
	for _, cmd := range root.Commands() {
		if slices.Contains(fileArgCommands, cmd.Name()) {
			cmd.ValidArgsFunction = completeChoreographyFiles
		}
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			if complete := flagCompletion(f, values[cmd.Name()][f.Name]); complete != nil {
				_ = cmd.RegisterFlagCompletionFunc(f.Name, complete)
			}
		})
	}
}

// flagCompletion returns the completion function of flag f given the
// values its command accepts (nil when not listed), or nil to leave the
// shell's default (file names).
func flagCompletion(f *pflag.Flag, values []string) cobra.CompletionFunc {
	switch f.Name {
	case "role":
		return completeRoles
	case "config": // choreo.yaml or a run configuration
		return completeFileExt("yaml", "yml")
	case "replay":
		return completeFileExt("json")
	}
	if values == nil {
		if values = strings.Split(f.Value.Type(), "|"); len(values) < 2 {
			return nil
		}
	}
	directive := cobra.ShellCompDirectiveNoFileComp
	if slices.ContainsFunc(values, func(v string) bool { return strings.HasSuffix(v, ":") }) {
		directive |= cobra.ShellCompDirectiveNoSpace // script: wants labels after it
	}
	return cobra.FixedCompletions(values, directive)
}

// completeFileExt completes to files with one of the extensions exts (and
// directories).
func completeFileExt(exts ...string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return exts, cobra.ShellCompDirectiveFilterFileExt
	}
}

// completeChoreographyFiles completes positional arguments to .choreo and
// .tell files (and directories, which the shells offer with a filter), as
// long as the command takes another argument.
func completeChoreographyFiles(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if cmd.Args != nil && cmd.Args(cmd, append(slices.Clone(args), toComplete)) != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var exts []string
	for _, e := range filenames.Extensions() {
		exts = append(exts, strings.TrimPrefix(e, "."))
	}
	return completeFileExt(exts...)(cmd, args, toComplete)
}

// completeRoles completes --role to the roles (family names included) and
// participants of the first choreography file among args, analysed with
// its choreo.yaml. A comma-separated list (project --role A,B) completes
// its last element.
func completeRoles(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	i := slices.IndexFunc(args, filenames.IsSource)
	if i < 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	path := args[i]
	cfg, err := config.Load(filepath.Dir(path))
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	r, _, err := analyzeWith(cmd.Context(), path, cfg)
	if err != nil || r.Protocol == nil {
		return nil, cobra.ShellCompDirectiveError
	}
	prefix := ""
	if j := strings.LastIndex(toComplete, ","); j >= 0 && cmd.Flags().Lookup("role").Value.Type() == "stringSlice" {
		prefix = toComplete[:j+1]
	}
	var names []string
	add := func(n string) {
		if !slices.Contains(names, prefix+n) {
			names = append(names, prefix+n)
		}
	}
	for _, role := range r.Protocol.Roles {
		add(role.Name)
	}
	for _, p := range r.Protocol.Participants() {
		add(p)
	}
	return names, cobra.ShellCompDirectiveNoFileComp
}
