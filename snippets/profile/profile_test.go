package profile

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const config = `# kindly settings
apps:
  - class: Slack
    shift_enter: true   # Enter would send
injector: x11

# Who I am
profile:   # shown in replies
  agent: Sam
  # the legal name
  company: "Acme, Inc."
  signature: |-
    Sam Lee
    Acme support

# lint tuning
lint:
  rules:
    tone-jargon: off
pause_hotkey: none
`

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	home := t.TempDir()
	if body != "" {
		if err := os.WriteFile(filepath.Join(home, File), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return home
}

func readConfig(t *testing.T, home string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(home, File))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLoad(t *testing.T) {
	home := writeConfig(t, config)
	got, err := Load(home)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"agent": "Sam", "company": "Acme, Inc.", "signature": "Sam Lee\nAcme support"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Load = %q, want %q", got, want)
	}
	if got, err := Load(t.TempDir()); err != nil || len(got) != 0 {
		t.Errorf("Load(no config) = %v, %v; want empty", got, err)
	}
}

func TestLoadErrors(t *testing.T) {
	for body, want := range map[string]string{
		"profile: Sam\n":               "config.yml:1:10: profile must be a mapping",
		"profile:\n  agent: [a, b]\n":  `config.yml:2:10: profile value "agent" must be text`,
		"- a\n":                        "config.yml:1:1: config.yml must be a mapping",
		"profile:\n  agent: Sam\n bad": "yaml:",
	} {
		_, err := Load(writeConfig(t, body))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load(%q) = %v, want %q", body, err, want)
		}
	}
}

func TestSetUnset(t *testing.T) {
	tests := []struct {
		name, before string
		do           func(home string) error
		after        string
	}{
		{"change a value", config, func(h string) error { return Set(h, "agent", "Samantha") },
			strings.Replace(config, "  agent: Sam\n", "  agent: Samantha\n", 1)},
		{"change a quoted value", config, func(h string) error { return Set(h, "company", "Acme: the shop") },
			strings.Replace(config, `  company: "Acme, Inc."`, `  company: "Acme: the shop"`, 1)},
		{"change a block to one line", config, func(h string) error { return Set(h, "signature", "Sam") },
			strings.Replace(config, "  signature: |-\n    Sam Lee\n    Acme support\n", "  signature: Sam\n", 1)},
		{"add a key at the end of the profile", config, func(h string) error { return Set(h, "team", "Billing") },
			strings.Replace(config, "    Acme support\n", "    Acme support\n  team: Billing\n", 1)},
		{"add a multi-line value", config, func(h string) error { return Set(h, "phone", "+1 555\next 2\n") },
			strings.Replace(config, "    Acme support\n", "    Acme support\n  phone: |\n    +1 555\n    ext 2\n", 1)},
		{"unset with its comment", config, func(h string) error { _, err := Unset(h, "company"); return err },
			strings.Replace(config, "  # the legal name\n  company: \"Acme, Inc.\"\n", "", 1)},
		{"unset a block", config, func(h string) error { _, err := Unset(h, "signature"); return err },
			strings.Replace(config, "  signature: |-\n    Sam Lee\n    Acme support\n", "", 1)},
		{"no profile yet", "apps: []\n# end", func(h string) error { return Set(h, "agent", "Sam") },
			"apps: []\n# end\nprofile:\n  agent: Sam\n"},
		{"no file", "", func(h string) error { return Set(h, "agent", "Sam") }, "profile:\n  agent: Sam\n"},
		{"empty profile", "profile:\ninjector: x11\n", func(h string) error { return Set(h, "agent", "Sam") },
			"profile:\n  agent: Sam\ninjector: x11\n"},
		{"flow profile", "profile: {agent: Sam, team: A}  # me\nlint: {}\n", func(h string) error { return Set(h, "team", "B") },
			"profile: # me\n  agent: Sam\n  team: B\nlint: {}\n"},
		{"flow unset", "profile: {agent: Sam, team: A}\n", func(h string) error { _, err := Unset(h, "agent"); return err },
			"profile:\n  team: A\n"},
		{"indented by four", "profile:\n    agent: Sam\n", func(h string) error { return Set(h, "team", "yes") },
			"profile:\n    agent: Sam\n    team: \"yes\"\n"},
		{"keep a line comment", "profile:\n  agent: Sam # me\n", func(h string) error { return Set(h, "agent", "Kim") },
			"profile:\n  agent: Kim # me\n"},
		{"same value writes nothing", config, func(h string) error { return Set(h, "agent", "Sam") }, config},
		{"unset unknown writes nothing", config, func(h string) error { _, err := Unset(h, "nope"); return err }, config},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := writeConfig(t, tt.before)
			if err := tt.do(home); err != nil {
				t.Fatal(err)
			}
			if got := readConfig(t, home); got != tt.after {
				t.Errorf("config.yml:\n%s\nwant:\n%s", got, tt.after)
			}
			if tt.before != "" {
				if fi, _ := os.Stat(filepath.Join(home, File)); fi.Mode().Perm() != 0o600 {
					t.Errorf("mode %v, want 0600 kept", fi.Mode().Perm())
				}
			}
		})
	}
}

func TestSetRefuses(t *testing.T) {
	home := writeConfig(t, "profile:\n  agent: Sam\n")
	for _, key := range []string{"", "first name", "date", "9x"} {
		if err := Set(home, key, "v"); err == nil {
			t.Errorf("Set(%q) worked", key)
		}
	}
	home = writeConfig(t, "profile: {agent: Sam,\n  team: A}\n")
	if err := Set(home, "agent", "Kim"); err == nil || !strings.Contains(err.Error(), "flow style") {
		t.Errorf("multi-line flow profile: %v", err)
	}
	home = writeConfig(t, "profile: [a]\n")
	if err := Set(home, "agent", "Kim"); err == nil {
		t.Error("a list profile was edited")
	}
}

func TestChangedOnDisk(t *testing.T) {
	home := writeConfig(t, "profile:\n  agent: Sam\n")
	p := filepath.Join(home, File)
	err := writeAtomic(p, []byte("something else"), true, []byte("x"))
	if err == nil || !strings.Contains(err.Error(), "changed on disk") {
		t.Fatalf("err = %v", err)
	}
	if got := readConfig(t, home); got != "profile:\n  agent: Sam\n" {
		t.Errorf("file changed: %q", got)
	}
	if err := writeAtomic(p, nil, false, []byte("x")); err == nil || !strings.Contains(err.Error(), "changed on disk") {
		t.Fatalf("created over an existing file: %v", err)
	}
}

// TestSetRoundTrips sets awkward values and reads them back.
func TestSetRoundTrips(t *testing.T) {
	home := writeConfig(t, config)
	for _, v := range []string{"", " x", "a: b", "#x", "- x", "yes", "null", "1.5", "'q'", `"dq"`, "tab\there", "é ✓",
		"two\nlines", "  indented\nfirst", "trailing\n\n", "x\r\ny", "{{agent}}"} {
		if err := Set(home, "k", v); err != nil {
			t.Fatalf("Set(%q): %v", v, err)
		}
		m, err := Load(home)
		if err != nil || m["k"] != v {
			t.Fatalf("Set(%q) then Load = %q, %v", v, m["k"], err)
		}
	}
	after := readConfig(t, home)
	if !strings.HasPrefix(after, config[:strings.Index(config, "profile:")]) || !strings.HasSuffix(after, config[strings.Index(config, "\n# lint tuning"):]) {
		t.Errorf("other keys changed:\n%s", after)
	}
}

// A config.yml with Windows line ends keeps them: set, change and unset
// write CRLF lines, multi-line values included.
func TestCRLFKept(t *testing.T) {
	crlf := strings.ReplaceAll(config, "\n", "\r\n")
	home := writeConfig(t, crlf)
	if err := Set(home, "team", "Billing"); err != nil {
		t.Fatal(err)
	}
	if err := Set(home, "agent", "Alex"); err != nil {
		t.Fatal(err)
	}
	if err := Set(home, "hours", "Mon-Fri\n9 to 5"); err != nil {
		t.Fatal(err)
	}
	if _, err := Unset(home, "company"); err != nil {
		t.Fatal(err)
	}
	got := readConfig(t, home)
	if strings.Count(got, "\n") != strings.Count(got, "\r\n") {
		t.Fatalf("a line lost its CR:\n%q", got)
	}
	want := strings.ReplaceAll(strings.Replace(strings.Replace(strings.Replace(config,
		"  agent: Sam\n", "  agent: Alex\n", 1),
		"  # the legal name\n  company: \"Acme, Inc.\"\n", "", 1),
		"    Acme support\n", "    Acme support\n  team: Billing\n  hours: |-\n    Mon-Fri\n    9 to 5\n", 1), "\n", "\r\n")
	if got != want {
		t.Fatalf("got:\n%q\nwant:\n%q", got, want)
	}
	m, _ := Load(home)
	if m["hours"] != "Mon-Fri\n9 to 5" {
		t.Fatalf("hours = %q", m["hours"])
	}
}
