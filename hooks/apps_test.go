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
		if got := apps.For(tt.instance, tt.class); got != tt.want {
			t.Errorf("For(%q, %q) = %+v, want %+v", tt.instance, tt.class, got, tt.want)
		}
	}
}
