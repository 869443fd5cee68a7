package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/snippets"
)

func newRmCmd(d *Deps) *cobra.Command {
	return &cobra.Command{
		Use:   "rm TRIGGER",
		Short: "Remove a snippet from your library",
		Long: `Remove the snippet with TRIGGER from the file of your library that defines it.
Replies from team packs are read-only (see 'kindly pack override'). When the
snippet has several triggers, only TRIGGER is removed from its list. Comments
and layout elsewhere in the file are kept.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error { return runRm(d, args[0]) },
	}
}

func runRm(d *Deps, trigger string) error {
	dir := d.SnippetsDir()
	set, err := d.loadSet()
	if err != nil {
		return fmt.Errorf("rm: %w", err)
	}
	lib := set.Library
	s, ok := lib.Find(trigger)
	if !ok {
		return fmt.Errorf("rm: %w", unknownTrigger(lib, trigger))
	}
	if name, ok := packOf(s); ok {
		return d.readOnly("rm", trigger, s, name)
	}
	var others []string
	for _, t := range s.Triggers {
		if t != trigger {
			others = append(others, t)
		}
	}
	p, err := snippets.Remove(dir, trigger)
	if err != nil {
		return err
	}
	fmt.Fprintf(d.IO.Out, "removed %s from %s\n", trigger, d.display(p))
	if len(others) > 0 {
		fmt.Fprintf(d.IO.Out, "the snippet keeps its other triggers: %s\n", strings.Join(others, ", "))
	}
	for _, o := range set.Overrides {
		if o.Trigger == trigger {
			fmt.Fprintf(d.IO.Out, "%s now expands to the reply from the team pack %q again\n", trigger, o.Pack)
			break
		}
	}
	return nil
}
