package x11

import (
	"testing"

	"github.com/kindly-support/kindly/hooks"
)

func TestAppsFor(t *testing.T) {
	apps := hooks.NewApps([]hooks.AppRule{
		{Class: "XTerm", Config: hooks.AppConfig{Paste: hooks.PasteCtrlShiftV}}, // the user's rule wins over the default
		{Class: "zendesk", Config: hooks.AppConfig{ShiftEnter: true, TypeMax: -1}},
	}, DefaultApps)
	tests := []struct {
		instance, class string
		want            hooks.AppConfig
	}{
		{"xterm", "XTerm", hooks.AppConfig{Paste: hooks.PasteCtrlShiftV, TypeMax: hooks.DefaultTypeMax}},
		{"urxvt", "URxvt", hooks.AppConfig{Paste: hooks.PasteShiftIns, Primary: true, NoCaret: true, TypeMax: hooks.DefaultTypeMax}},
		{"gnome-terminal-server", "Gnome-terminal", hooks.AppConfig{Paste: hooks.PasteCtrlShiftV, NoCaret: true, TypeMax: hooks.DefaultTypeMax}},
		{"Navigator", "firefox", hooks.AppConfig{Paste: hooks.PasteCtrlV, ShiftEnter: true, TypeMax: hooks.DefaultTypeMax}},
		{"slack", "Slack", hooks.AppConfig{Paste: hooks.PasteCtrlV, ShiftEnter: true, TypeMax: hooks.DefaultTypeMax}},
		{"keepassxc", "KeePassXC", hooks.AppConfig{Paste: hooks.PasteCtrlV, Off: true, TypeMax: hooks.DefaultTypeMax}},
		{"zendesk", "Zendesk", hooks.AppConfig{Paste: hooks.PasteCtrlV, ShiftEnter: true, TypeMax: -1}},
		{"gedit", "Gedit", hooks.AppConfig{Paste: hooks.PasteCtrlV, TypeMax: hooks.DefaultTypeMax}},
		{"", "", hooks.AppConfig{Paste: hooks.PasteCtrlV, TypeMax: hooks.DefaultTypeMax}},
	}
	for _, tt := range tests {
		if got := apps.For(hooks.App{Instance: tt.instance, Class: tt.class}); got != tt.want {
			t.Errorf("For(%q, %q) = %+v, want %+v", tt.instance, tt.class, got, tt.want)
		}
	}
}

func TestAppsForTitles(t *testing.T) {
	apps := hooks.NewApps([]hooks.AppRule{{Class: "firefox", Title: "Zendesk", Config: hooks.AppConfig{TypeMax: -1}}}, DefaultApps)
	off := func(w hooks.App) bool { return apps.For(w).Off }
	if !off(hooks.App{Class: "firefox", Title: "Mozilla Firefox Private Browsing"}) {
		t.Error("a Firefox private window must be off")
	}
	if !off(hooks.App{Class: "Google-chrome", Title: "New Tab - Google Chrome (Incognito)"}) {
		t.Error("a Chrome incognito window must be off")
	}
	if off(hooks.App{Class: "firefox", Title: "Inbox — Mozilla Firefox"}) {
		t.Error("a normal Firefox window must be on")
	}
	if got := apps.For(hooks.App{Class: "firefox", Title: "Ticket #4 – Zendesk — Mozilla Firefox"}); got.TypeMax != -1 {
		t.Errorf("class+title rule not applied: %+v", got)
	}
	if got := apps.For(hooks.App{Class: "firefox", Title: "Inbox"}); got.TypeMax == -1 || !got.ShiftEnter {
		t.Errorf("class+title rule applied to another title: %+v", got)
	}
}
