package snippets

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// This file turns bytes into raw YAML structures: yaml.Node trees checked for
// shape (mappings where mappings belong, known keys, no aliases), but not yet
// for meaning. decode.go turns them into Snippets.

// MaxFileSize is the largest library file kindly reads.
const MaxFileSize = 1 << 20

// rawFile is a parsed library file: the `snippets:` key and its list.
type rawFile struct {
	doc     *yaml.Node // the top-level mapping; nil for an empty file
	key     *yaml.Node // the "snippets" key, nil when absent
	list    *yaml.Node // its value: a sequence, or nil when absent or null
	entries []rawEntry // the list items that are mappings
}

// rawEntry is one item of the snippets list, keys checked, values untouched.
type rawEntry struct {
	node   *yaml.Node            // the entry's mapping node
	keys   map[string]*yaml.Node // known key -> its key node
	values map[string]*yaml.Node // known key -> its value node, absent when unusable (an alias)
	broken bool                  // its keys had problems already reported
}

// topKeys are the keys a library file may have at top level.
func topKeys() []string { return []string{"snippets"} }

// snippetKeys are the keys a snippet may have, in the order suggestions prefer them.
func snippetKeys() []string {
	return []string{"trigger", "triggers", "replace", "markdown", "html", "image_path", "label", "tags", "word", "propagate_case"}
}

// espansoOnly reports espanso keys kindly deliberately does not support.
func espansoOnly(key string) bool {
	switch key {
	case "vars", "form", "form_fields", "regex",
		"force_clipboard", "force_mode", "left_word", "right_word", "uppercase_style",
		"search_terms", "paragraph", "passive_only", // in matches
		"imports", "global_vars": // at top level
		return true
	}
	return false
}

// parseYAML parses one library file into its document node (nil when the file
// holds no document). It checks size, encoding and that there is one document.
func parseYAML(name string, data []byte) (doc *yaml.Node, ps []Problem) {
	if len(data) > MaxFileSize {
		return nil, []Problem{{Pos{name, 1, 1}, Error,
			fmt.Sprintf("file is over the size limit of 1 MiB (%d bytes); split it up", MaxFileSize)}}
	}
	if p, ok := checkText(name, data); !ok {
		return nil, []Problem{p}
	}
	defer func() {
		// yaml.v3 has panicked on hostile input before; never let it take the daemon down.
		if r := recover(); r != nil {
			doc, ps = nil, []Problem{{Pos{name, 1, 0}, Error, fmt.Sprintf("YAML parser failed: %v", r)}}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var n yaml.Node
	if err := dec.Decode(&n); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil // empty, or only comments
		}
		return nil, []Problem{syntaxProblem(name, data, err)}
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, []Problem{syntaxProblem(name, data, err)}
	default:
		return nil, []Problem{{Pos{name, extra.Line, extra.Column}, Error,
			"more than one YAML document (---) in the file; put every entry under one `snippets:`"}}
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		return n.Content[0], nil
	}
	return &n, nil
}

// syntaxProblem maps yaml.v3's "yaml: line N: msg" onto a Problem at line N.
//
// For many mistakes yaml.v3 names the line where the enclosing block starts
// (often line 1) rather than the line at fault. So, within a small budget,
// the file's prefixes that end at line N, N+1, ... are parsed too: the first
// that fails with the same message ends at the line at fault.
func syntaxProblem(name string, data []byte, err error) Problem {
	line, text := splitYAMLError(err)
	if line < 1 {
		return Problem{Pos{name, 1, 0}, Error, "YAML syntax: " + text}
	}
	budget := 4 * MaxFileSize
	end := 0
	for l := 1; end < len(data); l++ {
		next := bytes.IndexByte(data[end:], '\n')
		if next < 0 {
			break // the whole file: that is where yaml.v3 looked already
		}
		end += next + 1
		if l < line {
			continue
		}
		if budget -= end; budget < 0 {
			break
		}
		if _, t := splitYAMLError(parseAll(data[:end])); t == text {
			return Problem{Pos{name, l, 0}, Error, "YAML syntax: " + text}
		}
	}
	return Problem{Pos{name, line, 0}, Error, "YAML syntax: " + text}
}

// splitYAMLError splits "yaml: line N: msg" into N (0 when absent) and msg.
func splitYAMLError(err error) (int, string) {
	if err == nil {
		return 0, ""
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, text, ok := strings.Cut(rest, ": "); ok {
			if line, e := strconv.Atoi(num); e == nil && line >= 1 {
				return line, text
			}
		}
	}
	return 0, msg
}

// parseAll parses every document in data and returns the first error.
func parseAll(data []byte) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var n yaml.Node
		if err := dec.Decode(&n); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// checkText rejects invalid UTF-8 and characters YAML forbids, pointing at the
// first one (yaml.v3 would report neither with a position).
func checkText(name string, data []byte) (Problem, bool) {
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return Problem{Pos{name, line, col}, Error,
				fmt.Sprintf("invalid UTF-8 (byte 0x%02x); save the file as UTF-8", data[i])}, false
		case !yamlPrintable(r):
			return Problem{Pos{name, line, col}, Error,
				fmt.Sprintf("control character %U is not allowed in YAML", r)}, false
		}
		i += size
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return Problem{}, true
}

// yamlPrintable mirrors the character set yaml.v3's reader accepts.
func yamlPrintable(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || (r >= 0x20 && r <= 0x7E) || r == 0x85 ||
		(r >= 0xA0 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

// rawLibrary checks the top-level shape of a parsed file.
func rawLibrary(name string, doc *yaml.Node) (rawFile, []Problem) {
	rf := rawFile{doc: doc}
	if doc == nil {
		return rf, nil
	}
	var ps []Problem
	at := func(n *yaml.Node) Pos { return Pos{name, n.Line, n.Column} }
	if doc.Kind == yaml.ScalarNode && doc.ShortTag() == "!!null" {
		return rf, nil // "~" or "null": as good as empty
	}
	if doc.Kind != yaml.MappingNode {
		return rf, []Problem{{at(doc), Error, "a library file must be a mapping with a `snippets:` list, got " + kindName(doc)}}
	}
	keys, values, kps := mappingKeys(name, doc, topKeys(), "at top level")
	ps = append(ps, kps...)
	rf.key = keys["snippets"]
	v := values["snippets"]
	if v == nil {
		return rf, ps
	}
	switch {
	case v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null":
		return rf, ps
	case v.Kind != yaml.SequenceNode:
		return rf, append(ps, Problem{at(v), Error, "`snippets` must be a list of entries, got " + kindName(v)})
	}
	rf.list = v
	for _, item := range v.Content {
		switch item.Kind {
		case yaml.MappingNode:
			keys, values, kps := mappingKeys(name, item, snippetKeys(), "in snippet")
			ps = append(ps, kps...)
			rf.entries = append(rf.entries, rawEntry{node: item, keys: keys, values: values, broken: len(kps) > 0})
		case yaml.AliasNode:
			ps = append(ps, aliasProblem(name, item))
		default:
			ps = append(ps, Problem{at(item), Error, "a snippet must be a mapping (trigger:, replace:, ...), got " + kindName(item)})
		}
	}
	return rf, ps
}

// mappingKeys collects the known keys of a mapping and reports unknown,
// duplicate and non-string keys and aliased values.
func mappingKeys(name string, m *yaml.Node, known []string, where string) (keys, values map[string]*yaml.Node, ps []Problem) {
	keys, values = map[string]*yaml.Node{}, map[string]*yaml.Node{}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		pos := Pos{name, k.Line, k.Column}
		if k.Kind != yaml.ScalarNode {
			if k.Kind == yaml.AliasNode {
				ps = append(ps, aliasProblem(name, k))
			} else {
				ps = append(ps, Problem{pos, Error, "keys must be plain words, got " + kindName(k)})
			}
			continue
		}
		if first, dup := seen[k.Value]; dup {
			ps = append(ps, Problem{pos, Error, fmt.Sprintf("duplicate key %q (first at line %d)", k.Value, first.Line)})
			continue
		}
		seen[k.Value] = k
		if !contains(known, k.Value) {
			ps = append(ps, Problem{pos, Error, unknownKey(k.Value, known, where)})
			continue
		}
		keys[k.Value] = k // present, even when its value turns out unusable
		if v.Kind == yaml.AliasNode {
			ps = append(ps, aliasProblem(name, v))
			continue
		}
		if k.Value == "snippets" && where == "at top level" {
			// entries are checked one by one, aliases included
		} else if p, ok := findAlias(name, v); ok {
			ps = append(ps, p)
			continue
		}
		values[k.Value] = v
	}
	return keys, values, ps
}

// findAlias finds an alias anywhere under n.
func findAlias(name string, n *yaml.Node) (Problem, bool) {
	if n.Kind == yaml.AliasNode {
		return aliasProblem(name, n), true
	}
	for _, c := range n.Content {
		if p, ok := findAlias(name, c); ok {
			return p, true
		}
	}
	return Problem{}, false
}

func aliasProblem(name string, n *yaml.Node) Problem {
	return Problem{Pos{name, n.Line, n.Column}, Error,
		fmt.Sprintf("YAML aliases (*%s) are not supported; write the value out", n.Value)}
}

func unknownKey(key string, known []string, where string) string {
	switch {
	case where == "at top level" && key == "matches":
		return `unknown key "matches" at top level (kindly calls it "snippets")`
	case key == "<<":
		return "YAML merge keys (<<) are not supported; write the keys out"
	case espansoOnly(key):
		return fmt.Sprintf("%q is an espanso feature not supported by kindly", key)
	}
	if s, ok := suggest(key, known); ok {
		return fmt.Sprintf("unknown key %q %s (did you mean %q?)", key, where, s)
	}
	return fmt.Sprintf("unknown key %q %s (known keys: %s)", key, where, strings.Join(known, ", "))
}

// suggest returns the known word key is probably a misspelling of.
func suggest(key string, known []string) (string, bool) {
	return Closest(key, known, keyTypoLimit)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// kindName describes a node for messages: "a list", "a mapping", "a number"...
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	case yaml.DocumentNode:
		return "a document"
	}
	switch n.ShortTag() {
	case "!!null":
		return "nothing"
	case "!!bool":
		return n.Value
	case "!!int", "!!float":
		return "the number " + n.Value
	}
	return strconv.Quote(n.Value)
}
