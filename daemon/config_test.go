package daemon

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kindly-support/kindly/hooks"
)

func TestLoadConfig(t *testing.T) {
	tests := []struct {
		name, yml, err string
		want           Config
	}{
		{name: "missing file is empty"},
		{name: "apps and injector", yml: "apps:\n  - class: Slack\n    shift_enter: true\n  - class: KeePassXC\n    off: true\ninjector: robotgo\n",
			want: Config{Injector: "robotgo", Apps: []hooks.AppRule{
				{Class: "Slack", Config: hooks.AppConfig{ShiftEnter: true}},
				{Class: "KeePassXC", Config: hooks.AppConfig{Off: true}}}}},
		{name: "other sections are not ours", yml: "profile:\n  agent: Sam\n"},
		{name: "bad paste", yml: "apps:\n  - class: x\n    paste: alt+v\n", err: `apps entry "x": paste must be ctrl+v, ctrl+shift+v or shift+insert, got "alt+v"`},
		{name: "no class", yml: "apps:\n  - paste: ctrl+v\n", err: "apps entry 1 has no class"},
		{name: "bad injector", yml: "injector: xdotool\n", err: `injector must be x11 or robotgo, got "xdotool"`},
		{name: "bad yaml", yml: "apps: [\n", err: "config.yml: yaml: line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			if tt.yml != "" {
				os.WriteFile(filepath.Join(home, "config.yml"), []byte(tt.yml), 0o644)
			}
			got, err := LoadConfig(home)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Apps) != len(tt.want.Apps) || got.Injector != tt.want.Injector {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			for i := range got.Apps {
				if got.Apps[i] != tt.want.Apps[i] {
					t.Fatalf("app %d: got %+v, want %+v", i, got.Apps[i], tt.want.Apps[i])
				}
			}
		})
	}
}
