package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSet(t *testing.T) {
	const base = "# my settings\nprofile:\n  agent: Sam   # me\npause_hotkey: ctrl+alt+p   # the one I like\nsearch_hotkey: \"ctrl+alt+k\"\ntray:\n# end\n"
	tests := []struct {
		name, file, key, value, want string
	}{
		{"plain value, comment kept", base, "pause_hotkey", "ctrl+shift+space",
			strings.Replace(base, "pause_hotkey: ctrl+alt+p   #", "pause_hotkey: ctrl+shift+space   #", 1)},
		{"quoted value", base, "search_hotkey", "none", strings.Replace(base, `search_hotkey: "ctrl+alt+k"`, "search_hotkey: none", 1)},
		{"empty value", base, "tray", "false", strings.Replace(base, "tray:\n", "tray: false\n", 1)},
		{"missing key appended", base, "idle_reset", "30s", base + "idle_reset: 30s\n"},
		{"missing file", "-", "tray", "false", "tray: false\n"},
		{"no final newline", "injector: x11", "tray", "true", "injector: x11\ntray: true\n"},
		{"value needing quotes", base, "picker_terminal", "my term: x", base + "picker_terminal: \"my term: x\"\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			p := filepath.Join(home, File)
			if tc.file != "-" {
				os.WriteFile(p, []byte(tc.file), 0o644)
			}
			if err := Set(home, tc.key, tc.value); err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(p)
			if string(got) != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestSetRefusals(t *testing.T) {
	const base = "apps:\n  - class: slack\n    shift_enter: true\nidle_reset: 5s\n"
	for _, tc := range []struct{ key, value, msg string }{
		{"idle_reset", "soon", `idle_reset must be a duration such as 5s or 1m (0s: never), got "soon"`},
		{"tray", "maybe", `tray must be true or false, got "maybe"`},
		{"apps", "x", "not a setting the manager changes"},
		{"pause_hotkey", "a\nb", "the value must be one line"},
	} {
		home := t.TempDir()
		p := filepath.Join(home, File)
		os.WriteFile(p, []byte(base), 0o644)
		err := Set(home, tc.key, tc.value)
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s=%q: %v", tc.key, tc.value, err)
		}
		if got, _ := os.ReadFile(p); string(got) != base {
			t.Errorf("%s: file changed:\n%s", tc.key, got)
		}
	}
}
