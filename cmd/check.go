package cmd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/pack"
)

func init() { commands = append(commands, newCheckCmd) }

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
(pack.yml and snippets/), as 'kindly pack add' would before installing it.`,
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
	)
	switch fi, err := os.Stat(path); {
	case path == "":
		dir := d.SnippetsDir()
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
	case err == nil && fi.IsDir() && isPack(path):
		c, err := pack.Check(path)
		if err != nil {
			return fmt.Errorf("check: %w", err)
		}
		lib, ps = c.Library, c.Problems
		f = newProblemFormatter(d, path, append([]string{pack.ManifestFile}, lib.Files...))
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("check: %s does not exist", path)
	case err != nil:
		return fmt.Errorf("check: %w", err)
	case fi.IsDir():
		if lib, ps, err = snippets.Load(path); err != nil {
			return fmt.Errorf("check: %w", err)
		}
		f = newProblemFormatter(d, path, lib.Files)
	default:
		data, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("check: %w", err)
		}
		// Decode names positions (and positions quoted in messages) by the
		// name it is given: give it the path as shown.
		name := d.display(path)
		snips, fps := snippets.Decode(name, data)
		lib, ps = &snippets.Library{Snippets: snips, Files: []string{name}}, fps
		f = plainProblemFormatter()
	}
	errs, warns := printProblems(d.IO.Out, f, ps)
	for _, n := range notes {
		fmt.Fprintln(d.IO.Out, n)
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
