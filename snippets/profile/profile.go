// Package profile reads and edits the agent's profile: the `profile:` key of
// <home>/config.yml, whose values fill {{agent}}, {{company}}, {{signature}}
// and any other key in replies (see snippets/placeholder).
//
//	profile:
//	  agent: Sam
//	  company: Acme
//	  signature: |-
//	    Sam Lee
//	    Acme support
//
// The other top-level keys of config.yml belong to other parts of kindly
// (apps, injector, lint…). [Set] and [Unset] never touch them: they splice
// the lines of one profile entry, found through yaml.Node positions, so every
// other byte of the file, comments included, stays as it was. The result is
// parsed back and checked to hold exactly the intended change before it is
// written atomically, and nothing is written if the file changed on disk
// meanwhile.
package profile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kindly-support/kindly/snippets/atomicfile"
	"github.com/kindly-support/kindly/snippets/filelock"
	"github.com/kindly-support/kindly/snippets/placeholder"
)

// File is the name of the config file in the kindly home.
const File = "config.yml"

// Key is the profile's key in config.yml.
const Key = "profile"

// StandardKeys are the profile values the starter pack uses.
var standardKeys = []string{"agent", "team", "company", "signature", "help_center"}

// StandardKeys returns the keys replies commonly use: agent, team, company,
// signature, help_center (the address formatted replies link to).
func StandardKeys() []string { return append([]string(nil), standardKeys...) }

// Parse reads the profile from the contents of a config.yml; name is used
// in errors.
func Parse(name string, data []byte) (map[string]string, error) {
	doc, err := parseDoc(name, data)
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	_, v := find(doc, Key)
	if v == nil || isNull(v) {
		return m, nil
	}
	if v.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d:%d: profile must be a mapping of names to text (profile:\\n  agent: Sam)", name, v.Line, v.Column)
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("%s:%d:%d: profile keys must be names", name, k.Line, k.Column)
		}
		switch {
		case isNull(val):
			m[k.Value] = ""
		case val.Kind == yaml.ScalarNode:
			m[k.Value] = val.Value
		default:
			return nil, fmt.Errorf("%s:%d:%d: profile value %q must be text", name, val.Line, val.Column, k.Value)
		}
	}
	return m, nil
}

// Keys returns the profile's keys, sorted.
func Keys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Set sets key to value in <home>/config.yml, creating the file (and the
// home) when needed.
func Set(home, key, value string) error {
	if !placeholder.ValidName(key) {
		return fmt.Errorf("profile set: %q cannot be a profile key: use letters, digits, _ . - (starting with a letter), not one of date, time, clipboard, cursor, random, multiline", key)
	}
	return edit(home, func(m map[string]string) { m[key] = value }, func(data []byte) ([]byte, error) {
		return spliceSet(data, key, value)
	})
}

// Unset removes key from the profile; ok is false when it was not there.
func Unset(home, key string) (ok bool, err error) {
	err = edit(home, func(m map[string]string) {
		_, ok = m[key]
		delete(m, key)
	}, func(data []byte) ([]byte, error) {
		return spliceUnset(data, key)
	})
	return ok, err
}

// edit reads config.yml, splices it, proves the result holds the intended
// profile and the same everything else, and writes it.
func edit(home string, change func(map[string]string), splice func([]byte) ([]byte, error)) error {
	p := filepath.Join(home, File)
	l, err := filelock.Lock(p)
	if err != nil {
		return fmt.Errorf("edit profile: %w", err)
	}
	defer l.Unlock()
	old, err := atomicfile.ReadFile(p)
	existed := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("edit profile: %w", err)
	}
	before, err := Parse(p, old)
	if err != nil {
		return fmt.Errorf("edit profile: %w; fix it first", err)
	}
	want := map[string]string{}
	for k, v := range before {
		want[k] = v
	}
	change(want)
	if reflect.DeepEqual(want, before) {
		return nil // nothing to do
	}
	data, err := spliceKeepingLineEnds(old, splice)
	if err != nil {
		return fmt.Errorf("edit profile %s: %w", p, err)
	}
	if err := verify(p, old, data, want); err != nil {
		return fmt.Errorf("edit profile %s: %w", p, err)
	}
	if err := os.MkdirAll(home, 0o755); err != nil {
		return fmt.Errorf("edit profile: %w", err)
	}
	if err := writeAtomic(p, old, existed, data); err != nil {
		return fmt.Errorf("edit profile: %w", err)
	}
	return nil
}

// spliceKeepingLineEnds runs splice on data, which writes "\n" line ends;
// when every line of data ends in "\r\n" (a file from Windows), the splice
// works on "\n" lines and the result gets "\r\n" back on every line.
func spliceKeepingLineEnds(data []byte, splice func([]byte) ([]byte, error)) ([]byte, error) {
	crlf := bytes.Count(data, []byte("\r\n"))
	if crlf == 0 || crlf != bytes.Count(data, []byte("\n")) || crlf != bytes.Count(data, []byte("\r")) {
		return splice(data)
	}
	out, err := splice(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")))
	if err != nil {
		return nil, err
	}
	return bytes.ReplaceAll(out, []byte("\n"), []byte("\r\n")), nil
}

// verify checks that data holds exactly the profile want and every other
// top-level key as old had it.
func verify(name string, old, data []byte, want map[string]string) error {
	got, err := Parse(name, data)
	if err != nil {
		return fmt.Errorf("the edited file does not read back (%v); nothing written", err)
	}
	if !reflect.DeepEqual(got, want) {
		return errors.New("the edited file does not read back as intended; nothing written (edit it by hand)")
	}
	od, nd := mustDoc(old), mustDoc(data)
	others := func(doc *yaml.Node) map[string]string {
		m := map[string]string{}
		if doc == nil {
			return m
		}
		for i := 0; i+1 < len(doc.Content); i += 2 {
			if doc.Content[i].Value == Key {
				continue
			}
			b, _ := yaml.Marshal(doc.Content[i+1])
			m[doc.Content[i].Value] = string(b)
		}
		return m
	}
	if !reflect.DeepEqual(others(od), others(nd)) {
		return errors.New("the edit would change other settings; nothing written (edit it by hand)")
	}
	return nil
}

// parseDoc returns the top-level mapping (nil for an empty file).
func parseDoc(name string, data []byte) (doc *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("%s: YAML parser failed: %v", name, r)
		}
	}()
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if n.Kind == 0 || len(n.Content) == 0 {
		return nil, nil
	}
	top := n.Content[0]
	if isNull(top) {
		return nil, nil
	}
	if top.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d:%d: config.yml must be a mapping (apps:, profile:, …)", name, top.Line, top.Column)
	}
	return top, nil
}

func mustDoc(data []byte) *yaml.Node {
	doc, _ := parseDoc("", data)
	return doc
}

// find returns the key and value nodes of key in mapping m.
func find(m *yaml.Node, key string) (k, v *yaml.Node) {
	if m == nil {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Kind == yaml.ScalarNode && m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

// lines splits data into lines, each with its line break.
func lines(data []byte) []string {
	var ls []string
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			ls = append(ls, string(data))
			break
		}
		ls = append(ls, string(data[:i+1]))
		data = data[i+1:]
	}
	return ls
}

func blank(l string) bool     { return strings.TrimSpace(l) == "" }
func isComment(l string) bool { return strings.HasPrefix(strings.TrimSpace(l), "#") }
func content(l string) bool   { return !blank(l) && !isComment(l) }

// lastContent is the last line (0-based) before line end (0-based,
// exclusive) that is not blank or a comment, but not before from.
func lastContent(ls []string, from, end int) int {
	i := end - 1
	for i > from && !content(ls[i]) {
		i--
	}
	return i
}

// nextKeyLine is the 0-based line of the key after key i in mapping m, or
// len(ls) when it is the last.
func nextKeyLine(m *yaml.Node, i int, ls []string) int {
	if i+2 < len(m.Content) {
		return m.Content[i+2].Line - 1
	}
	return len(ls)
}

// spliceSet sets key in the profile of data.
func spliceSet(data []byte, key, value string) ([]byte, error) {
	ls := lines(data)
	doc := mustDoc(data)
	pk, pv := find(doc, Key)
	if pk == nil {
		// No profile yet: append one.
		out := string(data)
		if out != "" && !strings.HasSuffix(out, "\n") {
			out += "\n"
		}
		return []byte(out + Key + ":\n" + entry("  ", key, value)), nil
	}
	pi := indexOf(doc, pk)
	end := lastContent(ls, pk.Line-1, nextKeyLine(doc, pi, ls)) // last line of the profile
	switch {
	case isNull(pv) || pv.Kind == yaml.MappingNode && pv.Style&yaml.FlowStyle != 0:
		if end != pk.Line-1 {
			return nil, errors.New("the profile is written in flow style over several lines; write it as a block (profile:\\n  agent: Sam) and try again")
		}
		// profile: / profile: {agent: Sam}: rewrite the profile as a block.
		indent := strings.Repeat(" ", pk.Column-1)
		var b strings.Builder
		b.WriteString(indent + Key + ":" + comment(pk, pv) + "\n")
		done := false
		if !isNull(pv) {
			for i := 0; i+1 < len(pv.Content); i += 2 {
				k, v := pv.Content[i].Value, pv.Content[i+1].Value
				if k == key {
					v, done = value, true
				}
				b.WriteString(entry(indent+"  ", k, v))
			}
		}
		if !done {
			b.WriteString(entry(indent+"  ", key, value))
		}
		return splice(ls, pk.Line-1, end+1, b.String()), nil
	case pv.Kind != yaml.MappingNode:
		return nil, errors.New("profile must be a mapping of names to text")
	}
	for i := 0; i+1 < len(pv.Content); i += 2 {
		k := pv.Content[i]
		if k.Value != key {
			continue
		}
		last := lastContent(ls, k.Line-1, min(nextKeyLine(pv, i, ls), end+1))
		indent := strings.Repeat(" ", k.Column-1)
		text := entry(indent, key, value)
		if c := pv.Content[i+1].LineComment; c != "" && !strings.Contains(text[:len(text)-1], "\n") {
			text = strings.TrimSuffix(text, "\n") + " " + c + "\n"
		}
		return splice(ls, k.Line-1, last+1, text), nil
	}
	indent := strings.Repeat(" ", pk.Column-1) + "  "
	if len(pv.Content) > 0 {
		indent = strings.Repeat(" ", pv.Content[0].Column-1)
	}
	return splice(ls, end+1, end+1, entry(indent, key, value)), nil
}

// spliceUnset removes key (and the comment lines right above it) from the
// profile of data.
func spliceUnset(data []byte, key string) ([]byte, error) {
	ls := lines(data)
	doc := mustDoc(data)
	pk, pv := find(doc, Key)
	if pk == nil || pv.Kind != yaml.MappingNode {
		return data, nil
	}
	end := lastContent(ls, pk.Line-1, nextKeyLine(doc, indexOf(doc, pk), ls))
	if pv.Style&yaml.FlowStyle != 0 {
		if end != pk.Line-1 {
			return nil, errors.New("the profile is written in flow style over several lines; write it as a block (profile:\\n  agent: Sam) and try again")
		}
		indent := strings.Repeat(" ", pk.Column-1)
		var b strings.Builder
		b.WriteString(indent + Key + ":" + comment(pk, pv) + "\n")
		for i := 0; i+1 < len(pv.Content); i += 2 {
			if k := pv.Content[i].Value; k != key {
				b.WriteString(entry(indent+"  ", k, pv.Content[i+1].Value))
			}
		}
		return splice(ls, pk.Line-1, end+1, b.String()), nil
	}
	for i := 0; i+1 < len(pv.Content); i += 2 {
		k := pv.Content[i]
		if k.Value != key {
			continue
		}
		last := lastContent(ls, k.Line-1, min(nextKeyLine(pv, i, ls), end+1))
		first := k.Line - 1
		for first > pk.Line && isComment(ls[first-1]) {
			first--
		}
		return splice(ls, first, last+1, ""), nil
	}
	return data, nil
}

func indexOf(m, k *yaml.Node) int {
	for i := 0; i < len(m.Content); i += 2 {
		if m.Content[i] == k {
			return i
		}
	}
	return 0
}

// comment is the line comment on the profile key line, with a leading space.
func comment(pk, pv *yaml.Node) string {
	for _, c := range []string{pk.LineComment, pv.LineComment} {
		if c != "" {
			return " " + c
		}
	}
	return ""
}

// splice replaces lines [from, to) with text.
func splice(ls []string, from, to int, text string) []byte {
	var b strings.Builder
	for _, l := range ls[:from] {
		b.WriteString(l)
	}
	if from > 0 && !strings.HasSuffix(ls[from-1], "\n") {
		b.WriteString("\n")
	}
	b.WriteString(text)
	for _, l := range ls[to:] {
		b.WriteString(l)
	}
	return []byte(b.String())
}

// entry renders "key: value" lines at indent, with a literal block for a
// value of several lines.
func entry(indent, key, value string) string {
	k := scalar(key)
	if strings.Contains(value, "\n") {
		if block, ok := literal(indent+"  ", value); ok {
			return indent + k + ": " + block
		}
	}
	return indent + k + ": " + scalar(value) + "\n"
}

// literal renders a literal block scalar (header and lines), when faithful.
func literal(indent, text string) (string, bool) {
	body := strings.TrimRight(text, "\n")
	if body == "" || strings.HasPrefix(body, " ") || strings.HasPrefix(body, "\t") || strings.ContainsAny(text, "\r\t\u0085\u2028\u2029\ufeff") {
		return "", false
	}
	header := "|-"
	switch len(text) - len(body) {
	case 0:
	case 1:
		header = "|"
	default:
		return "", false // |+ would keep the blank lines after it too
	}
	var b strings.Builder
	b.WriteString(header + "\n")
	for _, l := range strings.Split(body, "\n") {
		if l != "" {
			b.WriteString(indent + l)
		}
		b.WriteString("\n")
	}
	return b.String(), true
}

// scalar writes text plain when YAML reads it back as the same string,
// double-quoted otherwise.
func scalar(text string) string {
	if text != "" && strings.TrimSpace(text) == text && !strings.ContainsAny(text, "\n\r\t\"'\\#`") &&
		!strings.ContainsAny(text[:1], "-?:,[]{}&*!|>%@;") && !strings.Contains(text, ": ") && !strings.HasSuffix(text, ":") {
		switch strings.ToLower(text) {
		case "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~":
		default:
			var n yaml.Node
			if yaml.Unmarshal([]byte("v: "+text), &n) == nil && len(n.Content) == 1 && len(n.Content[0].Content) == 2 {
				if v := n.Content[0].Content[1]; v.Kind == yaml.ScalarNode && v.ShortTag() == "!!str" && v.Value == text {
					return text
				}
			}
		}
	}
	return strconv.Quote(text)
}

// writeAtomic replaces (or creates) p with data: a temporary file in the
// same folder, synced, given the old file's mode, renamed over it, but only
// if the file still holds old (or, when it did not exist, still does not).
func writeAtomic(p string, old []byte, existed bool, data []byte) error {
	return atomicfile.Update(p, old, existed, data, nil)
}
