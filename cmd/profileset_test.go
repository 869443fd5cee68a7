package cmd_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// profile set says what it set, asks on a terminal instead of waiting on a
// blank screen, refuses an empty value and a key that differs from a known
// one only in case.
func TestProfileSetIsClear(t *testing.T) {
	e := newTestHome(t)
	e.mustRun(0, "profile", "set", "agent", "Sam Lee")
	if e.out.String() != "agent is now Sam Lee\n" {
		t.Errorf("stdout %q", e.out.String())
	}
	e.inTTY, e.in = true, "Acme\n"
	e.mustRun(0, "profile", "set", "company")
	if e.err.String() != "company (your company), then Enter: " || e.out.String() != "company is now Acme\n" {
		t.Errorf("terminal: stderr %q stdout %q", e.err.String(), e.out.String())
	}
	e.in = "\n"
	e.mustRun(1, "profile", "set", "team")
	if want := "kindly: profile set: the value for team is empty, so nothing was set (to remove team: kindly profile unset team)\n"; !strings.HasSuffix(e.err.String(), want) {
		t.Errorf("empty: stderr %q", e.err.String())
	}
	e.inTTY, e.in = false, ""
	e.mustRun(1, "profile", "set", "agent", "  ")
	e.mustRun(2, "profile", "set", "Agent", "Bob")
	if want := "kindly: profile set: \"Agent\" is not \"agent\": keys are case-sensitive and replies use {{agent}}; run 'kindly profile set agent …'\n"; e.err.String() != want {
		t.Errorf("case: stderr %q", e.err.String())
	}
	b, _ := os.ReadFile(filepath.Join(e.home, "config.yml"))
	if string(b) != "profile:\n  agent: Sam Lee\n  company: Acme\n" {
		t.Errorf("config.yml %q", b)
	}
}

// kindly try shows an unset name as [agent] and says how to set it.
func TestTryNamesTheMissingProfileValue(t *testing.T) {
	e := newTestHome(t)
	e.mustRun(0, "try", "--keys", ";sorry")
	if !strings.HasSuffix(e.out.String(), "– [agent]\n") ||
		!strings.HasSuffix(e.err.String(), "[agent] is your name, which your profile does not have yet: kindly profile set agent \"Your name\"\n") {
		t.Errorf("stdout %q\nstderr %q", e.out.String(), e.err.String())
	}
	e.mustRun(0, "profile", "set", "agent", "Sam")
	e.mustRun(0, "try", "--keys", ";sorry")
	if !strings.HasSuffix(e.out.String(), "– Sam\n") || strings.Contains(e.err.String(), "[agent]") {
		t.Errorf("stdout %q\nstderr %q", e.out.String(), e.err.String())
	}
}

// An empty name in config.yml is no name: check says so; a profile value
// with a fallback ({{help_center|…}}) is not reported as asked every time.
func TestCheckTreatsAnEmptyProfileValueAsUnset(t *testing.T) {
	e := newTestHome(t)
	e.write(map[string]string{"config.yml": "profile:\n  agent: \"\"\n",
		"snippets/a.yml": "snippets:\n  - trigger: \";a\"\n    replace: \"Hi, see {{help_center|https://help.example.com}}. – {{agent}}\"\n"})
	e.mustRun(0, "check")
	if !strings.Contains(e.out.String(), `warning: profile key "agent" is not set`) || strings.Contains(e.out.String(), "help_center") {
		t.Errorf("check:\n%s", e.out.String())
	}
}
