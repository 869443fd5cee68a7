package cmd

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/cmd/termtext"
	"github.com/kindly-support/kindly/snippets/pack"
)

func newPackRollbackCmd(d *Deps) *cobra.Command {
	return &cobra.Command{
		Use:   "rollback NAME",
		Short: "Return a team pack to its previous version",
		Long: `Return pack NAME to the commit it was pinned at before its last update, and
show what that changes, reply by reply. Works offline: earlier versions are
kept in the pack's local git copy.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			ctx := c.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			u, err := d.packManager().Rollback(ctx, args[0])
			var ce *pack.ContentError
			if errors.As(err, &ce) {
				return printRefused(d, "pack rollback", ce, "the installed version stays in use")
			}
			if err != nil {
				return fmt.Errorf("pack rollback: %w", err)
			}
			printUpdate(d.IO.Out, u)
			if err := u.Apply(ctx); err != nil {
				return fmt.Errorf("pack rollback: %w", err)
			}
			fmt.Fprintf(d.IO.Out, "%s: rolled back to %s (%s)\n", u.Name, termtext.Line(u.NewManifest.Version), pack.Short(u.To))
			return nil
		},
	}
}

// --- remove

func newPackRemoveCmd(d *Deps) *cobra.Command {
	return &cobra.Command{
		Use:     "remove NAME",
		Aliases: []string{"rm"},
		Short:   "Uninstall a team pack",
		Long:    `Remove pack NAME: its pin in packs.lock, its files and its local git copy.`,
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			pin, err := d.packManager().Remove(args[0])
			if err != nil {
				return fmt.Errorf("pack remove: %w", err)
			}
			fmt.Fprintf(d.IO.Out, "removed pack %s (was at %s from %s)\n", pin.Name, pack.Short(pin.Commit), pin.Source)
			return nil
		},
	}
}

// --- override
