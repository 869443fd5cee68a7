package cmd

import (
	"fmt"
	"path"
	"strings"

	"github.com/kindly-support/kindly/cmd/termtext"
	"github.com/kindly-support/kindly/examples"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/pack"
)

// printReplaced says which starter replies the pack name now replaces: the
// team's wording is what the agent types from now on.
func printReplaced(d *Deps, set *pack.Set, name string) {
	var ts []string
	for _, r := range set.Replaced {
		if r.Pack == name {
			ts = append(ts, termtext.Line(r.Trigger))
		}
	}
	if len(ts) == 0 {
		return
	}
	fmt.Fprintf(d.IO.Out, "replaces %s of the starter pack with the team's wording: %s\n",
		replies(len(ts)), strings.Join(ts, " "))
}

// starterConflicts are what a team lead needs to know about a pack next to
// the starter pack every agent has: pack triggers that can never fire for
// those agents because a shorter starter trigger fires first (warnings),
// and starter replies the pack replaces (notes). Starter replies the pack
// replaces are left out before looking for shadows, as the loader does.
func starterConflicts(lib *snippets.Library) (warnings []snippets.Problem, replaced []string) {
	starter, _, err := snippets.LoadFS(examples.Starter, examples.StarterDir)
	if err != nil {
		return nil, nil
	}
	mine := map[string]bool{}
	for _, s := range lib.Snippets {
		for _, t := range s.Triggers {
			mine[t] = true
		}
	}
	var rest []snippets.Snippet
	for _, s := range starter.Snippets {
		var keep []string
		var keepPos []snippets.Pos
		for i, t := range s.Triggers {
			if mine[t] {
				replaced = append(replaced, t)
				continue
			}
			keep, keepPos = append(keep, t), append(keepPos, s.TriggerPos[i])
		}
		if len(keep) > 0 {
			s.Triggers, s.TriggerPos = keep, keepPos
			s.Pos.File = "starter pack " + path.Base(s.Pos.File)
			for i := range s.TriggerPos {
				s.TriggerPos[i].File = s.Pos.File
			}
			rest = append(rest, s)
		}
	}
	for _, c := range snippets.Conflicts(append(append([]snippets.Snippet(nil), lib.Snippets...), rest...)) {
		if c.Kind != snippets.Shadowed || !mine[c.Trigger] || mine[c.Other] {
			continue
		}
		warnings = append(warnings, snippets.Problem{Pos: c.Pos, Severity: snippets.Warning,
			Msg: fmt.Sprintf("trigger %q can never fire for agents who have the starter pack: typing it fires the starter's %q first (%s); rename it, or define %q in this pack to replace the starter's",
				c.Trigger, c.Other, c.OtherPos, c.Other)})
	}
	return warnings, replaced
}
