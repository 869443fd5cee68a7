package cmd

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/cmd/termtext"
	"github.com/kindly-support/kindly/snippets/pack"
)

type packUpdateOptions struct {
	Name   string
	DryRun bool
	Yes    bool
}

func newPackUpdateCmd(d *Deps) *cobra.Command {
	var o packUpdateOptions
	c := &cobra.Command{
		Use:   "update [NAME]",
		Short: "Fetch team packs and show, then apply, what changed",
		Long: `Fetch the branch or tag each pack follows (or only NAME's) and show what would
change, reply by reply: replies added, removed, and changed (the wording as a
line diff). Then ask before applying (--yes applies without asking, as
scripts need; --dry-run only shows). A new version with errors is refused and
the installed one stays; so does the installed one when the fetch fails
(offline, say). Applying moves the pin in packs.lock; 'kindly pack rollback'
returns to the previous one.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.Name = args[0]
			}
			if o.DryRun && o.Yes {
				return withCode(ExitUsage, errors.New("pack update: --dry-run and --yes contradict each other"))
			}
			return runPackUpdate(c.Context(), d, o)
		},
	}
	c.Flags().BoolVarP(&o.DryRun, "dry-run", "n", false, "only show what would change")
	c.Flags().BoolVarP(&o.Yes, "yes", "y", false, "apply without asking")
	return c
}

func runPackUpdate(ctx context.Context, d *Deps, o packUpdateOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	lock, err := pack.ReadLock(d.Home())
	if err != nil {
		return fmt.Errorf("pack update: %w", err)
	}
	names := []string{o.Name}
	if o.Name == "" {
		names = nil
		for _, p := range lock.Packs {
			names = append(names, p.Name)
		}
		if len(names) == 0 {
			fmt.Fprintln(d.IO.Err, "no team packs installed; add one with 'kindly pack add URL'")
			return nil
		}
	}
	m := d.packManager()
	in := bufio.NewReader(d.IO.In)
	failed, notApplied := 0, 0
	for _, name := range names {
		if pin, ok := lock.Find(name); ok {
			fmt.Fprintf(d.IO.Err, "fetching %s from %s…\n", name, pin.Source)
		}
		u, err := m.Fetch(ctx, name)
		var ce *pack.ContentError
		switch {
		case errors.As(err, &ce):
			fmt.Fprintf(d.IO.Err, "%s: the new version (%s) has errors:\n", name, pack.Short(ce.Commit))
			printProblems(d.IO.Err, plainProblemFormatter(), ce.Problems)
			fmt.Fprintf(d.IO.Err, "%s: not updated; the installed version stays in use (tell the pack's maintainers)\n", name)
			failed++
			continue
		case err != nil:
			fmt.Fprintf(d.IO.Err, "kindly: pack update: %v\n", err)
			failed++
			continue
		}
		if u.UpToDate() {
			fmt.Fprintf(d.IO.Out, "%s: up to date (%s %s)\n", name, termtext.Line(u.NewManifest.Version), pack.Short(u.To))
			continue
		}
		printUpdate(d.IO.Out, u)
		switch {
		case o.DryRun:
			u.Discard()
			fmt.Fprintf(d.IO.Out, "%s: dry run, nothing applied\n", name)
			continue
		case o.Yes:
		case d.IO.InTTY:
			fmt.Fprintf(d.IO.Err, "Apply this update to %s? [y/N] ", name)
			answer, _ := in.ReadString('\n')
			if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
				u.Discard()
				fmt.Fprintf(d.IO.Out, "%s: not applied\n", name)
				continue
			}
		default:
			u.Discard()
			fmt.Fprintf(d.IO.Out, "%s: not applied (run with --yes to apply without asking)\n", name)
			notApplied++
			continue
		}
		if err := u.Apply(ctx); err != nil {
			fmt.Fprintf(d.IO.Err, "kindly: pack update: %s: %v; the installed version stays in use\n", name, err)
			failed++
			continue
		}
		fmt.Fprintf(d.IO.Out, "%s: updated to %s (%s); 'kindly pack rollback %s' returns to %s\n",
			name, u.NewManifest.Version, pack.Short(u.To), name, pack.Short(u.From))
	}
	if failed > 0 || notApplied > 0 {
		return silent(ExitError)
	}
	return nil
}

// printUpdate shows a staged update reply by reply.
func printUpdate(w io.Writer, u *pack.Update) {
	verb := "update"
	if u.Rollback {
		verb = "rollback"
	}
	fmt.Fprintf(w, "%s: %s %s (%s) → %s (%s)\n", u.Name, verb, termtext.Line(u.OldManifest.Version), pack.Short(u.From),
		termtext.Line(u.NewManifest.Version), pack.Short(u.To))
	counts := map[pack.ChangeKind]int{}
	for _, c := range u.Changes {
		counts[c.Kind]++
		mark := map[pack.ChangeKind]string{pack.ReplyAdded: "+", pack.ReplyRemoved: "-", pack.ReplyChanged: "~"}[c.Kind]
		s := c.New
		if s == nil {
			s = c.Old
		}
		label := ""
		if s.Label != "" {
			label = "  " + s.Label
		}
		fmt.Fprintf(w, "  %s %s (%s)%s\n", mark, termtext.Line(strings.Join(s.Triggers, ", ")), c.Kind, termtext.Line(label))
		for _, l := range c.Details() {
			fmt.Fprintf(w, "      %s\n", termtext.Line(l))
		}
	}
	if len(u.Changes) == 0 {
		fmt.Fprintln(w, "  no reply changed (only other files)")
		return
	}
	fmt.Fprintf(w, "  %s: %d added, %d removed, %d changed\n", replies(len(u.Changes)),
		counts[pack.ReplyAdded], counts[pack.ReplyRemoved], counts[pack.ReplyChanged])
}

// --- rollback
