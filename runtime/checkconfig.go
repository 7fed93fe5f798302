package runtime

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// CheckConfig reports the first part of cfg that names something img does
// not have: a crashed or partitioned participant that the protocol does not
// declare, or a branch script entry that is no branch label of the
// protocol. Such a configuration is a mistake of its author; checking it
// before a run makes it a usage error instead of a fault in the middle of
// a trace.
func (img *Image) CheckConfig(cfg Config) error {
	if err := img.checkFaults(cfg); err != nil {
		return err
	}
	return img.checkScript(cfg)
}

// checkFaults reports a fault that names an unknown participant. A
// machine cannot run such a configuration.
func (img *Image) checkFaults(cfg Config) error {
	for _, c := range cfg.Faults.Crash {
		if img.Role(c.Role) < 0 {
			return fmt.Errorf("run config: crash names unknown participant %q (participants: %s)", c.Role, strings.Join(img.Participants, ", "))
		}
	}
	for _, c := range cfg.Faults.Partition {
		if img.Role(c.Role) < 0 {
			return fmt.Errorf("run config: partition names unknown participant %q (participants: %s)", c.Role, strings.Join(img.Participants, ", "))
		}
	}
	return nil
}

// checkScript reports a branch script entry that is no label of any
// choice. A machine runs such a script, to the fault of the choice that
// does not offer the entry, as for a label of another choice.
func (img *Image) checkScript(cfg Config) error {
	if cfg.Branch != BranchScript || len(cfg.Script) == 0 {
		return nil
	}
	known := make(map[string]bool)
	for _, p := range img.Programs {
		for _, t := range p.Choices {
			for _, a := range t.Alts {
				known[img.AltLabel(a)] = true
			}
		}
	}
	for i, l := range cfg.Script {
		if known[l] {
			continue
		}
		if len(known) == 0 {
			return fmt.Errorf("run config: branch script entry %d is %q, but %s has no choice", i+1, l, img.Protocol.Name)
		}
		labels := slices.Sorted(maps.Keys(known))
		return fmt.Errorf("run config: branch script entry %d is %q, which is no branch label of %s (labels: %s)", i+1, l, img.Protocol.Name, strings.Join(labels, ", "))
	}
	return nil
}
