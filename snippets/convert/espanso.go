package convert

import (
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/format"
	kplaceholder "github.com/kindly-support/kindly/snippets/placeholder"
)

// espansoVarRe is a variable use in an espanso reply: {{name}} or {{form1.field}}.
var espansoVarRe = regexp.MustCompile(`\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}`)

// formFieldRe is a field in an espanso form layout: [[name]].
var formFieldRe = regexp.MustCompile(`\[\[\s*([A-Za-z0-9_-]+)\s*\]\]`)

// espansoIgnored are match keys with no kindly meaning that change nothing
// the reply says; they are noted, and the entry is imported.
var espansoIgnored = map[string]string{
	"uppercase_style": "the uppercase style is not supported (propagate_case capitalizes the first letter)",
	"force_clipboard": "kindly chooses typing or pasting by itself",
	"force_mode":      "kindly chooses typing or pasting by itself",
	"search_terms":    "search terms are not kept",
	"paragraph":       "paragraph mode is not supported",
	"passive_only":    "passive matches are not supported",
	"comment":         "the comment is not kept",
}

// FromEspanso reads one espanso match file (name is used in positions).
// Its global_vars apply to its own matches; imports are not followed (see
// [ReadEspanso] for a whole configuration).
func FromEspanso(name string, data []byte) (Result, error) {
	f, err := parseEspanso(name, data)
	if err != nil {
		return Result{}, err
	}
	for _, k := range f.importKeys {
		f.res.Notes = append(f.res.Notes, Note{f.at(k), "", false, "imports are not followed: import those files too"})
	}
	globals := map[string]*yaml.Node{}
	for _, gv := range f.globals {
		globals[gv.name] = gv.node
	}
	f.convert(globals, nil)
	return f.res, nil
}

// espansoFile is one parsed espanso match file, before its matches are
// converted (they need the global variables of every file first).
type espansoFile struct {
	name       string
	path       string // where it was read (for image_path), "" when only named
	res        Result
	matches    *yaml.Node
	globals    []globalVar
	imports    []*yaml.Node // the paths listed under imports:
	importKeys []*yaml.Node
}

type globalVar struct {
	name string
	node *yaml.Node
}

func (f *espansoFile) at(n *yaml.Node) snippets.Pos {
	return snippets.Pos{File: f.name, Line: n.Line, Col: n.Column}
}

func (f *espansoFile) note(n *yaml.Node, trig string, skipped bool, format string, args ...any) {
	f.res.Notes = append(f.res.Notes, Note{f.at(n), trig, skipped, fmt.Sprintf(format, args...)})
}

// parseEspanso reads the top level of an espanso match file.
func parseEspanso(name string, data []byte) (*espansoFile, error) {
	f := &espansoFile{name: name}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(doc.Content) == 0 {
		return f, nil
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: an espanso match file is a mapping with `matches:`", name)
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		switch k.Value {
		case "matches":
			f.matches = v
		case "global_vars":
			for _, gv := range v.Content {
				if n := field(gv, "name"); n != nil {
					f.globals = append(f.globals, globalVar{n.Value, gv})
				}
			}
		case "imports":
			f.importKeys = append(f.importKeys, k)
			f.imports = append(f.imports, v.Content...)
		case "name", "parent", "version", "author", "description", "title", "homepage", "tags", "anchors":
			// package metadata, or a place for YAML anchors: nothing to import
		default:
			f.note(k, "", false, "top-level key %q is not imported", k.Value)
		}
	}
	if f.matches != nil && f.matches.Kind != yaml.SequenceNode && !isNullNode(f.matches) {
		return nil, fmt.Errorf("%s:%d: `matches` must be a list", name, f.matches.Line)
	}
	return f, nil
}

func isNullNode(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

// convert turns the file's matches into snippets. profile holds the global
// variables that became profile values: a use of one becomes {{name}}.
func (f *espansoFile) convert(globals map[string]*yaml.Node, profile map[*yaml.Node]string) {
	if f.matches == nil || f.matches.Kind != yaml.SequenceNode {
		return
	}
	for _, m := range f.matches.Content {
		if m.Kind != yaml.MappingNode {
			f.note(m, "", true, "an entry that is not a mapping")
			continue
		}
		ss, ok := espansoMatch(m, globals, profile, f.at, func(trig string, skipped bool, n *yaml.Node, format string, args ...any) {
			f.note(n, trig, skipped, format, args...)
		})
		if ok {
			f.res.Snippets = append(f.res.Snippets, ss)
			if ss.ImagePath != "" {
				if f.res.Images == nil {
					f.res.Images = map[string]string{}
				}
				from := f.path
				if from == "" {
					from = f.name
				}
				f.res.Images[ss.ImagePath] = espansoPath(from, field(m, "image_path").Value)
			}
		}
	}
}

type noteFunc func(trigger string, skipped bool, n *yaml.Node, format string, args ...any)

func field(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func espansoMatch(m *yaml.Node, globals map[string]*yaml.Node, profile map[*yaml.Node]string, at func(*yaml.Node) snippets.Pos, note noteFunc) (snippets.Snippet, bool) {
	s := snippets.Snippet{Pos: at(m)}
	if t := field(m, "trigger"); t != nil && t.Kind == yaml.ScalarNode {
		s.Triggers = []string{t.Value}
		s.TriggerPos = []snippets.Pos{at(t)}
	}
	if ts := field(m, "triggers"); ts != nil {
		for _, t := range ts.Content {
			s.Triggers = append(s.Triggers, t.Value)
			s.TriggerPos = append(s.TriggerPos, at(t))
		}
	}
	if re := field(m, "regex"); re != nil && len(s.Triggers) == 0 {
		reply := ""
		if r := field(m, "replace"); r != nil {
			reply = r.Value
		}
		ts, why := regexTriggers(re.Value, reply)
		if why != "" {
			note(re.Value, true, re, "%s", why)
			return s, false
		}
		for _, t := range ts {
			s.Triggers = append(s.Triggers, t)
			s.TriggerPos = append(s.TriggerPos, at(re))
		}
		if len(ts) > 1 || ts[0] != re.Value {
			note(shown(ts), false, re, "the regex trigger %q became the fixed triggers %s", re.Value, quoteAll(ts))
		}
	}
	trig := shown(s.Triggers)
	if len(s.Triggers) == 0 {
		note("", true, m, "an entry with no trigger")
		return s, false
	}
	var keys []string
	for i := 0; i+1 < len(m.Content); i += 2 {
		keys = append(keys, m.Content[i].Value)
	}
	sort.Strings(keys)
	left, right := false, false
	for _, k := range keys {
		n := field(m, k)
		switch k {
		case "trigger", "triggers", "regex", "replace", "vars", "form", "form_fields", "markdown", "html", "image_path":
		case "label":
			s.Label = n.Value
		case "word":
			s.Word = n.Value == "true"
		case "left_word":
			left = n.Value == "true"
		case "right_word":
			right = n.Value == "true"
		case "propagate_case":
			s.PropagateCase = n.Value == "true"
		default:
			if why, ok := espansoIgnored[k]; ok {
				note(trig, false, n, "%s", why)
			} else {
				note(trig, false, n, "key %q is not imported", k)
			}
		}
	}
	if left || right {
		s.Word = true
		if !(left && right) {
			note(trig, false, m, "left_word/right_word became word: true (kindly needs a separator on both sides)")
		}
	}

	vars := map[string]*yaml.Node{}
	for name, gv := range globals {
		vars[name] = gv
	}
	if vs := field(m, "vars"); vs != nil {
		for _, v := range vs.Content {
			if n := field(v, "name"); n != nil {
				vars[n.Value] = v
			}
		}
	}
	var reply string
	switch {
	case field(m, "replace") != nil:
		reply = field(m, "replace").Value
	case field(m, "markdown") != nil:
		reply = field(m, "markdown").Value
		s.Format = format.Markdown
	case field(m, "html") != nil:
		reply = field(m, "html").Value
		s.Format = format.HTML
	case field(m, "image_path") != nil:
		n := field(m, "image_path")
		s.ImagePath = "images/" + path.Base(strings.ReplaceAll(n.Value, "\\", "/"))
		note(trig, false, n, "image_path %q: the image is copied to %s next to the imported file", n.Value, s.ImagePath)
		return s, true
	case field(m, "form") != nil:
		// A form match: the layout is the reply, its [[fields]] are fill-ins.
		reply = formFieldRe.ReplaceAllString(field(m, "form").Value, "{{form1.$1}}")
		vars["form1"] = &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
			{Kind: yaml.ScalarNode, Value: "name"}, {Kind: yaml.ScalarNode, Value: "form1"},
			{Kind: yaml.ScalarNode, Value: "type"}, {Kind: yaml.ScalarNode, Value: "form"},
			{Kind: yaml.ScalarNode, Value: "params"}, {Kind: yaml.MappingNode, Content: []*yaml.Node{
				{Kind: yaml.ScalarNode, Value: "fields"}, orEmpty(field(m, "form_fields")),
			}},
		}, Line: field(m, "form").Line, Column: field(m, "form").Column}
	default:
		note(trig, true, m, "an entry with no replace")
		return s, false
	}
	if strings.Count(reply, snippets.CaretMarker) > 1 {
		first := strings.Index(reply, snippets.CaretMarker) + len(snippets.CaretMarker)
		reply = reply[:first] + strings.ReplaceAll(reply[first:], snippets.CaretMarker, "")
		note(trig, false, m, "only the first $|$ is kept")
	}
	reported := map[string]bool{}
	render := func(escape bool) string {
		var out strings.Builder
		text := func(t string) {
			if escape {
				t = escapeBraces(t)
			}
			out.WriteString(t)
		}
		last := 0
		for _, loc := range espansoVarRe.FindAllStringSubmatchIndex(reply, -1) {
			text(reply[last:loc[0]])
			last = loc[1]
			name := reply[loc[2]:loc[3]]
			if key, ok := profile[vars[name]]; ok {
				out.WriteString("{{" + key + "}}")
				continue
			}
			conv, msg := espansoVar(name, vars)
			if msg != "" && !reported[name] {
				reported[name] = true
				n := m
				if v := vars[strings.SplitN(name, ".", 2)[0]]; v != nil && v.Line > 0 {
					n = v
				}
				note(trig, false, n, "%s", msg)
			}
			out.WriteString(conv)
		}
		text(reply[last:])
		return out.String()
	}
	out := render(false)
	if _, errs := kplaceholder.Parse(out); len(errs) > 0 {
		// Braces kindly cannot read as a placeholder are text: escaped, so
		// they are typed as written. (Braces it can read stay placeholders:
		// a file kindly exported writes some that way.)
		out = render(true)
	}
	reply = out
	s.Replace = reply
	return s, true
}

func orEmpty(n *yaml.Node) *yaml.Node {
	if n == nil {
		return &yaml.Node{Kind: yaml.MappingNode}
	}
	return n
}

// espansoVar maps one variable use to kindly; msg says what was lost.
func espansoVar(use string, vars map[string]*yaml.Node) (out, msg string) {
	base, sub, _ := strings.Cut(use, ".")
	v := vars[base]
	if v == nil {
		return fillIn(validName(use), ""), fmt.Sprintf("variable %q is not defined here: it became the fill-in %s", use, fillIn(validName(use), ""))
	}
	typ := ""
	if t := field(v, "type"); t != nil {
		typ = t.Value
	}
	params := field(v, "params")
	param := func(k string) *yaml.Node {
		if params == nil {
			return nil
		}
		return field(params, k)
	}
	switch typ {
	case "clipboard":
		return "{{clipboard}}", ""
	case "echo":
		if e := param("echo"); e != nil {
			return e.Value, ""
		}
	case "date":
		layout, bad := "", []string(nil)
		if f := param("format"); f != nil {
			layout, bad = strftimeLayout(f.Value)
		}
		offset, lost := "", ""
		if o := param("offset"); o != nil {
			secs, err := strconv.Atoi(o.Value)
			switch {
			case err != nil:
				lost = fmt.Sprintf("date offset %q is not a number of seconds: dropped", o.Value)
			case secs%86400 != 0:
				lost = fmt.Sprintf("date offset of %d seconds is not whole days: dropped", secs)
			case secs != 0:
				offset = fmt.Sprintf("%+dd", secs/86400)
			}
		}
		if len(bad) > 0 {
			lost = strings.TrimPrefix(lost+"; ", "; ") + fmt.Sprintf("date format codes %s have no equivalent: dropped", strings.Join(bad, " "))
		}
		if param("locale") != nil {
			lost = strings.TrimPrefix(lost+"; ", "; ") + "the date locale is not kept"
		}
		return datePlaceholder(offset, layout), lost
	case "choice", "random":
		var vals []string
		for _, c := range seq(param("values"), param("choices")) {
			if c.Kind == yaml.MappingNode {
				if l := field(c, "label"); l != nil {
					c = l
				}
			}
			vals = append(vals, strings.ReplaceAll(c.Value, "|", "/"))
		}
		if typ == "random" {
			return random(vals), ""
		}
		return choice(validName(base), vals), ""
	case "match":
		if t := param("trigger"); t != nil && t.Value != "" {
			return include(t.Value), ""
		}
	case "form":
		if sub == "" {
			return fillIn(validName(base), ""), fmt.Sprintf("form %q used as a whole became a fill-in", base)
		}
		var f *yaml.Node
		if fs := param("fields"); fs != nil {
			f = field(fs, sub)
		}
		name := validName(sub)
		if f == nil {
			return fillIn(name, ""), ""
		}
		if t := field(f, "type"); t != nil && (t.Value == "choice" || t.Value == "list") {
			var vals []string
			for _, c := range seq(field(f, "values")) {
				vals = append(vals, strings.ReplaceAll(c.Value, "|", "/"))
			}
			if d := field(f, "default"); d != nil && d.Value != "" {
				vals = moveFirst(vals, d.Value)
			}
			return choice(name, vals), ""
		}
		def := ""
		if d := field(f, "default"); d != nil {
			def = d.Value
		}
		if ml := field(f, "multiline"); ml != nil && ml.Value == "true" {
			return multiline(name, def), ""
		}
		return fillIn(name, def), ""
	}
	if typ == "" {
		typ = "untyped"
	}
	return fillIn(validName(base), ""), fmt.Sprintf("%s variable %q has no kindly equivalent: it became the fill-in %s", typ, base, fillIn(validName(base), ""))
}

// seq returns the items of the first list among ns.
func seq(ns ...*yaml.Node) []*yaml.Node {
	for _, n := range ns {
		if n != nil && n.Kind == yaml.SequenceNode {
			return n.Content
		}
		if n != nil && n.Kind == yaml.ScalarNode && n.Value != "" {
			var out []*yaml.Node
			for _, l := range strings.Split(strings.TrimSpace(n.Value), "\n") {
				out = append(out, &yaml.Node{Kind: yaml.ScalarNode, Value: l})
			}
			return out
		}
	}
	return nil
}

func moveFirst(vals []string, v string) []string {
	out := []string{v}
	for _, x := range vals {
		if x != v {
			out = append(out, x)
		}
	}
	return out
}

// espansoPath resolves an image_path of the match file name: $CONFIG is
// espanso's configuration folder (the one holding match/), a relative path
// is relative to the match file.
func espansoPath(name, p string) string {
	for _, v := range []string{"$CONFIG", "%CONFIG%"} {
		if rest, ok := strings.CutPrefix(p, v); ok {
			dir := filepath.Dir(name)
			for d := dir; d != filepath.Dir(d); d = filepath.Dir(d) {
				if filepath.Base(d) == "match" {
					return filepath.Join(filepath.Dir(d), filepath.FromSlash(rest))
				}
			}
			return filepath.Join(filepath.Dir(dir), filepath.FromSlash(rest))
		}
	}
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(filepath.Dir(name), filepath.FromSlash(p))
}

// quoteAll quotes triggers for a note, their whitespace visible.
func quoteAll(ts []string) string {
	q := make([]string, len(ts))
	for i, t := range ts {
		q[i] = snippets.QuoteTrigger(t)
	}
	return strings.Join(q, ", ")
}

// shown is how notes name triggers: their whitespace visible, several
// separated by spaces.
func shown(ts []string) string {
	v := make([]string, len(ts))
	for i, t := range ts {
		v[i] = snippets.VisibleTrigger(t)
	}
	return strings.Join(v, " ")
}

// escapeBraces escapes every "{{" of plain text as kindly's "\{{", so that
// it is typed as written instead of read as a placeholder.
func escapeBraces(text string) string { return strings.ReplaceAll(text, "{{", `\{{`) }
