// Package config owns <home>/config.yml: it is the one reader of the file
// for every command and the daemon. Each section is parsed by its owner's
// rules (the profile by snippets/profile, lint: by snippets/lint, apps: as
// hooks.AppRules, the daemon's keys here); unknown keys are refused with
// file:line:column and a did-you-mean. A problem is kept with its section, so
// a command that needs only the profile still runs when apps: has a typo,
// while the daemon refuses the whole file and keeps its previous good config.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/kindly-support/kindly/hooks"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/lint"
	"github.com/kindly-support/kindly/snippets/profile"
)

// File is the config file's name in the kindly home.
const File = "config.yml"

// Defaults.
const (
	DefaultPauseHotkey  = "ctrl+alt+shift+p"
	DefaultSearchHotkey = "ctrl+alt+shift+k"
	DefaultIdleReset    = 5 * time.Second
)

// Config is config.yml.
type Config struct {
	// Path is the file read ("" when there was none).
	Path string
	// Profile is the agent's values ({{agent}}, {{company}}…).
	Profile map[string]string
	// Apps are per-app settings; they come before the backend's built-in
	// defaults.
	Apps []hooks.AppRule
	// Backend is the desktop backend `kindly run` uses: auto (the default),
	// x11, windows or ibus.
	Backend string
	// Injector is "x11" (the default: XTest and paste, holding the keyboard
	// during an expansion) or "robotgo" (portable, slower, no hold).
	Injector string
	// PauseHotkey and SearchHotkey as written ("" default, "none" off).
	PauseHotkey, SearchHotkey string
	// PickerTerminal is the terminal the search picker opens in.
	PickerTerminal string
	// IdleReset as written (nil: the default).
	IdleReset *time.Duration
	// Tray shows the tray icon while the daemon runs (nil: the default, on).
	Tray *bool
	// TypingWPM is stats: typing_wpm: (0: the default).
	TypingWPM int
	// Lint is the lint: section.
	Lint lint.Config

	problems map[string][]error // by section ("" for the file as a whole)
}

// Sections are config.yml's top-level keys.
var Sections = []string{"profile", "apps", "backend", "injector", "pause_hotkey", "search_hotkey",
	"picker_terminal", "idle_reset", "tray", "stats", "lint"}

// Backends are the values backend: takes.
var Backends = []string{"auto", "x11", "windows", "ibus"}

// Load reads <home>/config.yml; a missing file is an empty config. The error
// joins every problem (file:line:col: message); Section tells them apart.
func Load(home string) (Config, error) {
	p := filepath.Join(home, File)
	fail := func(err error) (Config, error) {
		c := Config{}
		c.add("file", err)
		return c, c.Err()
	}
	fi, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return Config{}, nil
	}
	if err == nil && !fi.Mode().IsRegular() {
		return fail(fmt.Errorf("%s: not a regular file", p)) // a FIFO would block the reader
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return fail(fmt.Errorf("read %s: %w", p, err))
	}
	return Parse(p, data)
}

// Parse reads a config.yml's contents; name is used in messages.
func Parse(name string, data []byte) (Config, error) {
	c := Config{Path: name}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		c.add("file", fmt.Errorf("%s: %w", name, err))
		return c, c.Err()
	}
	if len(doc.Content) == 0 {
		return c, nil
	}
	top := doc.Content[0]
	if top.Kind == yaml.ScalarNode && top.ShortTag() == "!!null" {
		return c, nil
	}
	if top.Kind != yaml.MappingNode {
		c.add("file", fmt.Errorf("%s:%d:%d: config.yml must be a mapping of settings (profile:, apps:, …)", name, top.Line, top.Column))
		return c, c.Err()
	}
	bad := func(section string, n *yaml.Node, format string, args ...any) {
		c.add(section, fmt.Errorf("%s:%d:%d: %s", name, n.Line, n.Column, fmt.Sprintf(format, args...)))
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		switch k.Value {
		case "profile":
			if m, err := profile.Parse(name, data); err != nil {
				c.add("profile", err)
			} else {
				c.Profile = m
			}
		case "lint":
			if l, err := lint.ParseConfig(name, data); err != nil {
				c.add("lint", err)
			} else {
				c.Lint = l
			}
		case "apps":
			c.Apps = parseApps(v, func(n *yaml.Node, format string, args ...any) { bad("apps", n, format, args...) })
		case "backend":
			if s, ok := text(v); !ok || !contains(Backends, s) {
				bad(k.Value, v, "backend must be one of %s, got %q", strings.Join(Backends, ", "), v.Value)
			} else {
				c.Backend = s
			}
		case "injector":
			if s, ok := text(v); !ok || (s != "x11" && s != "robotgo") {
				bad(k.Value, v, "injector must be x11 or robotgo, got %q", v.Value)
			} else {
				c.Injector = s
			}
		case "pause_hotkey", "search_hotkey", "picker_terminal":
			s, ok := text(v)
			if !ok {
				bad(k.Value, v, "%s must be text", k.Value)
				continue
			}
			switch k.Value {
			case "pause_hotkey":
				c.PauseHotkey = s
			case "search_hotkey":
				c.SearchHotkey = s
			default:
				c.PickerTerminal = s
			}
		case "idle_reset":
			s, _ := text(v)
			d, err := time.ParseDuration(s)
			if err != nil || d < 0 {
				bad(k.Value, v, "idle_reset must be a duration such as 5s or 1m (0s: never), got %q", v.Value)
				continue
			}
			c.IdleReset = &d
		case "tray":
			var b bool
			if v.Kind != yaml.ScalarNode || v.Decode(&b) != nil {
				bad(k.Value, v, "tray must be true or false, got %q", v.Value)
				continue
			}
			c.Tray = &b
		case "stats":
			c.TypingWPM = parseStats(v, func(n *yaml.Node, format string, args ...any) { bad("stats", n, format, args...) })
		default:
			msg := fmt.Sprintf("unknown setting %q", k.Value)
			if m, ok := snippets.Closest(k.Value, Sections, typoLimit); ok {
				msg += fmt.Sprintf(" (did you mean %s?)", m)
			} else {
				msg += " (settings: " + strings.Join(Sections, ", ") + ")"
			}
			bad("", k, "%s", msg)
		}
	}
	return c, c.Err()
}

func (c *Config) add(section string, err error) {
	if c.problems == nil {
		c.problems = map[string][]error{}
	}
	c.problems[section] = append(c.problems[section], err)
}

// Err joins every problem (nil: the file is good).
func (c Config) Err() error {
	var all []error
	for _, s := range append([]string{"file", ""}, Sections...) {
		all = append(all, c.problems[s]...)
	}
	return errors.Join(all...)
}

// Section returns the problems of the named sections, and of the file as a
// whole (it could not be read or parsed; unknown top-level keys are not
// counted here).
func (c Config) Section(names ...string) error {
	all := append([]error(nil), c.problems["file"]...)
	for _, n := range names {
		all = append(all, c.problems[n]...)
	}
	return errors.Join(all...)
}

// PauseKey is the pause hotkey in force ("" for none).
func (c Config) PauseKey() string { return hotkey(c.PauseHotkey, DefaultPauseHotkey) }

// SearchKey is the search hotkey in force ("" for none).
func (c Config) SearchKey() string { return hotkey(c.SearchHotkey, DefaultSearchHotkey) }

// Idle is the idle reset in force.
func (c Config) Idle() time.Duration {
	if c.IdleReset == nil {
		return DefaultIdleReset
	}
	return *c.IdleReset
}

// TrayOn reports whether the tray icon is wanted.
func (c Config) TrayOn() bool { return c.Tray == nil || *c.Tray }

func hotkey(s, def string) string {
	switch s {
	case "":
		return def
	case "none":
		return ""
	}
	return s
}

func text(n *yaml.Node) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		return "", false
	}
	return n.Value, true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func typoLimit(key string) int {
	if len(key) <= 4 {
		return 1
	}
	return 2
}

// appKeys are the keys an apps: entry takes (AppRule's and AppConfig's yaml
// names).
var appKeys = func() []string {
	keys := []string{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := strings.Split(f.Tag.Get("yaml"), ",")
			if len(tag) > 1 && tag[1] == "inline" {
				walk(f.Type)
				continue
			}
			if tag[0] != "" && tag[0] != "-" {
				keys = append(keys, tag[0])
			}
		}
	}
	walk(reflect.TypeOf(hooks.AppRule{}))
	return keys
}()

var pastes = []string{hooks.PasteCtrlV, hooks.PasteCtrlShiftV, hooks.PasteShiftIns}

func parseApps(v *yaml.Node, bad func(*yaml.Node, string, ...any)) []hooks.AppRule {
	if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null" {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		bad(v, "apps must be a list of rules (- class: slack …)")
		return nil
	}
	var rules []hooks.AppRule
	for i, e := range v.Content {
		if e.Kind != yaml.MappingNode {
			bad(e, "apps entry %d must be a mapping (class:, title:, paste: …)", i+1)
			continue
		}
		ok := true
		for j := 0; j+1 < len(e.Content); j += 2 {
			k := e.Content[j]
			if !contains(appKeys, k.Value) {
				msg := fmt.Sprintf("apps entry %d: unknown key %q", i+1, k.Value)
				if m, found := snippets.Closest(k.Value, appKeys, typoLimit); found {
					msg += fmt.Sprintf(" (did you mean %s?)", m)
				} else {
					msg += " (keys: " + strings.Join(appKeys, ", ") + ")"
				}
				bad(k, "%s", msg)
				ok = false
			}
		}
		var r hooks.AppRule
		if err := e.Decode(&r); err != nil {
			bad(e, "apps entry %d: %v", i+1, strings.TrimPrefix(err.Error(), "yaml: unmarshal errors:\n  "))
			continue
		}
		if r.Class == "" && r.Title == "" {
			bad(e, "apps entry %d needs a class:, a title: or both", i+1)
			ok = false
		}
		if r.Config.Paste != "" && !contains(pastes, r.Config.Paste) {
			bad(e, "apps entry %d: paste must be %s, got %q", i+1, strings.Join(pastes, ", "), r.Config.Paste)
			ok = false
		}
		if ok {
			rules = append(rules, r)
		}
	}
	return rules
}

func parseStats(v *yaml.Node, bad func(*yaml.Node, string, ...any)) int {
	if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null" {
		return 0
	}
	if v.Kind != yaml.MappingNode {
		bad(v, "stats must be a mapping (typing_wpm: 40)")
		return 0
	}
	wpm := 0
	for j := 0; j+1 < len(v.Content); j += 2 {
		k, val := v.Content[j], v.Content[j+1]
		if k.Value != "typing_wpm" {
			msg := fmt.Sprintf("stats: unknown key %q", k.Value)
			if m, ok := snippets.Closest(k.Value, []string{"typing_wpm"}, typoLimit); ok {
				msg += fmt.Sprintf(" (did you mean %s?)", m)
			}
			bad(k, "%s", msg)
			continue
		}
		if val.Decode(&wpm) != nil || wpm <= 0 {
			bad(val, "stats: typing_wpm must be a whole number of words a minute, got %q", val.Value)
			wpm = 0
		}
	}
	return wpm
}

// LoadProfile returns the agent's profile values from <home>/config.yml
// (empty when there is none); only a problem in the profile section, or a
// file that cannot be read, is an error.
func LoadProfile(home string) (map[string]string, error) {
	c, _ := Load(home)
	if err := c.Section("profile"); err != nil {
		return nil, fmt.Errorf("load profile: %w", err)
	}
	if c.Profile == nil {
		return map[string]string{}, nil
	}
	return c.Profile, nil
}
