package windows

import "github.com/kindly-support/kindly/hooks"

// DefaultApps are kindly's per-app settings on Windows, matched on the
// process name (`class: slack.exe`), the window class (`class:
// ConsoleWindowClass`) or the title. They are data in the same format as
// config.yml's apps: rules, which come first and win.
var DefaultApps = []hooks.AppRule{
	// Consoles: Shift+Insert pastes in every one of them (conhost, Windows
	// Terminal, mintty, PuTTY); no caret moves (a shell would get them).
	{Class: "ConsoleWindowClass", Config: hooks.AppConfig{Paste: hooks.PasteShiftIns, NoCaret: true}},
	{Class: "CASCADIA_HOSTING_WINDOW_CLASS", Config: hooks.AppConfig{Paste: hooks.PasteShiftIns, NoCaret: true}},
	{Class: "WindowsTerminal.exe", Config: hooks.AppConfig{Paste: hooks.PasteShiftIns, NoCaret: true}},
	{Class: "mintty.exe", Config: hooks.AppConfig{Paste: hooks.PasteShiftIns, NoCaret: true}},
	{Class: "putty.exe", Config: hooks.AppConfig{Paste: hooks.PasteShiftIns, NoCaret: true}},
	{Class: "kitty.exe", Config: hooks.AppConfig{Paste: hooks.PasteShiftIns, NoCaret: true}},
	{Class: "wezterm-gui.exe", Config: hooks.AppConfig{Paste: hooks.PasteCtrlShiftV, NoCaret: true}},
	{Class: "alacritty.exe", Config: hooks.AppConfig{Paste: hooks.PasteCtrlShiftV, NoCaret: true}},
	// Chat apps send on Enter: newlines as Shift+Enter.
	{Class: "slack.exe", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "discord.exe", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "teams.exe", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "ms-teams.exe", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "signal.exe", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "element.exe", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "mattermost.exe", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "telegram.exe", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "whatsapp.exe", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "zoom.exe", Config: hooks.AppConfig{ShiftEnter: true}},
	// Browsers host help desks and chat widgets where Enter sends.
	{Class: "chrome.exe", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "msedge.exe", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "firefox.exe", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "brave.exe", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "opera.exe", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "vivaldi.exe", Config: hooks.AppConfig{ShiftEnter: true}},
	// Password managers, Windows credential prompts and private browser
	// windows: kindly does not even keep a buffer there.
	{Class: "keepass.exe", Config: hooks.AppConfig{Off: true}},
	{Class: "keepassxc.exe", Config: hooks.AppConfig{Off: true}},
	{Class: "1password.exe", Config: hooks.AppConfig{Off: true}},
	{Class: "bitwarden.exe", Config: hooks.AppConfig{Off: true}},
	{Class: "dashlane.exe", Config: hooks.AppConfig{Off: true}},
	{Class: "credentialuibroker.exe", Config: hooks.AppConfig{Off: true}},
	{Class: "consent.exe", Config: hooks.AppConfig{Off: true}},
	{Class: "logonui.exe", Config: hooks.AppConfig{Off: true}},
	{Class: "Credential Dialog Xaml Host", Config: hooks.AppConfig{Off: true}},
	{Title: "Windows Security", Config: hooks.AppConfig{Off: true}},
	{Title: "kindly search", Config: hooks.AppConfig{Off: true}},    // kindly's own picker
	{Title: "Private Browsing", Config: hooks.AppConfig{Off: true}}, // Firefox
	{Title: "Incognito", Config: hooks.AppConfig{Off: true}},        // Chrome
	{Title: "InPrivate", Config: hooks.AppConfig{Off: true}},        // Edge
	{Title: "(Private)", Config: hooks.AppConfig{Off: true}},        // Brave
}
