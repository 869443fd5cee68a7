package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kindly-support/kindly/hooks"
	"github.com/kindly-support/kindly/snippets/atomicfile"
)

const appsFile = `# settings
apps:
  # chat sends on Enter
  - class: slack
    shift_enter: true   # Slack sends on Enter

  - class: xterm
    paste: shift+insert
    primary: true
pause_hotkey: ctrl+alt+p
`

func TestAddRemoveApp(t *testing.T) {
	keepass := hooks.AppRule{Class: "keepassxc", Config: hooks.AppConfig{Off: true}}
	tests := []struct {
		name, file string
		edit       func(home string) error
		want       string
	}{
		{"add after the last rule", appsFile, func(h string) error { return AddApp(h, keepass) },
			strings.Replace(appsFile, "pause_hotkey:", "  - class: keepassxc\n    off: true\npause_hotkey:", 1)},
		{"add to a file without apps", "# only this\npause_hotkey: ctrl+alt+p\n", func(h string) error { return AddApp(h, keepass) },
			"# only this\npause_hotkey: ctrl+alt+p\napps:\n  - class: keepassxc\n    off: true\n"},
		{"add to an empty apps:", "apps:   # none yet\ntray: false\n", func(h string) error { return AddApp(h, keepass) },
			"apps:   # none yet\n  - class: keepassxc\n    off: true\ntray: false\n"},
		{"add to no file", "-", func(h string) error {
			return AddApp(h, hooks.AppRule{Title: "Private", Config: hooks.AppConfig{Off: true}})
		}, "apps:\n  - title: Private\n    off: true\n"},
		{"remove the first rule with its comment", appsFile, func(h string) error {
			return RemoveApp(h, 0, hooks.AppRule{Class: "slack", Config: hooks.AppConfig{ShiftEnter: true}})
		}, strings.Replace(appsFile, "  # chat sends on Enter\n  - class: slack\n    shift_enter: true   # Slack sends on Enter\n\n", "", 1)},
		{"remove the last rule", appsFile, func(h string) error {
			return RemoveApp(h, 1, hooks.AppRule{Class: "xterm", Config: hooks.AppConfig{Paste: "shift+insert", Primary: true}})
		}, strings.Replace(appsFile, "  - class: xterm\n    paste: shift+insert\n    primary: true\n", "", 1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			p := filepath.Join(home, File)
			if tc.file != "-" {
				os.WriteFile(p, []byte(tc.file), 0o644)
			}
			if err := tc.edit(home); err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(p)
			if string(got) != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestAppEditRefusals(t *testing.T) {
	home := t.TempDir()
	p := filepath.Join(home, File)
	os.WriteFile(p, []byte(appsFile), 0o644)
	err := RemoveApp(home, 0, hooks.AppRule{Class: "slack"}) // the page read it before shift_enter was added
	if !errors.Is(err, atomicfile.ErrChanged) || !strings.Contains(err.Error(), "app rule 1 changed on disk since you read it") {
		t.Errorf("stale remove: %v", err)
	}
	err = AddApp(home, hooks.AppRule{Config: hooks.AppConfig{Off: true}})
	if err == nil || !strings.Contains(err.Error(), "needs a class:, a title: or both") {
		t.Errorf("rule without a window: %v", err)
	}
	err = AddApp(home, hooks.AppRule{Class: "x", Config: hooks.AppConfig{Paste: "ctrl+p"}})
	if err == nil || !strings.Contains(err.Error(), "paste must be") {
		t.Errorf("bad paste: %v", err)
	}
	if got, _ := os.ReadFile(p); string(got) != appsFile {
		t.Errorf("file changed:\n%s", got)
	}
}
