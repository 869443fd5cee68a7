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

// AppRule applies Config to windows whose WM_CLASS (instance or class name)
// equals Class and whose title contains Title, both case-insensitively; an
// empty Class or Title matches any.
type AppRule struct {
	Class  string    `yaml:"class,omitempty"`
	Title  string    `yaml:"title,omitempty"`
	Config AppConfig `yaml:",inline"`
}

// DefaultApps are the built-in per-app settings; user rules come first and win.
var DefaultApps = []AppRule{
	// Terminals: no caret moves; xterm-style ones paste PRIMARY with Shift+Insert.
	{Class: "xterm", Config: AppConfig{Paste: PasteShiftIns, Primary: true, NoCaret: true}},
	{Class: "uxterm", Config: AppConfig{Paste: PasteShiftIns, Primary: true, NoCaret: true}},
	{Class: "urxvt", Config: AppConfig{Paste: PasteShiftIns, Primary: true, NoCaret: true}},
	{Class: "rxvt", Config: AppConfig{Paste: PasteShiftIns, Primary: true, NoCaret: true}},
	{Class: "st-256color", Config: AppConfig{Paste: PasteShiftIns, Primary: true, NoCaret: true}},
	{Class: "gnome-terminal-server", Config: AppConfig{Paste: PasteCtrlShiftV, NoCaret: true}},
	{Class: "gnome-terminal", Config: AppConfig{Paste: PasteCtrlShiftV, NoCaret: true}},
	{Class: "konsole", Config: AppConfig{Paste: PasteCtrlShiftV, NoCaret: true}},
	{Class: "xfce4-terminal", Config: AppConfig{Paste: PasteCtrlShiftV, NoCaret: true}},
	{Class: "tilix", Config: AppConfig{Paste: PasteCtrlShiftV, NoCaret: true}},
	{Class: "terminator", Config: AppConfig{Paste: PasteCtrlShiftV, NoCaret: true}},
	{Class: "alacritty", Config: AppConfig{Paste: PasteCtrlShiftV, NoCaret: true}},
	{Class: "kitty", Config: AppConfig{Paste: PasteCtrlShiftV, NoCaret: true}},
	{Class: "org.wezfurlong.wezterm", Config: AppConfig{Paste: PasteCtrlShiftV, NoCaret: true}},
	{Class: "foot", Config: AppConfig{Paste: PasteCtrlShiftV, NoCaret: true}},
	// Chat apps send on Enter: newlines as Shift+Enter.
	{Class: "slack", Config: AppConfig{ShiftEnter: true}},
	{Class: "discord", Config: AppConfig{ShiftEnter: true}},
	{Class: "signal", Config: AppConfig{ShiftEnter: true}},
	{Class: "element", Config: AppConfig{ShiftEnter: true}},
	{Class: "mattermost", Config: AppConfig{ShiftEnter: true}},
	{Class: "microsoft teams - preview", Config: AppConfig{ShiftEnter: true}},
	{Class: "teams-for-linux", Config: AppConfig{ShiftEnter: true}},
	{Class: "telegramdesktop", Config: AppConfig{ShiftEnter: true}},
	// Browsers host help desks and chat widgets where Enter sends; Shift+Enter
	// is a newline in both chat boxes and email editors.
	{Class: "firefox", Config: AppConfig{ShiftEnter: true}},
	{Class: "firefox-esr", Config: AppConfig{ShiftEnter: true}},
	{Class: "navigator", Config: AppConfig{ShiftEnter: true}},
	{Class: "chromium", Config: AppConfig{ShiftEnter: true}},
	{Class: "google-chrome", Config: AppConfig{ShiftEnter: true}},
	{Class: "brave-browser", Config: AppConfig{ShiftEnter: true}},
	{Class: "microsoft-edge", Config: AppConfig{ShiftEnter: true}},
	{Class: "vivaldi-stable", Config: AppConfig{ShiftEnter: true}},
	// Password managers, password prompts and private browser windows:
	// kindly does not even keep a buffer there.
	{Class: "keepassxc", Config: AppConfig{Off: true}},
	{Class: "keepass2", Config: AppConfig{Off: true}},
	{Class: "bitwarden", Config: AppConfig{Off: true}},
	{Class: "1password", Config: AppConfig{Off: true}},
	{Class: "seahorse", Config: AppConfig{Off: true}},
	{Class: "gcr-prompter", Config: AppConfig{Off: true}},
	{Class: "pinentry", Config: AppConfig{Off: true}},
	{Class: "pinentry-gtk-2", Config: AppConfig{Off: true}},
	{Class: "pinentry-qt", Config: AppConfig{Off: true}},
	{Class: "ssh-askpass", Config: AppConfig{Off: true}},
	{Class: "polkit-gnome-authentication-agent-1", Config: AppConfig{Off: true}},
	{Title: "kindly search", Config: AppConfig{Off: true}},    // kindly's own picker
	{Title: "Private Browsing", Config: AppConfig{Off: true}}, // Firefox
	{Title: "(Incognito)", Config: AppConfig{Off: true}},      // Chrome, Chromium
	{Title: "InPrivate", Config: AppConfig{Off: true}},        // Edge
	{Title: "(Private)", Config: AppConfig{Off: true}},        // Brave
}

// Apps resolves a window's class to its AppConfig.
type Apps struct {
	rules []AppRule
}

// NewApps returns user rules (first match wins) in front of DefaultApps.
func NewApps(user []AppRule) *Apps {
	rules := append(append([]AppRule(nil), user...), DefaultApps...)
	return &Apps{rules: rules}
}

// For returns the config for window w: its first matching rule, and off
// when any matching rule says off (a user's rule for Firefox does not turn
// kindly on in its private windows).
func (a *Apps) For(w Window) AppConfig {
	var cfg AppConfig
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

func (r AppRule) matches(w Window) bool {
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
