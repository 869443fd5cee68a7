package cmd

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/kindly-support/kindly/cmd/termtext"
	"github.com/kindly-support/kindly/examples"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/pack"
)

// LoadLibrary loads the user's library (the snippets folder in the kindly
// home) together with the installed team packs, the agent's own replies
// winning (pack.LoadLibrary). A missing folder is an empty library; problems
// in the files are returned, not failed on; the error is only for I/O trouble
// with the folder or packs.lock. Positions are relative to the snippets
// folder, as the commands expect: "personal.yml" for the agent's files,
// "../packs/acme/snippets/x.yml" for a pack's (d.display shows it as
// "packs/acme/snippets/x.yml").
func (d *Deps) LoadLibrary() (*snippets.Library, []snippets.Problem, error) {
	set, err := d.loadSet()
	if err != nil {
		return nil, nil, err
	}
	return set.Library, set.Problems, nil
}

// loadSet is LoadLibrary with the installed packs and overrides.
func (d *Deps) loadSet() (*pack.Set, error) {
	// The cache spares a large library's YAML decoding on every command.
	cache := snippets.OpenCache(snippets.CachePath(d.Getenv, d.Home()))
	set, err := pack.LoadWith(d.Home(), d.Version, cache)
	if err != nil {
		return nil, fmt.Errorf("load library: %w", err)
	}
	var pairs []string
	for i, f := range set.Library.Files {
		pairs = append(pairs, " at "+f+":", " at "+fromHome(f)+":")
		set.Library.Files[i] = fromHome(f)
	}
	msg := strings.NewReplacer(pairs...)
	for i := range set.Library.Snippets {
		s := &set.Library.Snippets[i]
		s.Pos.File = fromHome(s.Pos.File)
		for j := range s.TriggerPos {
			s.TriggerPos[j].File = fromHome(s.TriggerPos[j].File)
		}
	}
	for i := range set.Problems {
		set.Problems[i].Pos.File = fromHome(set.Problems[i].Pos.File)
		set.Problems[i].Msg = msg.Replace(set.Problems[i].Msg)
	}
	for i := range set.Overrides {
		set.Overrides[i].Own.File = fromHome(set.Overrides[i].Own.File)
		set.Overrides[i].Packed.File = fromHome(set.Overrides[i].Packed.File)
	}
	for i := range set.Replaced {
		set.Replaced[i].Own.File = fromHome(set.Replaced[i].Own.File)
		set.Replaced[i].Packed.File = fromHome(set.Replaced[i].Packed.File)
	}
	return set, nil
}

// fromHome turns a home-relative library path into one relative to the
// snippets folder.
func fromHome(f string) string {
	if rest, ok := strings.CutPrefix(f, "snippets/"); ok {
		return rest
	}
	return "../" + f
}

// packOf names the team pack a snippet of d.LoadLibrary comes from.
func packOf(s *snippets.Snippet) (string, bool) {
	rest, ok := strings.CutPrefix(s.Pos.File, "../")
	if !ok {
		return "", false
	}
	return pack.PackOf(rest)
}

// readOnly is the error for changing a pack's reply with rm or edit.
func (d *Deps) readOnly(verb, trigger string, s *snippets.Snippet, name string) error {
	pos := s.Pos
	for i, t := range s.Triggers {
		if t == trigger && i < len(s.TriggerPos) {
			pos = s.TriggerPos[i]
		}
	}
	pos.File = d.display(filepath.Join(d.SnippetsDir(), filepath.FromSlash(pos.File)))
	return fmt.Errorf("%s: %s comes from the team pack %q (%s); pack replies are read-only.\n"+
		"To use your own wording, copy it into your library, where your copy wins over the pack:\n"+
		"    kindly pack override %s\n    kindly edit %s\n"+
		"To change it for the whole team, ask the pack's maintainers (kindly pack list shows its source). To stop using the pack: kindly pack remove %s",
		verb, trigger, name, pos, shellQuote(trigger), shellQuote(trigger), name)
}

// shellQuote quotes a trigger for a command line shown to the user.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,._-+=@%/:") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// StarterLibrary loads the starter pack embedded in the binary.
func StarterLibrary() (*snippets.Library, error) {
	lib, ps, err := snippets.LoadFS(examples.Starter, examples.StarterDir)
	if err != nil {
		return nil, fmt.Errorf("load starter pack: %w", err)
	}
	if snippets.HasErrors(ps) {
		return nil, fmt.Errorf("load starter pack: %s", ps[0])
	}
	return lib, nil
}

// display shows path p relative to the kindly home when it lies inside it
// ("snippets/personal.yml"), slash-separated; other paths are shown as given.
func (d *Deps) display(p string) string {
	home, err := filepath.Abs(d.Home())
	if err != nil {
		return p
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	rel, err := filepath.Rel(home, abs)
	if err != nil || !filepath.IsLocal(rel) {
		return p
	}
	return filepath.ToSlash(rel)
}

// problemFormatter prints library problems with their paths shown the way
// d.display shows them, including the positions quoted inside messages
// ("first defined at a.yml:2:14"), which snippets writes relative to the
// library folder.
type problemFormatter struct {
	shown func(file string) string // library-relative path -> path as shown
	msg   *strings.Replacer
}

// newProblemFormatter formats problems of the library in dir, which holds files.
func newProblemFormatter(d *Deps, dir string, files []string) problemFormatter {
	shown := func(f string) string { return d.display(filepath.Join(dir, filepath.FromSlash(f))) }
	var pairs []string
	for _, f := range files {
		pairs = append(pairs, " at "+f+":", " at "+shown(f)+":")
	}
	return problemFormatter{shown: shown, msg: strings.NewReplacer(pairs...)}
}

// plainProblemFormatter prints positions as they are.
func plainProblemFormatter() problemFormatter {
	return problemFormatter{shown: func(f string) string { return f }, msg: strings.NewReplacer()}
}

// pos shows a library position ("snippets/personal.yml:3:14").
func (f problemFormatter) pos(p snippets.Pos) string {
	p.File = f.shown(p.File)
	return p.String()
}

func (f problemFormatter) format(p snippets.Problem) string {
	return termtext.Visible(fmt.Sprintf("%s: %s: %s", f.pos(p.Pos), p.Severity, f.msg.Replace(p.Msg)))
}

// printProblems writes one problem a line and returns the errors and
// warnings counted.
func printProblems(w io.Writer, f problemFormatter, ps []snippets.Problem) (errs, warns int) {
	for _, p := range ps {
		fmt.Fprintln(w, f.format(p))
		if p.Severity == snippets.Error {
			errs++
		} else {
			warns++
		}
	}
	return errs, warns
}

// unknownTrigger is the error for a trigger no snippet has, with the closest
// existing trigger as a suggestion.
func unknownTrigger(lib *snippets.Library, trigger string) error {
	if s, ok := closestTrigger(lib, trigger); ok {
		return fmt.Errorf("no snippet has the trigger %s (did you mean %s?)", snippets.QuoteTrigger(trigger), snippets.QuoteTrigger(s))
	}
	return fmt.Errorf("no snippet has the trigger %s (see 'kindly list')", snippets.QuoteTrigger(trigger))
}

// closestTrigger finds the existing trigger nearest to t by edit distance
// (ignoring case first), when it is near enough to be a likely typo.
func closestTrigger(lib *snippets.Library, t string) (string, bool) {
	var all []string
	for _, s := range lib.Snippets {
		all = append(all, s.Triggers...)
	}
	sort.Strings(all) // ties go to the alphabetically first
	limit := max(2, utf8.RuneCountInString(t)/3)
	return snippets.Closest(t, all, func(string) int { return limit })
}

// plural writes "1 snippet", "2 snippets".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
