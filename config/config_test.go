package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kindly-support/kindly/hooks"
)

func TestParse(t *testing.T) {
	five := 5 * time.Minute
	tests := []struct {
		name, yml, err string
		want           Config
	}{
		{name: "empty"},
		{name: "apps and injector", yml: "apps:\n  - class: Slack\n    shift_enter: true\n  - class: KeePassXC\n    off: true\ninjector: robotgo\n",
			want: Config{Injector: "robotgo", Apps: []hooks.AppRule{
				{Class: "Slack", Config: hooks.AppConfig{ShiftEnter: true}},
				{Class: "KeePassXC", Config: hooks.AppConfig{Off: true}}}}},
		{name: "a title-only rule", yml: "apps:\n  - title: Zendesk\n    type_max: -1\n",
			want: Config{Apps: []hooks.AppRule{{Title: "Zendesk", Config: hooks.AppConfig{TypeMax: -1}}}}},
		{name: "profile and daemon keys", yml: "profile:\n  agent: Sam\nidle_reset: 5m\nbackend: x11\ntray: false\nstats:\n  typing_wpm: 55\n",
			want: Config{Profile: map[string]string{"agent": "Sam"}, IdleReset: &five, Backend: "x11", TypingWPM: 55}},
		{name: "bad paste", yml: "apps:\n  - class: x\n    paste: alt+v\n", err: `config.yml:2:5: apps entry 1: paste must be ctrl+v, ctrl+shift+v, shift+insert, got "alt+v"`},
		{name: "no class or title", yml: "apps:\n  - paste: ctrl+v\n", err: "config.yml:2:5: apps entry 1 needs a class:, a title: or both"},
		{name: "unknown key in a rule", yml: "apps:\n  - class: slack\n    shift_entr: true\n", err: `config.yml:3:5: apps entry 1: unknown key "shift_entr" (did you mean shift_enter?)`},
		{name: "bad injector", yml: "injector: x12\n", err: `config.yml:1:11: injector must be x11 or robotgo, got "x12"`},
		{name: "unknown setting", yml: "pause_hotkye: none\n", err: `config.yml:1:1: unknown setting "pause_hotkye" (did you mean pause_hotkey?)`},
		{name: "bad idle", yml: "idle_reset: soon\n", err: `config.yml:1:13: idle_reset must be a duration`},
		{name: "bad yaml", yml: "apps: [\n", err: "config.yml: yaml: line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse("config.yml", []byte(tt.yml))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Apps) != len(tt.want.Apps) || got.Injector != tt.want.Injector || got.Backend != tt.want.Backend ||
				got.TypingWPM != tt.want.TypingWPM || len(got.Profile) != len(tt.want.Profile) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			for i := range got.Apps {
				if got.Apps[i] != tt.want.Apps[i] {
					t.Fatalf("app %d: got %+v, want %+v", i, got.Apps[i], tt.want.Apps[i])
				}
			}
			if (tt.want.IdleReset == nil) != (got.IdleReset == nil) || (got.IdleReset != nil && *got.IdleReset != *tt.want.IdleReset) {
				t.Fatalf("idle reset %v", got.IdleReset)
			}
		})
	}
}

// A problem in one section does not hide the others from a command that
// needs only them; the daemon sees every problem.
func TestSections(t *testing.T) {
	c, err := Parse("config.yml", []byte("profile:\n  agent: Sam\napps:\n  - clas: slack\n"))
	if err == nil {
		t.Fatal("want an error for the apps entry")
	}
	if c.Section("profile") != nil || c.Profile["agent"] != "Sam" {
		t.Fatalf("profile: %v %v", c.Section("profile"), c.Profile)
	}
	if c.Section("apps") == nil {
		t.Fatal("apps problem not kept with its section")
	}
	c, _ = Parse("config.yml", []byte("profile: [\n"))
	if c.Section("profile") == nil {
		t.Fatal("a file that does not parse is every section's problem")
	}
}

func TestLoadRefusesAFIFO(t *testing.T) {
	home := t.TempDir()
	if err := mkfifo(filepath.Join(home, File)); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	if _, err := Load(home); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("err = %v", err)
	}
	os.Remove(filepath.Join(home, File))
	if c, err := Load(home); err != nil || c.Path != "" {
		t.Fatalf("missing file: %+v %v", c, err)
	}
}

// A mistake in one setting does not throw the others away: the daemon
// starts with what was written right.
func TestAMistakeKeepsTheRest(t *testing.T) {
	c, err := Parse("config.yml", []byte("injector: x12\napps:\n  - class: keepassxc2\n    off: true\n  - clas: typo\n    off: true\n"))
	if err == nil || !strings.Contains(err.Error(), "injector must be") || !strings.Contains(err.Error(), `unknown key "clas"`) {
		t.Fatalf("err = %v", err)
	}
	if len(c.Apps) != 1 || c.Apps[0].Class != "keepassxc2" || !c.Apps[0].Config.Off {
		t.Fatalf("apps = %+v", c.Apps)
	}
}
