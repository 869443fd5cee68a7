package cmd_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPickPrint(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	e.in = "thank\r" // keys: the picker reads them as a terminal would send them
	e.mustRun(0, "pick", "--print")
	if got, want := e.out.String(), "thank you for your patience\n"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
}

func TestPickPrintDropsTheCaretMarker(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	e.in = "\r"
	e.mustRun(0, "pick", "--print", ";refund") // the query from the arguments
	if got, want := e.out.String(), "Your refund of  is on its way.\n"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
}

func TestPickCancel(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	e.in = "ref\x03" // Ctrl-C
	e.mustRun(1, "pick", "--print")
	if e.out.Len() != 0 {
		t.Errorf("stdout %q", e.out.String())
	}
}

// fakeClipboard puts an xclip on PATH that saves what it is given.
func fakeClipboard(t *testing.T, e *testHome) (saved string) {
	t.Helper()
	bin := t.TempDir()
	saved = filepath.Join(t.TempDir(), "clipboard")
	script := "#!/bin/sh\necho \"$DISPLAY $*\" > '" + saved + ".args'\ncat > '" + saved + "'\n"
	if err := os.WriteFile(filepath.Join(bin, "xclip"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	e.vars["PATH"] = bin
	e.vars["DISPLAY"] = ":42"
	return saved
}

func TestPickCopiesToTheClipboard(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	saved := fakeClipboard(t, e)
	e.in = "sig\r"
	e.mustRun(0, "pick")
	got, err := os.ReadFile(saved)
	if err != nil || string(got) != "Best regards,\nSam" {
		t.Errorf("clipboard %q, %v", got, err)
	}
	args, _ := os.ReadFile(saved + ".args")
	if string(args) != ":42 -selection clipboard -in\n" {
		t.Errorf("xclip called with %q", args)
	}
	if e.out.Len() != 0 || !strings.HasSuffix(e.err.String(), "copied ;sig to the clipboard\n") {
		t.Errorf("stdout %q, stderr ends %q", e.out.String(), e.err.String())
	}
}

func TestPickWithoutClipboard(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	e.vars["PATH"] = t.TempDir()
	e.mustRun(1, "pick")
	if want := "kindly: pick: no X display ($DISPLAY is not set) to copy to the clipboard; use --print\n"; e.err.String() != want {
		t.Errorf("stderr %q, want %q", e.err.String(), want)
	}
	e.vars["DISPLAY"] = ":42"
	e.mustRun(1, "pick")
	if want := "kindly: pick: no clipboard tool: install xclip or xsel (sudo apt-get install xclip), or use --print\n"; e.err.String() != want {
		t.Errorf("stderr %q, want %q", e.err.String(), want)
	}
}

func TestPickBrokenLibrary(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	e.write(map[string]string{"snippets/bad.yml": "snippets:\n  - trigger: \";ty\"\n    replace: again\n"})
	e.mustRun(1, "pick", "--print")
	if !strings.Contains(e.err.String(), `duplicate trigger ";ty"`) {
		t.Errorf("stderr: %s", e.err.String())
	}
}
