package cmd

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/cmd/termtext"
	"github.com/kindly-support/kindly/config"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/convert"
	"github.com/kindly-support/kindly/snippets/placeholder"
	"github.com/kindly-support/kindly/snippets/profile"
)

type importOptions struct {
	Format  string // espanso, textexpander, json
	Paths   []string
	As      string // the source's name: its folder under snippets/imported/
	File    string // instead: one library file to append to, relative to the snippets folder
	Force   bool
	DryRun  bool
	Verbose bool
}

func newImportCmd(d *Deps) *cobra.Command {
	var o importOptions
	c := &cobra.Command{
		Use:   "import espanso|textexpander|json PATH...",
		Short: "Import snippets from espanso, TextExpander or a kindly JSON export",
		Long: `Import replies into your library: a whole espanso configuration folder
(match/ with its imports and global_vars, config/*.yml app configs), a folder
of espanso match files or a hub package, one match file; TextExpander groups
exported as CSV (abbreviation, content, label), several at once, each group
becoming a file tagged with its name; or JSON files from 'kindly export'.

Variables become kindly placeholders: espanso form fields and TextExpander
fill-ins become {{name}} fill-ins (with their default as the fallback),
choices {{plan:Basic|Pro}}, dates {{date +2d "Monday, January 2"}}, the
clipboard {{clipboard}}, the cursor $|$; espanso global variables that are
constants become profile values ('kindly profile'); a regex trigger that
matches a few fixed texts becomes those triggers. espanso app configs become
per-app settings in config.yml (filter_class → class, filter_title → title,
enable: false → off, backend: Clipboard → always paste, paste_shortcut).
What cannot be mapped is listed, grouped by reason, with the file and line
it came from; nothing is dropped silently (-v lists every case).

The replies go into snippets/imported/SOURCE/ (SOURCE is espanso for a
configuration folder, else the format and the file or package name; --as
names it), in as many files as the 1 MiB file limit needs, in the source's
order. Importing the same source again replaces those files only with
--force. A trigger the rest of the library already has is left alone and
listed, unless --force replaces it there too. --file appends to one library
file instead.`,
		Example: `  kindly import espanso ~/.config/espanso
  kindly import espanso ~/Downloads/hub/packages/misspell-en/0.1.2
  kindly import textexpander Billing.csv Shipping.csv "Chat replies.csv"
  kindly import json backup.json --force`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			o.Format, o.Paths = args[0], args[1:]
			return runImport(d, o)
		},
	}
	c.Flags().StringVar(&o.As, "as", "", "name of the import: its folder under snippets/imported/ (default: from the format and PATH)")
	c.Flags().StringVar(&o.File, "file", "", "append to this one library file instead, relative to the snippets folder")
	c.Flags().BoolVar(&o.Force, "force", false, "replace an earlier import of the same source, and replies whose trigger already exists in the library")
	c.Flags().BoolVar(&o.DryRun, "dry-run", false, "show what would be imported, change nothing")
	c.Flags().BoolVarP(&o.Verbose, "verbose", "v", false, "list every reply that was skipped or changed, not only the first few of each kind")
	return c
}

// readSource reads what o names.
func readSource(o importOptions) (convert.Source, error) {
	switch o.Format {
	case "espanso":
		var all convert.Source
		for _, p := range o.Paths {
			src, err := convert.ReadEspanso(p)
			if err != nil {
				return all, err
			}
			all.Files = append(all.Files, src.Files...)
			all.Notes = append(all.Notes, src.Notes...)
			all.Apps = append(all.Apps, src.Apps...)
			all.Profile = append(all.Profile, src.Profile...)
			for k, v := range src.Images {
				if all.Images == nil {
					all.Images = map[string]string{}
				}
				all.Images[k] = v
			}
		}
		return all, nil
	case "textexpander":
		for _, p := range o.Paths {
			if fi, err := os.Stat(p); err == nil && fi.IsDir() {
				return convert.Source{}, fmt.Errorf("%s is a folder; give the group files (CSV)", p)
			}
		}
		return convert.ReadTextExpander(o.Paths)
	case "json":
		return convert.ReadJSON(o.Paths)
	}
	return convert.Source{}, withCode(ExitUsage, fmt.Errorf("unknown format %q (espanso, textexpander or json)", o.Format))
}

// sourceName is the default folder name of an import under imported/.
func sourceName(format string, paths []string) string {
	if format == "espanso" && len(paths) == 1 {
		if fi, err := os.Stat(paths[0]); err == nil && fi.IsDir() && convert.IsEspansoConfig(paths[0]) {
			return "espanso"
		}
	}
	if format == "textexpander" {
		return "textexpander"
	}
	p, _ := filepath.Abs(paths[0])
	name := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
	// A hub package sits in packages/NAME/VERSION/package.yml.
	for (name == "package" || versionRe.MatchString(name)) && filepath.Dir(p) != p {
		p = filepath.Dir(p)
		name = filepath.Base(p)
	}
	if tag := convert.GroupTag(name); tag != "" {
		if strings.HasPrefix(tag, format) {
			return tag
		}
		return format + "-" + tag
	}
	return format
}

var versionRe = regexp.MustCompile(`^v?\d+(\.\d+)*$`)

func runImport(d *Deps, o importOptions) error {
	src, err := readSource(o)
	if err != nil {
		var ee *exitError
		if errors.As(err, &ee) {
			return withCode(ee.code, fmt.Errorf("import: %w", ee.err))
		}
		return fmt.Errorf("import: %w", err)
	}
	if o.As == "" {
		o.As = sourceName(o.Format, o.Paths)
	}
	if o.As != convert.GroupTag(o.As) && o.As != strings.ReplaceAll(convert.GroupTag(o.As), "-", "_") {
		return withCode(ExitUsage, fmt.Errorf("import: --as %q: use lower-case letters, digits and '-'", o.As))
	}
	folder := "imported/" + o.As

	dir := d.SnippetsDir()
	lib, ps, err := d.LoadLibrary()
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	f := newProblemFormatter(d, dir, lib.Files)
	if snippets.HasErrors(ps) {
		printProblems(d.IO.Err, f, ps)
		return fmt.Errorf("import: the library has errors; fix them first ('kindly check')")
	}
	inFolder := func(s *snippets.Snippet) bool {
		return o.File == "" && strings.HasPrefix(s.Pos.File, folder+"/")
	}
	var earlier []string // the files of an earlier import of this source
	for _, lf := range lib.Files {
		if o.File == "" && strings.HasPrefix(lf, folder+"/") {
			earlier = append(earlier, lf)
		}
	}
	if len(earlier) > 0 && !o.Force {
		return fmt.Errorf("import: %s already holds an import of this source (%s); --force replaces them, --as NAME imports beside them",
			d.display(filepath.Join(dir, filepath.FromSlash(folder)))+string(filepath.Separator), plural(len(earlier), "file"))
	}
	// The rest of the library, by trigger.
	others := map[string]*snippets.Snippet{}
	for i := range lib.Snippets {
		s := &lib.Snippets[i]
		if inFolder(s) {
			continue
		}
		for _, t := range s.Triggers {
			if _, ok := others[t]; !ok {
				others[t] = s
			}
		}
	}

	notes := src.Notes
	var groups []snippets.Group
	var add []snippets.Snippet
	var replace []string // triggers to remove from the rest of the library first (--force)
	taken := map[string]bool{}
	total := 0
	for _, file := range src.Files {
		g := snippets.Group{Name: file.Name}
		for _, s := range file.Snippets {
			total++
			if err := snippets.Validate(s); err != nil {
				notes = append(notes, convert.Note{Pos: s.Pos, Trigger: visibleList(s.Triggers), Skipped: true, Msg: strings.TrimPrefix(err.Error(), "invalid snippet: ")})
				continue
			}
			// A reply kindly cannot render would make the whole library fail
			// its check: it is listed instead.
			if _, errs := placeholder.Parse(s.Replace); len(errs) > 0 {
				notes = append(notes, convert.Note{Pos: s.Pos, Trigger: visibleList(s.Triggers), Skipped: true,
					Msg: "the reply has a placeholder kindly cannot read: " + errs[0].Msg})
				continue
			}
			if s.ImagePath != "" {
				if _, err := os.Stat(src.Images[s.ImagePath]); src.Images[s.ImagePath] == "" || err != nil {
					notes = append(notes, convert.Note{Pos: s.Pos, Trigger: visibleList(s.Triggers), Skipped: true,
						Msg: fmt.Sprintf("the image %s is not there", src.Images[s.ImagePath])})
					continue
				}
			}
			clash := false
			for _, t := range s.Triggers {
				if taken[t] {
					notes = append(notes, convert.Note{Pos: s.Pos, Trigger: snippets.VisibleTrigger(t), Skipped: true, Msg: "the trigger is imported twice; the first one is kept"})
					clash = true
					continue
				}
				if other, ok := others[t]; ok {
					if o.Force {
						replace = append(replace, t)
						continue
					}
					notes = append(notes, convert.Note{Pos: s.Pos, Trigger: snippets.VisibleTrigger(t), Skipped: true,
						Msg: fmt.Sprintf("already in your library at %s (--force replaces it)", f.pos(triggerPos(other, t)))})
					clash = true
				}
			}
			if clash {
				continue
			}
			for _, t := range s.Triggers {
				taken[t] = true
			}
			g.Snippets = append(g.Snippets, s)
			add = append(add, s)
		}
		if len(g.Snippets) > 0 {
			groups = append(groups, g)
		}
	}

	target := d.display(filepath.Join(dir, filepath.FromSlash(folder))) + string(filepath.Separator)
	if o.File != "" {
		target = d.display(filepath.Join(dir, filepath.FromSlash(o.File)))
	}
	var files []snippets.NewFile
	if o.File == "" && len(groups) > 0 {
		header := fmt.Sprintf("# Imported by 'kindly import %s' from %s.\n# Edit freely; importing the same source again with --force replaces this folder.\n",
			o.Format, strings.Join(o.Paths, ", "))
		if files, err = snippets.SplitFiles(groups, header); err != nil {
			return fmt.Errorf("import: %w", err)
		}
	}
	sum := importSummary{o: o, target: target, sources: len(src.Files), read: total, added: len(add), files: files,
		replaced: len(replace), earlier: len(earlier), notes: notes}

	if o.DryRun {
		sum.apps, sum.profile = len(src.Apps), len(src.Profile)
		sum.print(d.IO.Out)
		return nil
	}
	if len(add) == 0 && len(src.Apps) == 0 && len(src.Profile) == 0 {
		sum.print(d.IO.Out)
		if total > 0 || len(notes) > 0 {
			return silent(ExitError)
		}
		return nil
	}
	for _, t := range replace {
		if _, err := snippets.Remove(dir, t); err != nil {
			return fmt.Errorf("import: replace %q: %w", t, err)
		}
	}
	if len(add) > 0 {
		if o.File != "" {
			_, err = snippets.AddAll(dir, o.File, add)
			if err != nil && strings.Contains(err.Error(), "size limit") {
				err = fmt.Errorf("%w\n(without --file, an import is split into as many files as it needs)", err)
			}
		} else {
			err = snippets.ReplaceFolder(dir, folder, files)
		}
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		if err := copyImages(dir, add, src.Images); err != nil {
			return fmt.Errorf("import: %w", err)
		}
	}
	if sum.profileSet, sum.profileKept, err = importProfile(d.Home(), src.Profile, &sum.notes); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	if sum.apps, sum.appClasses, err = importApps(d.Home(), src.Apps, &sum.notes); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	sum.print(d.IO.Out)
	return nil
}

// triggerPos is where s writes trigger t.
func triggerPos(s *snippets.Snippet, t string) snippets.Pos {
	for j, ot := range s.Triggers {
		if ot == t && j < len(s.TriggerPos) {
			return s.TriggerPos[j]
		}
	}
	return s.Pos
}

func visibleList(ts []string) string { return strings.Join(visibleTriggers(ts), " ") }

// importProfile sets the profile values an import brings that the profile
// does not have yet; a value the agent already set is kept (and noted).
func importProfile(home string, vals []convert.ProfileValue, notes *[]convert.Note) (set, kept []string, err error) {
	if len(vals) == 0 {
		return nil, nil, nil
	}
	have, err := config.LoadProfile(home)
	if err != nil {
		return nil, nil, err
	}
	for _, v := range vals {
		if old, ok := have[v.Key]; ok {
			if old != v.Value {
				*notes = append(*notes, convert.Note{Pos: v.Pos, Skipped: true, Msg: fmt.Sprintf("profile value %q is already set to something else: yours is kept ('kindly profile set %s …' changes it)", v.Key, v.Key)})
			}
			kept = append(kept, v.Key)
			continue
		}
		if err := profile.Set(home, v.Key, v.Value); err != nil {
			return set, kept, err
		}
		have[v.Key] = v.Value
		set = append(set, v.Key)
	}
	return set, kept, nil
}

// importSummary is what 'kindly import' prints: what came in, what did not
// and why (grouped by reason, with the first few places), and what to do
// next.
type importSummary struct {
	o                              importOptions
	target                         string
	sources, read, added, replaced int
	earlier                        int
	files                          []snippets.NewFile
	apps, profile                  int
	appClasses, profileKept        []string
	profileSet                     []string
	notes                          []convert.Note
}

// examplesPerReason is how many places the summary shows for each reason.
const examplesPerReason = 3

func (s importSummary) print(w io.Writer) {
	sort.SliceStable(s.notes, func(i, j int) bool {
		a, b := s.notes[i].Pos, s.notes[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	would := ""
	if s.o.DryRun {
		would = "would "
	}
	where := s.target
	if len(s.files) > 0 {
		where += fmt.Sprintf(" (%s)", plural(len(s.files), "file"))
	}
	verb := "imported"
	if s.o.DryRun {
		verb = "import"
	}
	switch {
	case s.added == 0:
		fmt.Fprintf(w, "nothing to import: %s read, none can be added\n", nReplies(s.read))
	default:
		fmt.Fprintf(w, "%s%s %s from %s into %s\n", would, verb, nReplies(s.added), plural(s.sources, "file"), where)
	}
	if s.earlier > 0 {
		fmt.Fprintf(w, "  %s the earlier import (%s)\n", pick(s.o.DryRun, "would replace", "replacing"), plural(s.earlier, "file"))
	}
	if s.replaced > 0 {
		fmt.Fprintf(w, "  %s %s elsewhere in the library\n", pick(s.o.DryRun, "would replace", "replacing"), plural(s.replaced, "trigger"))
	}
	if s.apps > 0 {
		fmt.Fprintf(w, "  per-app settings: %s%s in config.yml", pick(s.o.DryRun, "would add ", ""), plural(s.apps, "rule"))
		if len(s.appClasses) > 0 {
			fmt.Fprintf(w, " (%s)", strings.Join(s.appClasses, ", "))
		}
		fmt.Fprintln(w)
	}
	if s.o.DryRun && s.profile > 0 {
		fmt.Fprintf(w, "  profile values: would set %d that the profile does not have yet\n", s.profile)
	}
	if len(s.profileSet) > 0 || len(s.profileKept) > 0 {
		fmt.Fprintf(w, "  profile values: %d set", len(s.profileSet))
		if len(s.profileSet) > 0 {
			fmt.Fprintf(w, " (%s)", strings.Join(s.profileSet, ", "))
		}
		if len(s.profileKept) > 0 {
			fmt.Fprintf(w, ", %d already set and kept (%s)", len(s.profileKept), strings.Join(s.profileKept, ", "))
		}
		fmt.Fprintln(w)
	}
	for _, skipped := range []bool{true, false} {
		var ns []convert.Note
		for _, n := range s.notes {
			if n.Skipped == skipped {
				ns = append(ns, n)
			}
		}
		if len(ns) == 0 {
			continue
		}
		if skipped {
			fmt.Fprintf(w, "not imported (%d), by reason:\n", len(ns))
		} else {
			fmt.Fprintf(w, "imported with a change (%d), by reason:\n", len(ns))
		}
		for _, g := range groupNotes(ns) {
			fmt.Fprintf(w, "  %d× %s\n", len(g), termtext.Line(reason(g[0].Msg)))
			shown := g
			if !s.o.Verbose && len(shown) > examplesPerReason {
				shown = shown[:examplesPerReason]
			}
			for _, n := range shown {
				fmt.Fprintf(w, "      %s\n", termtext.Visible(n.String()))
			}
			if len(shown) < len(g) {
				fmt.Fprintf(w, "      … and %d more (-v lists them all)\n", len(g)-len(shown))
			}
		}
	}
	switch {
	case s.o.DryRun:
		fmt.Fprintln(w, "nothing written; without --dry-run it is")
	case s.added > 0:
		fmt.Fprintln(w, "next: 'kindly check' to see the library is sound, 'kindly lint' to check the replies against the support bar; a running daemon picks them up by itself ('kindly run' starts it)")
	}
}

func pick(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}

func nReplies(n int) string {
	if n == 1 {
		return "1 reply"
	}
	return fmt.Sprintf("%d replies", n)
}

// reasonRe finds the particulars in a note (a quoted name, a placeholder)
// so that notes differing only there share a reason.
var reasonRe = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|\{\{[^{}]*\}\}|at \S+:\d+(:\d+)?`)

func reason(msg string) string {
	return reasonRe.ReplaceAllStringFunc(msg, func(m string) string {
		switch {
		case strings.HasPrefix(m, `"`):
			return `"…"`
		case strings.HasPrefix(m, "at "):
			return "at …"
		}
		return "{{…}}"
	})
}

// groupNotes groups notes by reason, the most frequent first.
func groupNotes(ns []convert.Note) [][]convert.Note {
	idx := map[string]int{}
	var gs [][]convert.Note
	for _, n := range ns {
		r := reason(n.Msg)
		i, ok := idx[r]
		if !ok {
			i = len(gs)
			idx[r] = i
			gs = append(gs, nil)
		}
		gs[i] = append(gs[i], n)
	}
	sort.SliceStable(gs, func(i, j int) bool { return len(gs[i]) > len(gs[j]) })
	return gs
}

// copyImages copies the image of every imported image reply next to the
// library file it was written into (its image_path is relative to that
// file), once the files are written.
func copyImages(dir string, added []snippets.Snippet, images map[string]string) error {
	want := map[string]bool{}
	for _, s := range added {
		if s.ImagePath != "" {
			want[s.Triggers[0]] = true
		}
	}
	if len(want) == 0 {
		return nil
	}
	lib, _, err := snippets.Load(dir)
	if err != nil {
		return err
	}
	for _, s := range lib.Snippets {
		if s.ImagePath == "" || !want[s.Triggers[0]] {
			continue
		}
		data, err := os.ReadFile(images[s.ImagePath])
		if err != nil {
			return fmt.Errorf("%s: read the image: %w", s.Triggers[0], err)
		}
		to := filepath.Join(dir, filepath.FromSlash(path.Dir(s.Pos.File)), filepath.FromSlash(s.ImagePath))
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return fmt.Errorf("%s: copy the image: %w", s.Triggers[0], err)
		}
		if err := os.WriteFile(to, data, 0o644); err != nil {
			return fmt.Errorf("%s: copy the image: %w", s.Triggers[0], err)
		}
	}
	return nil
}
