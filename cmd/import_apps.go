package cmd

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kindly-support/kindly/snippets/atomicfile"
	"github.com/kindly-support/kindly/snippets/convert"
)

// This file writes imported per-app rules into config.yml's apps: list.
// It belongs with the config package once there is one (config.yml has one
// owner); until then appendAppRules is the only writer of apps:.

// appYAML is one apps: entry, in the daemon's field names (hooks.AppRule).
type appYAML struct {
	Class   string `yaml:"class"`
	Title   string `yaml:"title,omitempty"`
	Off     bool   `yaml:"off,omitempty"`
	Paste   string `yaml:"paste,omitempty"`
	TypeMax int    `yaml:"type_max,omitempty"`
}

// importApps adds rules to <home>/config.yml, leaving alone a window class
// and title the agent has a rule for already (noted).
func importApps(home string, rules []convert.AppRule, notes *[]convert.Note) (int, []string, error) {
	if len(rules) == 0 {
		return 0, nil, nil
	}
	var add []appYAML
	var classes []string
	have, err := appRuleKeys(home)
	if err != nil {
		return 0, nil, err
	}
	for _, r := range rules {
		key := strings.ToLower(r.Class) + "\x00" + strings.ToLower(r.Title)
		if have[key] {
			*notes = append(*notes, convert.Note{Pos: r.Pos, Skipped: true,
				Msg: fmt.Sprintf("config.yml already has a rule for the app %q: yours is kept", r.Class)})
			continue
		}
		have[key] = true
		add = append(add, appYAML{Class: r.Class, Title: r.Title, Off: r.Off, Paste: r.Paste, TypeMax: r.TypeMax})
		classes = append(classes, r.Class)
	}
	if len(add) == 0 {
		return 0, nil, nil
	}
	if err := appendAppRules(home, add); err != nil {
		return 0, nil, err
	}
	return len(add), classes, nil
}

// appRuleKeys lists the class and title of every apps: entry in config.yml.
func appRuleKeys(home string) (map[string]bool, error) {
	keys := map[string]bool{}
	data, err := os.ReadFile(filepath.Join(home, "config.yml"))
	if errors.Is(err, fs.ErrNotExist) {
		return keys, nil
	}
	if err != nil {
		return nil, err
	}
	var c struct {
		Apps []appYAML `yaml:"apps"`
	}
	if err := yaml.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("config.yml: %w", err)
	}
	for _, a := range c.Apps {
		keys[strings.ToLower(a.Class)+"\x00"+strings.ToLower(a.Title)] = true
	}
	return keys, nil
}

// appendAppRules appends entries to config.yml's apps: list. With no apps:
// key yet, the list is appended as text, so every other byte of the file
// stays; otherwise the file is re-encoded from its YAML tree (comments are
// kept, layout may change). The result is read back and must hold the old
// entries followed by the new ones before it replaces the file.
func appendAppRules(home string, add []appYAML) error {
	p := filepath.Join(home, "config.yml")
	old, err := os.ReadFile(p)
	existed := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	var before struct {
		Apps []appYAML `yaml:"apps"`
	}
	if err := yaml.Unmarshal(old, &before); err != nil {
		return fmt.Errorf("config.yml: %w", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(old, &doc); err != nil {
		return fmt.Errorf("config.yml: %w", err)
	}
	var apps *yaml.Node
	if len(doc.Content) > 0 && doc.Content[0].Kind == yaml.MappingNode {
		top := doc.Content[0]
		for i := 0; i+1 < len(top.Content); i += 2 {
			if top.Content[i].Value == "apps" {
				apps = top.Content[i+1]
			}
		}
	}
	var data []byte
	if apps == nil {
		var list bytes.Buffer
		enc := yaml.NewEncoder(&list)
		enc.SetIndent(2)
		if err := enc.Encode(map[string][]appYAML{"apps": add}); err != nil {
			return err
		}
		enc.Close()
		data = append([]byte(nil), old...)
		if len(data) > 0 && !bytes.HasSuffix(data, []byte("\n")) {
			data = append(data, '\n')
		}
		data = append(data, "# Per-app settings ('kindly import' added these; see docs/library.md).\n"...)
		data = append(data, list.Bytes()...)
	} else {
		var items yaml.Node
		b, _ := yaml.Marshal(add)
		if err := yaml.Unmarshal(b, &items); err != nil {
			return err
		}
		if apps.Kind != yaml.SequenceNode {
			*apps = yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		}
		apps.Style = 0
		apps.Content = append(apps.Content, items.Content[0].Content...)
		var buf bytes.Buffer
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(&doc); err != nil {
			return err
		}
		enc.Close()
		data = buf.Bytes()
	}
	var after struct {
		Apps []appYAML `yaml:"apps"`
	}
	if err := yaml.Unmarshal(data, &after); err != nil || len(after.Apps) != len(before.Apps)+len(add) {
		return fmt.Errorf("config.yml: the edited file would not read back as intended; nothing written")
	}
	for i, a := range add {
		if after.Apps[len(before.Apps)+i] != a {
			return fmt.Errorf("config.yml: the edited file would not read back as intended; nothing written")
		}
	}
	if err := os.MkdirAll(home, 0o700); err != nil {
		return err
	}
	return atomicfile.Update(p, old, existed, data, nil)
}
