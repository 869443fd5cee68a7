package cmd

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/snippets"
)

func newPackOverrideCmd(d *Deps) *cobra.Command {
	var file string
	c := &cobra.Command{
		Use:   "override TRIGGER",
		Short: "Copy a pack reply into your library to change it for yourself",
		Long: `Copy the team pack's reply for TRIGGER into your own library (the
snippets/overrides.yml file unless --file says otherwise). Your copy wins over
the pack from then on, and survives pack updates; change it with
'kindly edit TRIGGER', and remove it with 'kindly rm TRIGGER' to use the
pack's reply again.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error { return runPackOverride(d, args[0], file) },
	}
	c.Flags().StringVar(&file, "file", "overrides.yml", "library file to copy into, relative to the snippets folder")
	return c
}

func runPackOverride(d *Deps, trigger, file string) error {
	set, err := d.loadSet()
	if err != nil {
		return fmt.Errorf("pack override: %w", err)
	}
	for _, o := range set.Overrides {
		if o.Trigger == trigger {
			return fmt.Errorf("pack override: %s is already yours (%s); change it with 'kindly edit %s'",
				trigger, d.display(filepath.Join(d.SnippetsDir(), filepath.FromSlash(o.Own.File))), shellQuote(trigger))
		}
	}
	s, ok := set.Library.Find(trigger)
	if !ok {
		return fmt.Errorf("pack override: %w", unknownTrigger(set.Library, trigger))
	}
	name, ok := packOf(s)
	if !ok {
		return fmt.Errorf("pack override: %s is already yours; change it with 'kindly edit %s'", trigger, shellQuote(trigger))
	}
	cp := snippets.Snippet{Triggers: []string{trigger}, Replace: s.Replace, Label: s.Label,
		Tags: append([]string(nil), s.Tags...), Word: s.Word, PropagateCase: s.PropagateCase}
	p, err := snippets.Add(d.SnippetsDir(), filepath.FromSlash(file), cp)
	if err != nil {
		return fmt.Errorf("pack override: %w", err)
	}
	fmt.Fprintf(d.IO.Out, "copied %s from the team pack %q into %s; your copy now wins (change it with 'kindly edit %s')\n",
		trigger, name, d.display(p), shellQuote(trigger))
	return nil
}
