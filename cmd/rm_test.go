package cmd_test

import (
	"strings"
	"testing"
)

func TestRm(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	e.mustRun(0, "rm", "brb")
	if got := e.out.String(); got != "removed brb from snippets/team.yml\n" {
		t.Errorf("stdout %q", got)
	}
	want := strings.Replace(teamYML, "  # Whole-word shorthand.\n  - trigger: brb\n    word: true\n    replace: be right back\n", "", 1)
	if got := e.read("snippets/team.yml"); got != want {
		t.Errorf("team.yml after rm:\n%s\nwant:\n%s", got, want)
	}

	// One trigger of several: the snippet stays with the others.
	e.mustRun(0, "rm", ";sig")
	if !strings.Contains(e.out.String(), "keeps its other triggers: ;;sig") {
		t.Errorf("stdout %q", e.out.String())
	}
	e.mustRun(0, "try", "--keys", ";;sig")
	if got := e.out.String(); got != "Best regards,\nSam\n" {
		t.Errorf("remaining trigger: %q", got)
	}
}

func TestRmUnknown(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	before := e.read("snippets/team.yml")
	e.mustRun(1, "rm", ";refnud")
	if got, want := e.err.String(), "kindly: rm: no snippet has the trigger \";refnud\" (did you mean \";refund\"?)\n"; got != want {
		t.Errorf("stderr %q, want %q", got, want)
	}
	e.mustRun(1, "rm", ";TY")
	if !strings.Contains(e.err.String(), `(did you mean ";ty"?)`) {
		t.Errorf("stderr %q", e.err.String())
	}
	e.mustRun(1, "rm", "completely-different")
	if strings.Contains(e.err.String(), "did you mean") {
		t.Errorf("far-fetched suggestion: %q", e.err.String())
	}
	if e.read("snippets/team.yml") != before {
		t.Error("team.yml changed")
	}
}
