package main

import (
	"strconv"
	"strings"
	"time"

	"github.com/choreo-lang/choreo/cmd/internal/subtyperun"
	"github.com/choreo-lang/choreo/projection/subtype"
	"github.com/choreo-lang/choreo/syntax/filenames"
)

// isVersion reports whether args asks for the version (choreo version,
// choreo --version), which both programs print from the same build.
func isVersion(args []string) bool {
	return len(args) == 1 && (args[0] == "version" || args[0] == "--version")
}

// fastSubtype reads args as a well-formed `choreo subtype` command line
// that needs no parser: types in session notation, on the command line or
// in files, with the command's flags spelt as its help gives them
// (--relation async, --relation=async, -f json). ok is false for anything
// else (help, a protocol file, a flag it does not know, a missing or bad
// value, the wrong number of types), which choreo hands over to the full
// command line: that one reports every error, so both answer a command
// line they share identically (TestFastPathAgrees).
func fastSubtype(args []string) (req subtyperun.Request, ok bool) {
	if len(args) == 0 || args[0] != "subtype" {
		return req, false
	}
	req = subtyperun.Request{Relation: string(subtype.Async), Format: "text"}
	var types []string
	named := map[string]bool{}
	for i := 1; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			types = append(types, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(arg, "-") || arg == "-" {
			types = append(types, arg)
			continue
		}
		if arg == "--file" {
			req.FromFile = true
			continue
		}
		name, value, inline := strings.Cut(arg, "=")
		if !inline {
			if i+1 == len(args) {
				return req, false
			}
			i++
			value = args[i]
		}
		if !setFlag(&req, name, value) {
			return req, false
		}
		named[name] = true
	}
	switch {
	case named["--new"] && named["--old"] && len(types) == 0:
	case !named["--new"] && !named["--old"] && len(types) == 2:
		req.New, req.Old = types[0], types[1]
	default:
		return req, false
	}
	if req.FromFile && (filenames.IsSource(req.New) || filenames.IsSource(req.Old)) {
		return req, false
	}
	return req, true
}

// setFlag sets the flag name of choreo subtype to value, and reports
// whether it is one the fast path knows with a value the command accepts.
func setFlag(req *subtyperun.Request, name, value string) bool {
	switch name {
	case "--new":
		req.New = value
	case "--old":
		req.Old = value
	case "--role":
		req.Role = value
	case "--relation":
		req.Relation = value
	case "-f", "--format":
		req.Format = value
	case "--timeout":
		d, err := time.ParseDuration(value)
		if err != nil || d <= 0 {
			return false
		}
		req.Options.Timeout = d
	case "--max-pending", "--max-configurations":
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 {
			return false
		}
		if name == "--max-pending" {
			req.Options.MaxPending = n
		} else {
			req.Options.MaxConfigurations = n
		}
	default:
		return false
	}
	return true
}
