package cmd_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEditTrigger(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	e.mustRun(0, "edit", ";;sig")
	want := []editCall{{filepath.Join(e.home, "snippets", "team.yml"), 12}}
	if len(e.edits) != 1 || e.edits[0] != want[0] {
		t.Errorf("editor calls %v, want %v", e.edits, want)
	}
	if !strings.Contains(e.err.String(), "4 snippets in your library, no problems") {
		t.Errorf("stderr %q", e.err.String())
	}

	e.edits = nil
	e.mustRun(1, "edit", ";refnd")
	if len(e.edits) != 0 || !strings.Contains(e.err.String(), `did you mean ";refund"?`) {
		t.Errorf("edit unknown trigger: calls %v, stderr %q", e.edits, e.err.String())
	}
}

func TestEditCreatesPersonal(t *testing.T) {
	e := newTestHome(t)
	e.viaFlag = true
	e.mustRun(0, "edit")
	p := filepath.Join(e.home, "snippets", "personal.yml")
	if len(e.edits) != 1 || e.edits[0].Path != p {
		t.Fatalf("editor calls %v, want %s", e.edits, p)
	}
	body := e.read("snippets/personal.yml")
	if !strings.HasPrefix(body, "# ") || !strings.HasSuffix(body, "snippets:\n") {
		t.Errorf("new personal.yml:\n%s", body)
	}
	if lines := strings.Count(body, "\n"); e.edits[0].Line != lines {
		t.Errorf("opened at line %d, want %d (the snippets: line)", e.edits[0].Line, lines)
	}
	// The created file is a valid, empty library file that add can extend.
	e.mustRun(0, "check")
	e.mustRun(0, "add", ";x", "--replace", "X")
	if got := e.read("snippets/personal.yml"); got != body+"  - trigger: \";x\"\n    replace: X\n" {
		t.Errorf("personal.yml after add:\n%s", got)
	}

	// An existing personal.yml is opened as is.
	e.edits = nil
	e.mustRun(0, "edit")
	if len(e.edits) != 1 || e.edits[0] != (editCall{p, 0}) {
		t.Errorf("editor calls %v", e.edits)
	}
}

func TestEditLeavesErrors(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	e.onEdit = func(path string, line int) error {
		return os.WriteFile(path, []byte("snippets:\n  - trigger: \";ty\"\n    replace:\n"), 0o644)
	}
	e.mustRun(1, "edit", ";refund")
	for _, want := range []string{
		"snippets/billing.yml:3:13: error: `replace` is empty\n",
		"keeps its last good library",
	} {
		if !strings.Contains(e.err.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, e.err.String())
		}
	}
}
