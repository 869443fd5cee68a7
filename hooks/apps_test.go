package hooks

import "testing"

func TestAppsFor(t *testing.T) {
	apps := NewApps([]AppRule{
		{Class: "XTerm", Config: AppConfig{Paste: PasteCtrlShiftV}}, // the user's rule wins over the default
		{Class: "zendesk", Config: AppConfig{ShiftEnter: true, TypeMax: -1}},
	})
	tests := []struct {
		instance, class string
		want            AppConfig
	}{
		{"xterm", "XTerm", AppConfig{Paste: PasteCtrlShiftV, TypeMax: DefaultTypeMax}},
		{"urxvt", "URxvt", AppConfig{Paste: PasteShiftIns, Primary: true, NoCaret: true, TypeMax: DefaultTypeMax}},
		{"gnome-terminal-server", "Gnome-terminal", AppConfig{Paste: PasteCtrlShiftV, NoCaret: true, TypeMax: DefaultTypeMax}},
		{"Navigator", "firefox", AppConfig{Paste: PasteCtrlV, ShiftEnter: true, TypeMax: DefaultTypeMax}},
		{"slack", "Slack", AppConfig{Paste: PasteCtrlV, ShiftEnter: true, TypeMax: DefaultTypeMax}},
		{"keepassxc", "KeePassXC", AppConfig{Paste: PasteCtrlV, Off: true, TypeMax: DefaultTypeMax}},
		{"zendesk", "Zendesk", AppConfig{Paste: PasteCtrlV, ShiftEnter: true, TypeMax: -1}},
		{"gedit", "Gedit", AppConfig{Paste: PasteCtrlV, TypeMax: DefaultTypeMax}},
		{"", "", AppConfig{Paste: PasteCtrlV, TypeMax: DefaultTypeMax}},
	}
	for _, tt := range tests {
		if got := apps.For(Window{Instance: tt.instance, Class: tt.class}); got != tt.want {
			t.Errorf("For(%q, %q) = %+v, want %+v", tt.instance, tt.class, got, tt.want)
		}
	}
}

func TestAppsForTitles(t *testing.T) {
	apps := NewApps([]AppRule{{Class: "firefox", Title: "Zendesk", Config: AppConfig{TypeMax: -1}}})
	off := func(w Window) bool { return apps.For(w).Off }
	if !off(Window{Class: "firefox", Title: "Mozilla Firefox Private Browsing"}) {
		t.Error("a Firefox private window must be off")
	}
	if !off(Window{Class: "Google-chrome", Title: "New Tab - Google Chrome (Incognito)"}) {
		t.Error("a Chrome incognito window must be off")
	}
	if off(Window{Class: "firefox", Title: "Inbox — Mozilla Firefox"}) {
		t.Error("a normal Firefox window must be on")
	}
	if got := apps.For(Window{Class: "firefox", Title: "Ticket #4 – Zendesk — Mozilla Firefox"}); got.TypeMax != -1 {
		t.Errorf("class+title rule not applied: %+v", got)
	}
	if got := apps.For(Window{Class: "firefox", Title: "Inbox"}); got.TypeMax == -1 || !got.ShiftEnter {
		t.Errorf("class+title rule applied to another title: %+v", got)
	}
}
