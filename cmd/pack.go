package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/snippets/pack"
)

func newPackCmd(d *Deps) *cobra.Command {
	c := &cobra.Command{
		Use:   "pack",
		Short: "Share replies with your team: packs over git",
		Long: `A team pack is a git repository of replies (pack.yml, snippets/*.yml, a
README) that a team lead maintains and agents subscribe to. kindly pins each
pack to an exact commit in packs.lock, shows what an update changes reply by
reply before applying it, and can roll back. Your own replies win over pack
replies; pack replies are read-only ('kindly pack override' copies one into
your library). A pack is content only: nothing in it ever runs.
See docs/packs.md.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error { return c.Help() },
	}
	for _, sub := range []func(*Deps) *cobra.Command{
		newPackInitCmd, newPackAddCmd, newPackListCmd, newPackUpdateCmd,
		newPackRollbackCmd, newPackRemoveCmd, newPackOverrideCmd,
	} {
		c.AddCommand(sub(d))
	}
	return c
}

// packManager is the pack manager for d's home: git shows its progress and
// may ask for a password only when a person is at the terminal.
func (d *Deps) packManager() *pack.Manager {
	g := pack.Git{Interactive: d.IO.InTTY && d.IO.OutTTY}
	if d.IO.OutTTY {
		g.Progress = d.IO.Err
	}
	return &pack.Manager{Home: d.Home(), Git: g, Now: d.Now, Version: d.Version}
}

// printRefused prints the problems of a refused pack (positions relative to
// the pack's root) and returns the command's error.
func printRefused(d *Deps, verb string, ce *pack.ContentError, kept string) error {
	errs, _ := printProblems(d.IO.Err, plainProblemFormatter(), ce.Problems)
	return fmt.Errorf("%s: refused the pack at %s (commit %s): %s in its files (listed above); %s",
		verb, ce.Source, pack.Short(ce.Commit), plural(errs, "error"), kept)
}

// --- init

// replies writes "1 reply", "2 replies".
func replies(n int) string {
	if n == 1 {
		return "1 reply"
	}
	return fmt.Sprintf("%d replies", n)
}
