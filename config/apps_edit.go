package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kindly-support/kindly/hooks"
	"github.com/kindly-support/kindly/snippets/atomicfile"
)

// AddApp appends a per-app rule to the apps: list of <home>/config.yml
// (creating the list, or the file, when missing). RemoveApp takes rule i
// out. Both keep every other byte of the file, prove by parsing the result
// that the rules are exactly the intended ones and every other setting is
// unchanged, and write atomically, refusing when the file changed on disk
// meanwhile.
func AddApp(home string, r hooks.AppRule) error {
	return editApps(home, func(data []byte, list *yaml.Node, key *yaml.Node, old []hooks.AppRule) ([]byte, []hooks.AppRule, error) {
		want := append(append([]hooks.AppRule(nil), old...), r)
		out, err := spliceAddApp(data, list, key, r)
		return out, want, err
	})
}

// RemoveApp removes rule i (0-based, in file order) when it still is was.
func RemoveApp(home string, i int, was hooks.AppRule) error {
	return editApps(home, func(data []byte, list *yaml.Node, key *yaml.Node, old []hooks.AppRule) ([]byte, []hooks.AppRule, error) {
		if list == nil || i < 0 || i >= len(old) || i >= len(list.Content) {
			return nil, nil, fmt.Errorf("there is no app rule %d: %w", i+1, atomicfile.ErrChanged)
		}
		if !reflect.DeepEqual(old[i], was) {
			return nil, nil, fmt.Errorf("app rule %d changed on disk since you read it; nothing written: %w", i+1, atomicfile.ErrChanged)
		}
		want := append(append([]hooks.AppRule(nil), old[:i]...), old[i+1:]...)
		out, err := spliceRemoveApp(data, list, i)
		return out, want, err
	})
}

type appsSplice func(data []byte, list, key *yaml.Node, old []hooks.AppRule) ([]byte, []hooks.AppRule, error)

func editApps(home string, splice appsSplice) error {
	p := filepath.Join(home, File)
	old, err := os.ReadFile(p)
	existed := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("apps: %w", err)
	}
	before, _ := Parse(p, old)
	if perr := before.Section("apps"); perr != nil {
		return fmt.Errorf("apps: fix config.yml first: %w", perr)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(old, &doc); err != nil {
		return fmt.Errorf("apps: %s does not parse: %w", p, err)
	}
	var key, list *yaml.Node
	if len(doc.Content) > 0 && doc.Content[0].Kind == yaml.MappingNode {
		top := doc.Content[0]
		if top.Style&yaml.FlowStyle != 0 {
			return errors.New("apps: config.yml is written in flow style; edit it by hand")
		}
		for i := 0; i+1 < len(top.Content); i += 2 {
			if top.Content[i].Value == "apps" {
				key, list = top.Content[i], top.Content[i+1]
			}
		}
	}
	if list != nil && list.Kind != yaml.SequenceNode {
		list = nil // apps: with no value
	}
	if list != nil && list.Style&yaml.FlowStyle != 0 {
		return errors.New("apps: the apps: list is written in flow style ([...]); edit it by hand")
	}
	updated, want, err := splice(old, list, key, before.Apps)
	if err != nil {
		return fmt.Errorf("apps: %w", err)
	}
	after, _ := Parse(p, updated)
	if perr := after.Section("apps"); perr != nil {
		return fmt.Errorf("apps: %w", perr)
	}
	if len(want) == 0 {
		want = nil
	}
	if !reflect.DeepEqual(after.Apps, want) {
		return fmt.Errorf("apps: the edited %s would not read back as intended; nothing written", p)
	}
	if err := sameOtherwise(old, updated, "apps"); err != nil {
		return fmt.Errorf("apps: %w; nothing written", err)
	}
	if err := os.MkdirAll(home, 0o755); err != nil {
		return fmt.Errorf("apps: %w", err)
	}
	if err := atomicfile.Update(p, old, existed, updated, nil); err != nil {
		return fmt.Errorf("apps: %w", err)
	}
	return nil
}

// appEntry renders rule r as a list entry, the dash at column dash.
func appEntry(r hooks.AppRule, dash int, eol string) (string, error) {
	b, err := yaml.Marshal(r)
	if err != nil {
		return "", err
	}
	var out strings.Builder
	for i, l := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		// yaml.v3 quotes YAML 1.1 booleans as keys; config.yml writes off: true
		l = strings.Replace(l, `"off":`, "off:", 1)
		if i == 0 {
			out.WriteString(strings.Repeat(" ", dash) + "- " + l + eol)
		} else {
			out.WriteString(strings.Repeat(" ", dash+2) + l + eol)
		}
	}
	return out.String(), nil
}

func eolOf(data []byte) string {
	if bytes.Contains(data, []byte("\r\n")) {
		return "\r\n"
	}
	return "\n"
}

func withNewline(b []byte, eol string) []byte {
	if len(b) > 0 && b[len(b)-1] != '\n' {
		b = append(b, eol...)
	}
	return b
}

func spliceAddApp(data []byte, list, key *yaml.Node, r hooks.AppRule) ([]byte, error) {
	eol := eolOf(data)
	ls := strings.SplitAfter(string(data), "\n")
	insertAfter := func(line int, text string) []byte { // line: 1-based, text goes after it
		at := 0
		for i := 0; i < line && i < len(ls); i++ {
			at += len(ls[i])
		}
		out := withNewline(append([]byte(nil), data[:at]...), eol)
		out = append(out, text...)
		return append(out, data[at:]...)
	}
	switch {
	case key == nil:
		entry, err := appEntry(r, 2, eol)
		if err != nil {
			return nil, err
		}
		return append(withNewline(append([]byte(nil), data...), eol), "apps:"+eol+entry...), nil
	case list == nil:
		if key.Line <= len(ls) {
			line := strings.TrimRight(ls[key.Line-1], "\r\n")
			rest := strings.TrimSpace(line[strings.Index(line, ":")+1:])
			if rest != "" && !strings.HasPrefix(rest, "#") {
				return nil, fmt.Errorf("apps: at line %d has a value; edit it by hand", key.Line)
			}
		}
		entry, err := appEntry(r, key.Column-1+2, eol)
		if err != nil {
			return nil, err
		}
		return insertAfter(key.Line, entry), nil
	}
	dash := list.Column - 1
	last := list.Content[len(list.Content)-1]
	end := last.Line
	for i := last.Line; i < len(ls); i++ { // lines deeper than the dash belong to the entry
		l := strings.TrimRight(ls[i], "\r\n")
		if strings.TrimSpace(l) == "" {
			continue
		}
		if len(l)-len(strings.TrimLeft(l, " ")) <= dash || strings.HasPrefix(strings.TrimSpace(l), "#") {
			break
		}
		end = i + 1
	}
	entry, err := appEntry(r, dash, eol)
	if err != nil {
		return nil, err
	}
	return insertAfter(end, entry), nil
}

func spliceRemoveApp(data []byte, list *yaml.Node, i int) ([]byte, error) {
	ls := strings.SplitAfter(string(data), "\n")
	dash := list.Column - 1
	indent := func(l string) int { return len(l) - len(strings.TrimLeft(l, " ")) }
	comment := func(l string) bool { return strings.HasPrefix(strings.TrimSpace(l), "#") }
	dashLine := func(n *yaml.Node) int { // 0-based line of the item's dash
		for j := n.Line - 1; j >= 0; j-- {
			l := ls[j]
			if indent(l) == dash && strings.HasPrefix(strings.TrimLeft(l, " "), "-") {
				return j
			}
		}
		return n.Line - 1
	}
	lead := func(j int) int { // extend over comment lines right above
		for j > 0 && comment(ls[j-1]) && indent(ls[j-1]) <= dash {
			j--
		}
		return j
	}
	from := lead(dashLine(list.Content[i]))
	var to int
	if i+1 < len(list.Content) {
		to = lead(dashLine(list.Content[i+1]))
	} else {
		to = dashLine(list.Content[i]) + 1
		for to < len(ls) {
			l := strings.TrimRight(ls[to], "\r\n")
			if strings.TrimSpace(l) == "" || indent(l) <= dash || comment(l) {
				break
			}
			to++
		}
	}
	return []byte(strings.Join(ls[:from], "") + strings.Join(ls[to:], "")), nil
}
