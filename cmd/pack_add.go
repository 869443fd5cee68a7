package cmd

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/cmd/termtext"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/pack"
)

type packAddOptions struct {
	Source string
	Name   string
	Ref    string
}

func newPackAddCmd(d *Deps) *cobra.Command {
	var o packAddOptions
	c := &cobra.Command{
		Use:   "add URL|PATH",
		Short: "Install a team pack from a git repository",
		Long: `Clone the pack at URL (https, ssh, git@host:path, file://) or a local folder,
check it, and install it pinned to the exact commit in packs.lock. A pack with
errors is refused (each problem as file:line) and nothing is installed.
Triggers the pack shares with another pack, or with your own replies, are
reported: your replies win over any pack, and between packs the one whose name
sorts first wins. Git uses your usual credentials and SSH keys.`,
		Example: `  kindly pack add https://github.com/acme/support-replies.git
  kindly pack add git@github.com:acme/support-replies.git --ref v1.2.0
  kindly pack add ../billing-pack --name billing`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.Source = args[0]
			return runPackAdd(c.Context(), d, o)
		},
	}
	c.Flags().StringVar(&o.Name, "name", "", "install under this name (default: the name in pack.yml)")
	c.Flags().StringVar(&o.Ref, "ref", "", "a tag, branch or commit to follow (default: the default branch)")
	return c
}

func runPackAdd(ctx context.Context, d *Deps, o packAddOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	_, before, err := d.LoadLibrary()
	if err != nil {
		return fmt.Errorf("pack add: %w", err)
	}
	if err := notARepository(o.Source); err != nil {
		return fmt.Errorf("pack add: %w", err)
	}
	shown, hadCredentials := pack.RedactSource(o.Source)
	if hadCredentials {
		fmt.Fprintln(d.IO.Err, "kindly: the credentials in the URL were dropped: kindly never stores or shows them; let a git credential helper give them (see docs/packs.md)")
	}
	fmt.Fprintf(d.IO.Err, "fetching %s…\n", termtext.Line(shown))
	a, err := d.packManager().Add(ctx, o.Source, o.Name, o.Ref)
	var ce *pack.ContentError
	if errors.As(err, &ce) {
		return printRefused(d, "pack add", ce, "nothing was installed")
	}
	if err != nil {
		return fmt.Errorf("pack add: %w", err)
	}
	title := ""
	if a.Manifest.Title != "" {
		title = " (" + a.Manifest.Title + ")"
	}
	fmt.Fprintf(d.IO.Out, "added pack %s %s%s: %s, pinned at %s\n", a.Pin.Name, termtext.Line(a.Manifest.Version), termtext.Line(title),
		replies(a.Replies), pack.Short(a.Pin.Commit))

	// What the pack changes in the library: conflicts with other packs,
	// triggers that shadow one another, replies of yours that win.
	set, err := d.loadSet()
	if err != nil {
		return fmt.Errorf("pack add: %w", err)
	}
	f := newProblemFormatter(d, d.SnippetsDir(), set.Library.Files)
	printProblems(d.IO.Err, f, newProblems(before, set.Problems))
	for _, ov := range set.Overrides {
		if ov.Pack == a.Pin.Name {
			fmt.Fprintf(d.IO.Err, "%s: note: your %s takes precedence over this pack's (%s)\n", f.pos(ov.Own), termtext.Line(ov.Trigger), f.pos(ov.Packed))
		}
	}
	printReplaced(d, set, a.Pin.Name)
	if snippets.HasErrors(set.Problems) {
		fmt.Fprintln(d.IO.Err, "your library has errors ('kindly check' lists them); a running kindly keeps its last good library until they are fixed")
	}
	return nil
}

// --- list
