package cmd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/cmd/termtext"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/pack"
)

func newCheckCmd(d *Deps) *cobra.Command {
	return &cobra.Command{
		Use:   "check [PATH]",
		Short: "Check your library (or a snippet folder or file) for mistakes",
		Long: `Check the library, or the folder or file at PATH, and print each problem as
path:line:col: severity: message, with paths relative to the kindly home.
Errors keep kindly from using the library (a running daemon keeps its last
good one); warnings point at snippets that probably do not do what you meant.
Exits 1 when there are errors, 0 with warnings only.

Without PATH the check covers your library and the installed team packs,
including triggers two packs both define and the pack replies your own
replies override. A PATH holding a pack.yml is checked as a team pack
(pack.yml and snippets/), as 'kindly pack add' would before installing it.

Placeholders ({{customer|there}}, docs/placeholders.md) are checked too:
syntax mistakes at the line and column inside the reply, includes of
unknown triggers and include cycles (errors), profile keys the profile in
config.yml does not set or that look misspelt (warnings). Formatted replies
(markdown:, html:) are checked for links that did not become links, HTML
tags left open or closed twice, and raw HTML the sanitiser drops (scripts,
styles, event handlers, javascript: links); image_path replies for a
missing or unreadable image.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			path := ""
			if len(args) == 1 {
				path = args[0]
			}
			return runCheck(d, path)
		},
	}
}

func runCheck(d *Deps, path string) error {
	var (
		lib   *snippets.Library
		ps    []snippets.Problem
		f     problemFormatter
		notes []string
		packs int
		base  string // the folder positions are relative to ("" for a single file)
	)
	switch fi, err := os.Stat(path); {
	case path == "":
		dir := d.SnippetsDir()
		base = dir
		set, err := d.loadSet()
		if err != nil {
			return fmt.Errorf("check: %w", err)
		}
		lib, ps, packs = set.Library, set.Problems, len(set.Packs)
		f = newProblemFormatter(d, dir, lib.Files)
		if len(lib.Files) == 0 {
			fmt.Fprintf(d.IO.Err, "no library files in %s: run 'kindly init' for the starter pack, or 'kindly add'\n", d.display(dir))
		}
		for _, o := range set.Overrides {
			notes = append(notes, fmt.Sprintf("%s: note: your %s takes precedence over the team pack %q (%s)",
				f.pos(o.Own), o.Trigger, o.Pack, f.pos(o.Packed)))
		}
		for _, r := range set.Replaced {
			notes = append(notes, fmt.Sprintf("%s: note: the team pack %q replaces the starter pack's %s (%s)",
				f.pos(r.Own), r.Pack, r.Trigger, f.pos(r.Packed)))
		}
	case err == nil && fi.IsDir() && isPack(path):
		c, err := pack.Check(path)
		if err != nil {
			return fmt.Errorf("check: %w", err)
		}
		lib, ps, base = c.Library, c.Problems, path
		f = newProblemFormatter(d, path, append([]string{pack.ManifestFile}, lib.Files...))
		shadowed, replaced := starterConflicts(lib)
		ps = append(ps, shadowed...)
		if len(replaced) > 0 {
			notes = append(notes, fmt.Sprintf("note: for agents who have the starter pack, this pack replaces %s of it: %s",
				replies(len(replaced)), strings.Join(replaced, " ")))
		}
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("check: %s does not exist", path)
	case err != nil:
		return fmt.Errorf("check: %w", err)
	case fi.IsDir():
		if lib, ps, err = snippets.Load(path); err != nil {
			return fmt.Errorf("check: %w", err)
		}
		base = path
		f = newProblemFormatter(d, path, lib.Files)
	default:
		data, err := snippets.ReadFile(path)
		if err != nil {
			return fmt.Errorf("check: %w", err)
		}
		// Decode names positions (and positions quoted in messages) by the
		// name it is given: give it the path as shown.
		name := d.display(path)
		snips, fps := snippets.Decode(name, data)
		fps = append(fps, snippets.LoadImages(os.DirFS(filepath.Dir(path)), filepath.Base(path), name, snips)...)
		lib, ps = &snippets.Library{Snippets: snips, Files: []string{name}}, fps
		f = plainProblemFormatter()
	}
	if pps := d.checkPlaceholders(lib, base, path); len(pps) > 0 {
		ps = append(ps, pps...)
		sortProblems(ps, lib.Files)
	}
	errs, warns := printProblems(d.IO.Out, f, ps)
	for _, n := range notes {
		fmt.Fprintln(d.IO.Out, termtext.Visible(n))
	}
	where := plural(len(lib.Files), "file")
	if packs > 0 {
		where += " (" + plural(packs, "team pack") + " included)"
	}
	fmt.Fprintf(d.IO.Out, "%s in %s: %s, %s\n", plural(len(lib.Snippets), "snippet"), where,
		plural(errs, "error"), plural(warns, "warning"))
	if errs > 0 {
		return silent(ExitError)
	}
	return nil
}

// isPack reports whether dir is a team pack (it holds a pack.yml).
func isPack(dir string) bool {
	fi, err := os.Stat(filepath.Join(dir, pack.ManifestFile))
	return err == nil && !fi.IsDir()
}

// checkPlaceholders checks the replies' placeholders against the profile in
// the kindly home. Library files are read from base (positions are relative
// to it), or, for a single file, from file.
func (d *Deps) checkPlaceholders(lib *snippets.Library, base, file string) []snippets.Problem {
	prof, err := d.profile()
	if err != nil {
		fmt.Fprintf(d.IO.Err, "kindly: %v (profile keys are not checked)\n", err)
		prof = nil
	}
	src := func(name string) ([]byte, bool) {
		p := file
		if base != "" {
			p = filepath.Join(base, filepath.FromSlash(name))
		}
		data, err := os.ReadFile(p)
		return data, err == nil
	}
	return snippets.CheckPlaceholders(lib.Snippets, prof, src)
}

// sortProblems orders problems by file (in the order of files, others such
// as pack.yml first), then line and column, keeping the order of equal places.
func sortProblems(ps []snippets.Problem, files []string) {
	order := map[string]int{}
	for i, f := range files {
		order[f] = i + 1
	}
	rank := func(f string) int {
		if r, ok := order[f]; ok {
			return r
		}
		return 0
	}
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i].Pos, ps[j].Pos
		if ra, rb := rank(a.File), rank(b.File); ra != rb {
			return ra < rb
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}
