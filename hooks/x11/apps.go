package x11

import "github.com/kindly-support/kindly/hooks"

// DefaultApps are X11's built-in per-app settings, matched on WM_CLASS (the
// instance or the class name); rules in config.yml come first and win.
var DefaultApps = append([]hooks.AppRule{
	// Terminals: no caret moves; xterm-style ones paste PRIMARY with Shift+Insert.
	{Class: "xterm", Config: hooks.AppConfig{Paste: hooks.PasteShiftIns, Primary: true, NoCaret: true}},
	{Class: "uxterm", Config: hooks.AppConfig{Paste: hooks.PasteShiftIns, Primary: true, NoCaret: true}},
	{Class: "urxvt", Config: hooks.AppConfig{Paste: hooks.PasteShiftIns, Primary: true, NoCaret: true}},
	{Class: "rxvt", Config: hooks.AppConfig{Paste: hooks.PasteShiftIns, Primary: true, NoCaret: true}},
	{Class: "st-256color", Config: hooks.AppConfig{Paste: hooks.PasteShiftIns, Primary: true, NoCaret: true}},
	{Class: "gnome-terminal-server", Config: hooks.AppConfig{Paste: hooks.PasteCtrlShiftV, NoCaret: true}},
	{Class: "gnome-terminal", Config: hooks.AppConfig{Paste: hooks.PasteCtrlShiftV, NoCaret: true}},
	{Class: "konsole", Config: hooks.AppConfig{Paste: hooks.PasteCtrlShiftV, NoCaret: true}},
	{Class: "xfce4-terminal", Config: hooks.AppConfig{Paste: hooks.PasteCtrlShiftV, NoCaret: true}},
	{Class: "tilix", Config: hooks.AppConfig{Paste: hooks.PasteCtrlShiftV, NoCaret: true}},
	{Class: "terminator", Config: hooks.AppConfig{Paste: hooks.PasteCtrlShiftV, NoCaret: true}},
	{Class: "alacritty", Config: hooks.AppConfig{Paste: hooks.PasteCtrlShiftV, NoCaret: true}},
	{Class: "kitty", Config: hooks.AppConfig{Paste: hooks.PasteCtrlShiftV, NoCaret: true}},
	{Class: "org.wezfurlong.wezterm", Config: hooks.AppConfig{Paste: hooks.PasteCtrlShiftV, NoCaret: true}},
	{Class: "foot", Config: hooks.AppConfig{Paste: hooks.PasteCtrlShiftV, NoCaret: true}},
	// Chat apps send on Enter: newlines as Shift+Enter.
	{Class: "slack", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "discord", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "signal", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "element", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "mattermost", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "microsoft teams - preview", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "teams-for-linux", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "telegramdesktop", Config: hooks.AppConfig{ShiftEnter: true}},
	// Browsers host help desks and chat widgets where Enter sends; Shift+Enter
	// is a newline in both chat boxes and email editors.
	{Class: "firefox", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "firefox-esr", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "navigator", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "chromium", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "google-chrome", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "brave-browser", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "microsoft-edge", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "vivaldi-stable", Config: hooks.AppConfig{ShiftEnter: true}},
	// Password managers, password prompts and private browser windows:
	// kindly does not even keep a buffer there.
	{Class: "keepassxc", Config: hooks.AppConfig{Off: true}},
	{Class: "keepass2", Config: hooks.AppConfig{Off: true}},
	{Class: "bitwarden", Config: hooks.AppConfig{Off: true}},
	{Class: "1password", Config: hooks.AppConfig{Off: true}},
	{Class: "seahorse", Config: hooks.AppConfig{Off: true}},
	{Class: "gcr-prompter", Config: hooks.AppConfig{Off: true}},
	{Class: "pinentry", Config: hooks.AppConfig{Off: true}},
	{Class: "pinentry-gtk-2", Config: hooks.AppConfig{Off: true}},
	{Class: "pinentry-qt", Config: hooks.AppConfig{Off: true}},
	{Class: "ssh-askpass", Config: hooks.AppConfig{Off: true}},
	{Class: "polkit-gnome-authentication-agent-1", Config: hooks.AppConfig{Off: true}},
}, hooks.TitleDefaults...)
