package cmd_test

import (
	"strings"
	"testing"
)

// A deleted starter reply can be brought back; init says which are gone.
func TestInitRestoresDeletedStarterReplies(t *testing.T) {
	e := newTestHome(t)
	e.mustRun(0, "init")
	e.mustRun(0, "rm", ";sorry")
	e.mustRun(0, "rm", ";bye")
	e.mustRun(0, "init")
	if !strings.Contains(e.out.String(), "2 replies of the starter pack are not in your library (;sorry ;bye): 'kindly init --restore' brings them back") {
		t.Fatalf("init:\n%s", e.out.String())
	}
	e.mustRun(0, "init", "--restore", ";sorry")
	if e.out.String() != "restored ;sorry to snippets/starter/apologies.yml\n" {
		t.Fatalf("restore: %q", e.out.String())
	}
	e.mustRun(0, "expand", ";sorry", "--set", "agent=Sam")
	if !strings.HasPrefix(e.out.String(), "Hi there, I'm really sorry about this.") {
		t.Fatalf("restored ;sorry expands to %q", e.out.String())
	}
	e.mustRun(1, "init", "--restore", ";sorry")
	e.mustRun(0, "init", "--restore")
	if !strings.Contains(e.out.String(), "restored ;bye to snippets/starter/") {
		t.Fatalf("restore all: %q", e.out.String())
	}
	e.mustRun(0, "check")
	e.mustRun(2, "init", ";x")
}

// A wrong number of arguments says what the command takes, not cobra's
// "accepts 1 arg(s), received 0".
func TestArgumentErrorsSayWhatTheCommandTakes(t *testing.T) {
	e := newTestHome(t)
	e.mustRun(2, "add")
	if want := "kindly: kindly add takes TRIGGER; you gave nothing\nRun 'kindly add --help' for usage.\n"; e.err.String() != want {
		t.Errorf("stderr %q, want %q", e.err.String(), want)
	}
	e.mustRun(2, "list", "x")
	if want := "kindly: kindly list takes no arguments; you gave 1: \"x\"\nRun 'kindly list --help' for usage.\n"; e.err.String() != want {
		t.Errorf("stderr %q, want %q", e.err.String(), want)
	}
}

// init tells a newcomer how to sign the replies, until the name is set.
func TestInitMentionsTheName(t *testing.T) {
	e := newTestHome(t)
	e.mustRun(0, "init")
	if !strings.Contains(e.out.String(), "The replies are signed with your name: set it once with kindly profile set agent \"Your name\"\n") {
		t.Errorf("init:\n%s", e.out.String())
	}
	e.mustRun(0, "profile", "set", "agent", "Sam")
	e.mustRun(0, "init")
	if strings.Contains(e.out.String(), "signed with your name") {
		t.Errorf("init with a name:\n%s", e.out.String())
	}
}
