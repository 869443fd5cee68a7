package convert

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/kindly-support/kindly/snippets"
)

// Source is everything one import read: the snippets file by file, in the
// source's order, and the settings that go beside them.
type Source struct {
	Files   []File
	Notes   []Note
	Apps    []AppRule      // per-app settings (espanso's config/*.yml)
	Profile []ProfileValue // constants the replies use (espanso's global_vars)
	// Images maps the image_path of an imported image reply (relative to
	// the library file it goes into) to the image file it came from; the
	// importer copies them.
	Images map[string]string
}

// File is one source file's snippets. Name is its path relative to what was
// imported, slash-separated ("match/base.yml"); Group, when set, is a tag
// every snippet of the file carries (a TextExpander group).
type File struct {
	Name     string
	Snippets []snippets.Snippet
}

// AppRule is a per-app setting read from another tool, in kindly's terms
// (config.yml's apps: entries): windows whose class is Class (ignoring
// case) and whose title contains Title; "" matches any.
type AppRule struct {
	Pos     snippets.Pos
	Class   string
	Title   string
	Off     bool   // kindly does nothing in these windows
	Paste   string // "ctrl+v", "ctrl+shift+v", "shift+insert" or ""
	TypeMax int    // -1: always paste; 0: kindly's default
}

// ProfileValue is a constant a reply uses as {{Key}}: it belongs in the
// agent's profile.
type ProfileValue struct {
	Pos        snippets.Pos
	Key, Value string
}

// Snippets returns every file's snippets, in order.
func (s *Source) Snippets() []snippets.Snippet {
	var out []snippets.Snippet
	for _, f := range s.Files {
		out = append(out, f.Snippets...)
	}
	return out
}

// IsEspansoConfig reports whether dir is a whole espanso configuration (it
// has a match/ or config/ folder) rather than a folder of match files.
func IsEspansoConfig(dir string) bool {
	for _, sub := range []string{"match", "config"} {
		if fi, err := os.Stat(filepath.Join(dir, sub)); err == nil && fi.IsDir() {
			return true
		}
	}
	return false
}

// ReadEspanso reads an espanso match file, a folder of them (a hub
// package), or a whole configuration folder (match/ and config/), the way
// espanso does: every match file except those whose name starts with "_",
// each followed by the files it imports (relative to itself; each file
// once), with global_vars shared by all. A global variable that is a
// constant (an echo) becomes a profile value its replies use as {{name}};
// config/*.yml app configs become per-app rules. Names in positions are
// relative to path's folder.
func ReadEspanso(p string) (Source, error) {
	var src Source
	fi, err := os.Stat(p)
	if err != nil {
		return src, err
	}
	root, roots := filepath.Dir(p), []string{p}
	configDir := ""
	if fi.IsDir() {
		root = p
		if IsEspansoConfig(p) {
			roots = []string{filepath.Join(p, "match")}
			configDir = filepath.Join(p, "config")
		}
	}
	rel := func(f string) string {
		if r, err := filepath.Rel(root, f); err == nil && !strings.HasPrefix(r, "..") {
			return filepath.ToSlash(r)
		}
		return filepath.ToSlash(f)
	}

	var entries []string
	for _, r := range roots {
		fs, err := matchFiles(r)
		if err != nil {
			return src, err
		}
		entries = append(entries, fs...)
	}
	var files []*espansoFile
	seen := map[string]bool{}
	var visit func(f string, from *espansoFile, at *yaml.Node) error
	visit = func(f string, from *espansoFile, at *yaml.Node) error {
		abs, _ := filepath.Abs(f)
		if seen[abs] {
			return nil
		}
		seen[abs] = true
		data, err := os.ReadFile(f)
		if err != nil {
			if from != nil {
				from.note(at, "", true, "imported file %s cannot be read: %v", at.Value, errText(err))
				return nil
			}
			return err
		}
		ef, err := parseEspanso(rel(f), data)
		if err != nil {
			return err
		}
		ef.path = abs
		files = append(files, ef)
		for _, imp := range ef.imports {
			target := imp.Value
			if strings.Contains(target, "$CONFIG") && configDir != "" {
				target = strings.ReplaceAll(target, "$CONFIG", root)
			}
			if !filepath.IsAbs(target) {
				target = filepath.Join(filepath.Dir(f), target)
			}
			if err := visit(target, ef, imp); err != nil {
				return err
			}
		}
		return nil
	}
	for _, f := range entries {
		if err := visit(f, nil, nil); err != nil {
			return src, err
		}
	}

	globals := map[string]*yaml.Node{}
	profile := map[*yaml.Node]string{}
	for _, ef := range files {
		for _, gv := range ef.globals {
			if _, dup := globals[gv.name]; dup {
				ef.note(gv.node, "", false, "global variable %q is defined again: the first definition is used", gv.name)
				continue
			}
			globals[gv.name] = gv.node
			if t := field(gv.node, "type"); t == nil || t.Value != "echo" {
				continue
			}
			params := field(gv.node, "params")
			if params == nil || field(params, "echo") == nil {
				continue
			}
			key := validName(gv.name)
			profile[gv.node] = key
			src.Profile = append(src.Profile, ProfileValue{ef.at(gv.node), key, field(params, "echo").Value})
		}
	}
	for _, ef := range files {
		ef.convert(globals, profile)
		src.Files = append(src.Files, File{Name: ef.name, Snippets: ef.res.Snippets})
		src.Notes = append(src.Notes, ef.res.Notes...)
		for k, v := range ef.res.Images {
			if src.Images == nil {
				src.Images = map[string]string{}
			}
			src.Images[k] = v
		}
	}
	if configDir != "" {
		apps, notes, err := readEspansoApps(configDir, rel)
		if err != nil {
			return src, err
		}
		src.Apps, src.Notes = apps, append(src.Notes, notes...)
	}
	return src, nil
}

// matchFiles lists the espanso match files under p (p itself when it is a
// file), in sorted path order, skipping those whose name starts with "_"
// (espanso loads them only through imports) and hidden ones.
func matchFiles(p string) ([]string, error) {
	fi, err := os.Stat(p)
	if os.IsNotExist(err) && filepath.Base(p) == "match" {
		return nil, nil // a configuration with config/ only
	}
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return []string{p}, nil
	}
	var out []string
	err = filepath.WalkDir(p, func(f string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if f != p && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() && !strings.HasPrefix(name, "_") && (strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".yaml")) {
			out = append(out, f)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// readEspansoApps maps espanso's app-specific configs (config/*.yml other
// than default.yml) to per-app rules.
func readEspansoApps(dir string, rel func(string) string) ([]AppRule, []Note, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.yml"))
	if err != nil {
		return nil, nil, err
	}
	more, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	names = append(names, more...)
	sort.Strings(names)
	var rules []AppRule
	var notes []Note
	for _, f := range names {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, err
		}
		rs, ns, err := espansoAppConfig(rel(f), data)
		if err != nil {
			return nil, nil, err
		}
		rules, notes = append(rules, rs...), append(notes, ns...)
	}
	return rules, notes, nil
}

// espansoAppConfig maps one espanso config file.
func espansoAppConfig(name string, data []byte) ([]AppRule, []Note, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	var notes []Note
	at := func(n *yaml.Node) snippets.Pos { return snippets.Pos{File: name, Line: n.Line, Col: n.Column} }
	note := func(n *yaml.Node, skipped bool, format string, args ...any) {
		notes = append(notes, Note{at(n), "", skipped, fmt.Sprintf(format, args...)})
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, notes, nil
	}
	top := doc.Content[0]
	isDefault := strings.TrimSuffix(strings.TrimSuffix(path.Base(name), ".yml"), ".yaml") == "default"
	var rule AppRule
	rule.Pos = at(top)
	var classes, titles []string
	settings := false
	var filter *yaml.Node
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		switch k.Value {
		case "filter_class", "filter_title":
			filter = k
			alts, why := literalAlternatives(v.Value)
			if why != "" {
				note(v, true, "%s %q %s: kindly matches a window class exactly and a title by a fixed text; this app config is not imported", k.Value, v.Value, why)
				return nil, notes, nil
			}
			if k.Value == "filter_class" {
				classes = alts
			} else {
				titles = alts
			}
		case "filter_exec":
			note(v, true, "filter_exec %q: kindly tells apps apart by window class and title, not by program; add a rule by hand with the class 'xprop WM_CLASS' shows", v.Value)
			return nil, notes, nil
		case "filter_os":
			if !strings.EqualFold(v.Value, "linux") {
				note(v, true, "an app config for %s only: not imported", v.Value)
				return nil, notes, nil
			}
		case "enable":
			if v.Value == "false" {
				rule.Off, settings = true, true
			}
		case "backend":
			switch strings.ToLower(v.Value) {
			case "clipboard":
				rule.TypeMax, settings = -1, true
			case "inject":
				rule.TypeMax, settings = 100000, true
			case "auto":
			default:
				note(v, false, "backend %q is not known: not imported", v.Value)
			}
		case "paste_shortcut":
			switch p := strings.ToLower(strings.ReplaceAll(v.Value, " ", "")); p {
			case "ctrl+v", "ctrl+shift+v", "shift+insert":
				rule.Paste, settings = p, true
			default:
				note(v, false, "paste_shortcut %q has no kindly equivalent (ctrl+v, ctrl+shift+v or shift+insert): not imported", v.Value)
			}
		default:
			note(k, true, "%q is not imported (kindly has no such per-app setting)", k.Value)
		}
	}
	switch {
	case isDefault:
		if settings {
			note(top, true, "espanso's settings for every app are not imported (kindly picks typing or pasting per app by itself)")
		}
		return nil, notes, nil
	case filter == nil:
		note(top, true, "an app config without filter_class or filter_title applies to no app: not imported")
		return nil, notes, nil
	case !settings:
		note(top, true, "no setting kindly has (enable, backend, paste_shortcut): nothing to import")
		return nil, notes, nil
	}
	if len(classes) == 0 {
		classes = []string{""} // any window with that title
	}
	if len(titles) == 0 {
		titles = []string{""}
	}
	var rules []AppRule
	for _, c := range classes {
		for _, t := range titles {
			r := rule
			r.Class, r.Title = strings.ToLower(c), t
			rules = append(rules, r)
		}
	}
	return rules, notes, nil
}

// errText drops the path an fs error repeats.
func errText(err error) string {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// ReadTextExpander reads TextExpander groups exported as CSV, one group a
// file. Each group stays a file of its own, and its snippets carry the
// group's name as a tag ("Billing Replies.csv" → billing-replies), so
// 'kindly list --tag' and the search find a group again.
func ReadTextExpander(paths []string) (Source, error) {
	var src Source
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return src, err
		}
		name := filepath.Base(p)
		res, err := FromTextExpander(name, data)
		if err != nil {
			return src, err
		}
		tag := GroupTag(strings.TrimSuffix(name, filepath.Ext(name)))
		for i := range res.Snippets {
			if tag != "" {
				res.Snippets[i].Tags = append(res.Snippets[i].Tags, tag)
			}
		}
		src.Files = append(src.Files, File{Name: name, Snippets: res.Snippets})
		src.Notes = append(src.Notes, res.Notes...)
	}
	return src, nil
}

// ReadJSON reads the files 'kindly export --format json' writes.
func ReadJSON(paths []string) (Source, error) {
	var src Source
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return src, err
		}
		res, err := FromJSON(filepath.Base(p), data)
		if err != nil {
			return src, err
		}
		src.Files = append(src.Files, File{Name: filepath.Base(p), Snippets: res.Snippets})
		src.Notes = append(src.Notes, res.Notes...)
	}
	return src, nil
}

// GroupTag makes a tag of a group's name: lower case, words joined by "-".
func GroupTag(group string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(group) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}
