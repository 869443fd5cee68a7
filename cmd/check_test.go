package cmd_test

import (
	"path/filepath"
	"testing"
)

func TestCheckGood(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	e.mustRun(0, "check")
	if got, want := e.out.String(), "4 snippets in 2 files: 0 errors, 0 warnings\n"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
}

func TestCheckErrors(t *testing.T) {
	e := newTestHome(t)
	e.viaFlag = true
	e.testLibrary()
	e.write(map[string]string{
		"snippets/zz/bad.yml": "snippets:\n" +
			"  - trigger: \";ty\"\n" + // duplicate of team.yml
			"    replace: Thanks\n" +
			"  - trigger: \";x\"\n" +
			"    replce: X\n",
	})
	e.mustRun(1, "check")
	want := "" +
		"snippets/zz/bad.yml:2:14: error: duplicate trigger \";ty\" (first defined at snippets/team.yml:3:14)\n" +
		"snippets/zz/bad.yml:4:5: error: snippet has no `replace`\n" +
		"snippets/zz/bad.yml:5:5: error: unknown key \"replce\" in snippet (did you mean \"replace\"?)\n" +
		"5 snippets in 3 files: 3 errors, 0 warnings\n"
	if got := e.out.String(); got != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", got, want)
	}
}

func TestCheckWarningsOnly(t *testing.T) {
	e := newTestHome(t)
	e.write(map[string]string{
		"snippets/a.yml": "snippets:\n  - trigger: \";x\"\n    replace: X\n  - trigger: \";xy\"\n    replace: XY\n",
	})
	e.mustRun(0, "check")
	want := "snippets/a.yml:4:14: warning: trigger \";xy\" can never fire: typing it fires \";x\" first (defined at snippets/a.yml:2:14)\n" +
		"2 snippets in 1 file: 0 errors, 1 warning\n"
	if got := e.out.String(); got != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", got, want)
	}
}

func TestCheckPath(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	e.write(map[string]string{"drafts/new.yml": "snippets:\n  - trigger: \";n\"\n"})

	// A file inside the home: shown relative to the home.
	e.mustRun(1, "check", filepath.Join(e.home, "drafts", "new.yml"))
	want := "drafts/new.yml:2:5: error: snippet has no `replace`\n0 snippets in 1 file: 1 error, 0 warnings\n"
	if got := e.out.String(); got != want {
		t.Errorf("check FILE:\n%s\nwant:\n%s", got, want)
	}

	// A folder.
	e.mustRun(1, "check", filepath.Join(e.home, "drafts"))
	if got := e.out.String(); got != want {
		t.Errorf("check DIR:\n%s\nwant:\n%s", got, want)
	}

	// A folder outside the home: shown as given.
	other := t.TempDir()
	lib := filepath.Join(other, "lib")
	(&testHome{t: t, home: lib}).write(map[string]string{
		"a.yml": "snippets:\n  - trigger: \";x\"\n    replace: X\n  - trigger: \";xy\"\n    replace: XY\n",
	})
	e.mustRun(0, "check", lib)
	a := filepath.Join(lib, "a.yml")
	want = a + ":4:14: warning: trigger \";xy\" can never fire: typing it fires \";x\" first (defined at " + a + ":2:14)\n" +
		"2 snippets in 1 file: 0 errors, 1 warning\n"
	if got := e.out.String(); got != want {
		t.Errorf("check other folder:\n%s\nwant:\n%s", got, want)
	}

	e.mustRun(1, "check", filepath.Join(e.home, "nope"))
	if got := e.err.String(); got != "kindly: check: "+filepath.Join(e.home, "nope")+" does not exist\n" {
		t.Errorf("missing path: %q", got)
	}
}
