package cmd_test

import (
	"strings"
	"testing"
)

func TestAddFromFlag(t *testing.T) {
	e := newTestHome(t)
	e.mustRun(0, "add", ";thx", "--replace", "Thanks so much!", "--label", "Thanks", "--tags", "chat, thanks", "--word", "--propagate-case")
	if got, want := e.out.String(), "added ;thx to snippets/personal.yml\n"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
	e.mustRun(0, "list", "--json")
	for _, want := range []string{`"triggers": [`, `";thx"`, `"label": "Thanks"`, `"chat"`, `"thanks"`, `"word": true`, `"propagate_case": true`, `"replace": "Thanks so much!"`} {
		if !strings.Contains(e.out.String(), want) {
			t.Errorf("list --json lacks %s:\n%s", want, e.out.String())
		}
	}
	e.mustRun(0, "try", "--keys", ";Thx ")
	if got := e.out.String(); got != "Thanks so much! \n" {
		t.Errorf("try the added snippet: %q", got)
	}
}

func TestAddFromStdin(t *testing.T) {
	e := newTestHome(t)
	e.viaFlag = true
	e.inTTY = true
	e.in = "Hi there,\n\nThanks for writing.\n"
	e.mustRun(0, "add", ";;hi", "--file", "team/email.yml")
	if !strings.Contains(e.err.String(), "Type the reply, end with Ctrl-D:") {
		t.Errorf("no prompt on a terminal: %q", e.err.String())
	}
	if got := e.out.String(); got != "added ;;hi to snippets/team/email.yml\n" {
		t.Errorf("stdout %q", got)
	}
	e.mustRun(0, "try", "--keys", ";;hi")
	if got := e.out.String(); got != "Hi there,\n\nThanks for writing.\n" {
		t.Errorf("reply from stdin: %q", got)
	}

	// Piped: no prompt.
	e.inTTY = false
	e.in = "Piped reply\n"
	e.mustRun(0, "add", ";p")
	if e.err.Len() > 0 {
		t.Errorf("prompt or noise when piped: %q", e.err.String())
	}
}

func TestAddEmptyReply(t *testing.T) {
	e := newTestHome(t)
	e.in = "  \n"
	e.mustRun(2, "add", ";x")
	if !strings.Contains(e.err.String(), "reply is empty") {
		t.Errorf("stderr %q", e.err.String())
	}
	e.mustRun(2, "add", ";x", "--replace", "")
}

func TestAddDuplicateRefused(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	before := e.read("snippets/team.yml")
	e.mustRun(1, "add", ";;sig", "--replace", "Cheers")
	if want := `kindly: add: trigger ";;sig" already exists at snippets/team.yml:12:24;`; !strings.HasPrefix(e.err.String(), want) {
		t.Errorf("stderr %q, want it to start with %q", e.err.String(), want)
	}
	if e.read("snippets/team.yml") != before {
		t.Error("team.yml changed")
	}
}

func TestAddKeepsCommentsAndLayout(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	e.mustRun(0, "add", ";later", "--replace", "Talk soon!", "--file", "team.yml", "--tags", "chat")
	got := e.read("snippets/team.yml")
	want := teamYML + "  - trigger: \";later\"\n    tags: [chat]\n    replace: Talk soon!\n"
	if got != want {
		t.Errorf("team.yml after add:\n%s\nwant:\n%s", got, want)
	}
}

func TestAddReportsNewWarnings(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	// ";tyx" can never fire: ";ty" fires first.
	e.mustRun(0, "add", ";tyx", "--replace", "never")
	if !strings.Contains(e.err.String(), `snippets/personal.yml:4:14: warning: trigger ";tyx" can never fire: typing it fires ";ty" first (defined at snippets/team.yml:3:14)`) {
		t.Errorf("stderr:\n%s", e.err.String())
	}
}
