package cmd

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/kindly-support/kindly/config"
	"github.com/kindly-support/kindly/hooks"
	"github.com/kindly-support/kindly/snippets/convert"
	"github.com/kindly-support/kindly/snippets/filelock"
)

// This file adds imported per-app rules to config.yml's apps: list, through
// the config package (the one owner of the file), one rule at a time.

// importApps adds rules to <home>/config.yml, leaving alone a window class
// and title the agent has a rule for already (noted).
func importApps(home string, rules []convert.AppRule, notes *[]convert.Note) (int, []string, error) {
	if len(rules) == 0 {
		return 0, nil, nil
	}
	// config.yml is read, checked and written as one step: kindly profile
	// set or another import waits for it (snippets/filelock).
	held, err := filelock.Lock(filepath.Join(home, "config.yml"))
	if err != nil {
		return 0, nil, err
	}
	defer held.Unlock()
	var add []hooks.AppRule
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
		add = append(add, hooks.AppRule{Class: r.Class, Title: r.Title,
			Config: hooks.AppConfig{Off: r.Off, Paste: r.Paste, TypeMax: r.TypeMax}})
		if r.Class != "" {
			classes = append(classes, r.Class)
		} else {
			classes = append(classes, fmt.Sprintf("title %q", r.Title))
		}
	}
	if len(add) == 0 {
		return 0, nil, nil
	}
	// config.AddApp splices each rule in, keeping every other byte, and
	// checks the file reads back as intended. (It takes no lock itself; the
	// one held here covers the whole import.)
	for i, r := range add {
		if err := config.AddApp(home, r); err != nil {
			return i, classes[:i], err
		}
	}
	return len(add), classes, nil
}

// appRuleKeys lists the class and title of every apps: entry in config.yml.
func appRuleKeys(home string) (map[string]bool, error) {
	keys := map[string]bool{}
	cfg, _ := config.Load(home)
	if err := cfg.Section("apps"); err != nil {
		return nil, fmt.Errorf("config.yml has problems; fix them first: %w", err)
	}
	for _, a := range cfg.Apps {
		keys[strings.ToLower(a.Class)+"\x00"+strings.ToLower(a.Title)] = true
	}
	return keys, nil
}
