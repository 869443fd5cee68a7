package cmd

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/cmd/termtext"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/convert"
)

type importOptions struct {
	Format string // espanso, textexpander, json
	Path   string
	File   string // library file to write, relative to the snippets folder
	Force  bool
	DryRun bool
}

func newImportCmd(d *Deps) *cobra.Command {
	var o importOptions
	c := &cobra.Command{
		Use:   "import espanso|textexpander|json PATH",
		Short: "Import snippets from espanso, TextExpander or a kindly JSON export",
		Long: `Import snippets into your library: an espanso match file (or a folder of
them, such as espanso's match/), a TextExpander group exported as CSV
(abbreviation, content, label), or a JSON file from 'kindly export'.

Variables become kindly placeholders: espanso form fields and TextExpander
fill-ins become {{name}} fill-ins (with their default as the fallback),
choices {{plan:Basic|Pro}}, dates {{date +2d "Monday, January 2"}}, the
clipboard {{clipboard}}, the cursor $|$. What cannot be mapped is listed
with the file and line it came from, never dropped silently.

The snippets are appended to snippets/imported/FORMAT.yml (or --file), in
one atomic write that keeps the file's comments. A trigger that already
exists in the library is left alone and listed, unless --force replaces it.`,
		Example: `  kindly import espanso ~/.config/espanso/match
  kindly import textexpander Support.csv --file team/support.yml
  kindly import json backup.json --force`,
		Args: cobra.ExactArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			o.Format, o.Path = args[0], args[1]
			return runImport(d, o)
		},
	}
	c.Flags().StringVar(&o.File, "file", "", "library file to add to, relative to the snippets folder (default imported/FORMAT.yml)")
	c.Flags().BoolVar(&o.Force, "force", false, "replace replies whose trigger already exists in the library")
	c.Flags().BoolVar(&o.DryRun, "dry-run", false, "show what would be imported, change nothing")
	return c
}

func runImport(d *Deps, o importOptions) error {
	read, ok := map[string]func(string, []byte) (convert.Result, error){
		"espanso": convert.FromEspanso, "textexpander": convert.FromTextExpander, "json": convert.FromJSON,
	}[o.Format]
	if !ok {
		return withCode(ExitUsage, fmt.Errorf("import: unknown format %q (espanso, textexpander or json)", o.Format))
	}
	if o.File == "" {
		o.File = "imported/" + o.Format + ".yml"
	}
	files, err := importFiles(o.Path, o.Format)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	var res convert.Result
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		r, err := read(f, data)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		res.Snippets = append(res.Snippets, r.Snippets...)
		res.Notes = append(res.Notes, r.Notes...)
	}

	dir := d.SnippetsDir()
	lib, ps, err := d.LoadLibrary()
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	if snippets.HasErrors(ps) {
		printProblems(d.IO.Err, newProblemFormatter(d, dir, lib.Files), ps)
		return fmt.Errorf("import: the library has errors; fix them first ('kindly check')")
	}
	f := newProblemFormatter(d, dir, lib.Files)
	var add []snippets.Snippet
	var replace []string // triggers to remove first (--force)
	taken := map[string]bool{}
	for _, s := range res.Snippets {
		if err := snippets.Validate(s); err != nil {
			res.Notes = append(res.Notes, convert.Note{Pos: s.Pos, Trigger: strings.Join(s.Triggers, " "), Skipped: true, Msg: err.Error()})
			continue
		}
		var clash []string
		for _, t := range s.Triggers {
			if taken[t] {
				res.Notes = append(res.Notes, convert.Note{Pos: s.Pos, Trigger: t, Skipped: true, Msg: "the trigger is imported twice; the first one is kept"})
				clash = append(clash, "")
				continue
			}
			if other, ok := lib.Find(t); ok {
				if o.Force {
					replace = append(replace, t)
					continue
				}
				at := other.Pos
				for j, ot := range other.Triggers {
					if ot == t && j < len(other.TriggerPos) {
						at = other.TriggerPos[j]
					}
				}
				res.Notes = append(res.Notes, convert.Note{Pos: s.Pos, Trigger: t, Skipped: true,
					Msg: fmt.Sprintf("already in your library at %s (--force replaces it)", f.pos(at))})
				clash = append(clash, t)
			}
		}
		if len(clash) > 0 {
			continue
		}
		for _, t := range s.Triggers {
			taken[t] = true
		}
		add = append(add, s)
	}
	sort.SliceStable(res.Notes, func(i, j int) bool {
		a, b := res.Notes[i].Pos, res.Notes[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	for _, n := range res.Notes {
		fmt.Fprintln(d.IO.Out, termtext.Visible(n.String()))
	}
	target := d.display(filepath.Join(dir, filepath.FromSlash(o.File)))
	if o.DryRun {
		fmt.Fprintf(d.IO.Out, "would import %s into %s (replacing %d); nothing written\n", plural(len(add), "snippet"), target, len(replace))
		return nil
	}
	if len(add) == 0 {
		fmt.Fprintf(d.IO.Out, "nothing to import\n")
		if len(res.Snippets) > 0 {
			return silent(ExitError)
		}
		return nil
	}
	for _, t := range replace {
		if _, err := snippets.Remove(dir, t); err != nil {
			return fmt.Errorf("import: replace %q: %w", t, err)
		}
	}
	if _, err := snippets.AddAll(dir, o.File, add); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	msg := fmt.Sprintf("imported %s into %s", plural(len(add), "snippet"), target)
	if len(replace) > 0 {
		msg += fmt.Sprintf(" (replacing %s)", plural(len(replace), "trigger"))
	}
	fmt.Fprintln(d.IO.Out, msg+"; run 'kindly lint' to check them against the bar")
	return nil
}

// importFiles lists what to read: PATH itself, or for espanso a folder's
// *.yml and *.yaml files, sub-folders included, in sorted order.
func importFiles(path, format string) ([]string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return []string{path}, nil
	}
	if format != "espanso" {
		return nil, fmt.Errorf("%s is a folder; give the %s file", path, format)
	}
	var out []string
	err = filepath.WalkDir(path, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !de.IsDir() && (strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")) {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}
