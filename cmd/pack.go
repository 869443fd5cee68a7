package cmd

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/cmd/termtext"
	"github.com/kindly-support/kindly/snippets"
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

func newPackInitCmd(d *Deps) *cobra.Command {
	var name string
	c := &cobra.Command{
		Use:   "init DIR",
		Short: "Start a new team pack in DIR",
		Long: `Write a new team pack into DIR (created if needed): pack.yml, an example
reply in snippets/replies.yml, a README, and a CI script (ci/check.sh, plus a
GitHub Actions workflow calling it) that runs 'kindly check' on the pack.
Existing files are never overwritten. Then: git init, commit, push, and share
the URL with your agents ('kindly pack add URL').`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			written, err := pack.Init(args[0], name)
			for _, p := range written {
				fmt.Fprintf(d.IO.Out, "wrote %s\n", filepath.Join(args[0], filepath.FromSlash(p)))
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(d.IO.Out, `next:
  edit %s and add replies to %s
  check it:  kindly check %s
  publish:   cd %s && git init && git add -A && git commit -m "First replies" && git push
  agents:    kindly pack add <the repository's URL>
`, filepath.Join(args[0], pack.ManifestFile), filepath.Join(args[0], pack.SnippetsDir), args[0], args[0])
			return nil
		},
	}
	c.Flags().StringVar(&name, "name", "", "the pack's name (default: from the folder's name)")
	return c
}

// --- add

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
	if snippets.HasErrors(set.Problems) {
		fmt.Fprintln(d.IO.Err, "your library has errors ('kindly check' lists them); a running kindly keeps its last good library until they are fixed")
	}
	return nil
}

// --- list

func newPackListCmd(d *Deps) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "list",
		Short: "List the installed team packs",
		Long: `List the installed packs: name, version, source, pinned commit and number of
replies. A table on a terminal, tab-separated values when piped, a JSON array
with --json.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error { return runPackList(d, asJSON) },
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print a JSON array (name, title, version, source, ref, commit, previous, replies, updated, missing)")
	return c
}

// packEntry is one pack in `kindly pack list --json`. Field names are stable.
type packEntry struct {
	Name     string   `json:"name"`
	Title    string   `json:"title"`
	Version  string   `json:"version"`
	Source   string   `json:"source"`
	Ref      string   `json:"ref"`
	Commit   string   `json:"commit"`
	Previous []string `json:"previous"`
	Replies  int      `json:"replies"`
	Updated  string   `json:"updated"` // RFC 3339, "" when unknown
	Missing  bool     `json:"missing"` // pinned, but its files are gone
}

func runPackList(d *Deps, asJSON bool) error {
	set, err := pack.Load(d.Home(), d.Version)
	if err != nil {
		return fmt.Errorf("pack list: %w", err)
	}
	entries := []packEntry{}
	for _, p := range set.Packs {
		e := packEntry{Name: p.Pin.Name, Title: p.Manifest.Title, Version: p.Manifest.Version, Source: p.Pin.Source,
			Ref: p.Pin.Ref, Commit: p.Pin.Commit, Previous: p.Pin.Previous, Replies: p.Replies, Missing: p.Missing}
		if e.Previous == nil {
			e.Previous = []string{}
		}
		if !p.Pin.Updated.IsZero() {
			e.Updated = p.Pin.Updated.Format("2006-01-02T15:04:05Z07:00")
		}
		entries = append(entries, e)
	}
	if asJSON {
		return writeJSON(d.IO.Out, entries)
	}
	if len(entries) == 0 {
		if d.IO.OutTTY {
			fmt.Fprintln(d.IO.Err, "no team packs installed; add one with 'kindly pack add URL'")
			return nil
		}
	}
	header := []string{"name", "version", "replies", "commit", "source"}
	rows := make([][]string, len(entries))
	for i, e := range entries {
		commit := pack.Short(e.Commit)
		if e.Missing {
			commit += " (files missing)"
		}
		src := e.Source
		if e.Ref != "" {
			src += " @ " + e.Ref
		}
		rows[i] = []string{e.Name, e.Version, fmt.Sprint(e.Replies), commit, src}
	}
	return d.writeRows(header, rows, nil)
}

// --- update

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

// replies writes "1 reply", "2 replies".
func replies(n int) string {
	if n == 1 {
		return "1 reply"
	}
	return fmt.Sprintf("%d replies", n)
}
