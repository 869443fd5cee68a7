package hooks

import "strings"

// Paste shortcuts an app can take.
const (
	PasteCtrlV      = "ctrl+v"
	PasteCtrlShiftV = "ctrl+shift+v"
	PasteShiftIns   = "shift+insert"
)

// AppConfig is how kindly types into one kind of window.
type AppConfig struct {
	// Paste is the shortcut that pastes (PasteCtrlV, PasteCtrlShiftV, PasteShiftIns).
	Paste string `yaml:"paste,omitempty"`
	// Primary pastes from the PRIMARY selection instead of CLIPBOARD
	// (xterm's Shift+Insert reads PRIMARY).
	Primary bool `yaml:"primary,omitempty"`
	// ShiftEnter types a newline as Shift+Enter (chat apps send on Enter).
	ShiftEnter bool `yaml:"shift_enter,omitempty"`
	// Off turns kindly off in this app: it does not even keep a buffer of
	// what is typed there.
	Off bool `yaml:"off,omitempty"`
	// TypeMax is the longest reply (in characters) typed key by key; longer
	// ones, and any with characters the keyboard map lacks, are pasted.
	// 0 means the default; -1 always pastes.
	TypeMax int `yaml:"type_max,omitempty"`
	// NoCaret skips moving the caret for $|$ (terminals would get escape codes).
	NoCaret bool `yaml:"no_caret,omitempty"`
	// Rich set to false gives the app the plain twin of formatted replies
	// (markdown:, html:) even where its fields could take formatting: a
	// chat that shows HTML as code, a plain-text email client. Unset
	// (nil) or true: formatted replies are pasted formatted, with the twin
	// beside them for fields that take only text.
	Rich *bool `yaml:"rich,omitempty"`
}

// DefaultTypeMax is the default AppConfig.TypeMax.
const DefaultTypeMax = 24

// AppRule applies Config to apps whose Class (on X11 the WM_CLASS instance or
// class name, on Windows the process name such as slack.exe, for an input
// method the program or app id) equals Class and whose window title contains
// Title, both case-insensitively; an empty Class or Title matches any, but a
// rule needs at least one of them.
type AppRule struct {
	Class  string    `yaml:"class,omitempty"`
	Title  string    `yaml:"title,omitempty"`
	Config AppConfig `yaml:",inline"`
}

// Apps resolves an app to its AppConfig.
type Apps struct {
	rules []AppRule
}

// NewApps returns user rules (first match wins) in front of a backend's
// defaults (x11.DefaultApps, …).
func NewApps(user, defaults []AppRule) *Apps {
	rules := append(append([]AppRule(nil), user...), defaults...)
	return &Apps{rules: rules}
}

// For returns the config for app w: its first matching rule, and off
// when any matching rule says off (a user's rule for Firefox does not turn
// kindly on in its private windows).
func (a *Apps) For(w App) AppConfig {
	var cfg AppConfig
	if a == nil {
		return cfg.withDefaults()
	}
	found := false
	for _, r := range a.rules {
		if !r.matches(w) {
			continue
		}
		if !found {
			cfg, found = r.Config, true
		}
		if r.Config.Off {
			cfg.Off = true
			break
		}
	}
	return cfg.withDefaults()
}

func (r AppRule) matches(w App) bool {
	if r.Class == "" && r.Title == "" {
		return false
	}
	if r.Class != "" && !strings.EqualFold(r.Class, w.Instance) && !strings.EqualFold(r.Class, w.Class) {
		return false
	}
	return r.Title == "" || strings.Contains(strings.ToLower(w.Title), strings.ToLower(r.Title))
}

func (c AppConfig) withDefaults() AppConfig {
	if c.Paste == "" {
		c.Paste = PasteCtrlV
	}
	if c.TypeMax == 0 {
		c.TypeMax = DefaultTypeMax
	}
	return c
}

// TitleDefaults are the built-in rules every backend shares: windows known by
// their title (private browser windows, kindly's own picker), where kindly
// keeps no buffer at all.
var TitleDefaults = []AppRule{
	{Title: "kindly search", Config: AppConfig{Off: true}},    // kindly's own picker
	{Title: "Private Browsing", Config: AppConfig{Off: true}}, // Firefox
	{Title: "(Incognito)", Config: AppConfig{Off: true}},      // Chrome, Chromium
	{Title: "InPrivate", Config: AppConfig{Off: true}},        // Edge
	{Title: "(Private)", Config: AppConfig{Off: true}},        // Brave
}
