package cmd_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kindly-support/kindly/cmd"
	"github.com/kindly-support/kindly/examples"
)

func TestInitWritesThenSkips(t *testing.T) {
	for _, viaFlag := range []bool{false, true} {
		e := newTestHome(t)
		e.viaFlag = viaFlag
		names, _ := fs.Glob(examples.Starter, examples.StarterDir+"/*.yml")

		e.mustRun(0, "init")
		for _, name := range names {
			rel := "snippets/starter/" + filepath.Base(name)
			want, _ := fs.ReadFile(examples.Starter, name)
			if got := e.read(rel); got != string(want) {
				t.Errorf("%s differs from the embedded file", rel)
			}
			if !strings.Contains(e.out.String(), "wrote "+rel+"\n") {
				t.Errorf("init output does not list %s:\n%s", rel, e.out.String())
			}
		}
		if !strings.Contains(e.out.String(), "kindly run") {
			t.Errorf("init does not say what to do next:\n%s", e.out.String())
		}

		// A second run overwrites nothing, not even a file the user changed.
		e.write(map[string]string{"snippets/starter/greetings.yml": "# mine\nsnippets:\n"})
		e.mustRun(0, "init")
		if got := e.read("snippets/starter/greetings.yml"); got != "# mine\nsnippets:\n" {
			t.Errorf("init overwrote greetings.yml: %q", got)
		}
		if strings.Contains(e.out.String(), "wrote ") {
			t.Errorf("second init wrote files:\n%s", e.out.String())
		}
		for _, name := range names {
			if !strings.Contains(e.out.String(), "skipped snippets/starter/"+filepath.Base(name)) {
				t.Errorf("second init does not list %s as skipped", name)
			}
		}
	}
}

func TestInitLibrary(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "snippets")
	if err := os.MkdirAll(filepath.Join(dir, "starter"), 0o755); err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(dir, "starter", "billing.yml")
	if err := os.WriteFile(mine, []byte("snippets:\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	written, skipped, err := cmd.InitLibrary(dir)
	if err != nil {
		t.Fatal(err)
	}
	names, _ := fs.Glob(examples.Starter, examples.StarterDir+"/*.yml")
	if len(written) != len(names)-1 || len(skipped) != 1 || skipped[0] != mine {
		t.Errorf("written %d, skipped %q; want %d and [%s]", len(written), skipped, len(names)-1, mine)
	}
	for _, p := range written {
		if _, err := os.Stat(p); err != nil {
			t.Error(err)
		}
	}
}

// Starter triggers that clash with the user's own snippets make errors:
// init says so instead of leaving a silently broken library.
func TestInitReportsClashes(t *testing.T) {
	e := newTestHome(t)
	e.write(map[string]string{"snippets/personal.yml": "snippets:\n  - trigger: \";hi\"\n    replace: Hello!\n"})
	e.mustRun(1, "init")
	if !strings.Contains(e.err.String(), `snippets/starter/greetings.yml:3:14: error: duplicate trigger ";hi" (first defined at snippets/personal.yml:2:14)`) {
		t.Errorf("stderr:\n%s", e.err.String())
	}
}
