package e2e

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The daemon at its most verbose never writes what is typed: not in its
// output, not in any file under its home, its temp or runtime folders.
func TestTypedTextIsNeverWritten(t *testing.T) {
	e := startX(t)
	need(t, python())
	tmp := filepath.Join(e.dir, "daemon-tmp")
	runtime := filepath.Join(e.dir, "daemon-runtime")
	os.MkdirAll(tmp, 0o700)
	os.MkdirAll(runtime, 0o700)
	t.Setenv("TMPDIR", tmp)
	t.Setenv("XDG_RUNTIME_DIR", runtime)
	e.startDaemon("testdata/library", "--verbose")
	tk := e.startApp("tk")
	defer tk.close()

	const secret = "hunter2SECRETpassphrase4711"
	e.typeInto(tk, "my password is "+secret+" ;ty", "my password is "+secret+" thank you")
	e.typeInto(tk, secret+";sorry", secret+"I'm sorry about the delay.")
	// An expansion after the secret, the secret as a would-be trigger, a reload.
	out, err := e.kindly("reload")
	if err != nil {
		t.Fatalf("reload: %v %s", err, out)
	}
	e.stopDaemon()

	check := func(where string, b []byte) {
		for _, s := range []string{secret, "SECRET", "hunter2"} {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s contains typed text %q", where, s)
			}
		}
	}
	check("daemon output", e.log.Bytes())
	for _, dir := range []string{e.home, tmp, runtime} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				b, _ := os.ReadFile(p)
				check(p, b)
			}
			return nil
		})
	}
	if !strings.Contains(e.log.String(), "expanded ;ty") {
		t.Errorf("the verbose log should show the expansions it made (trigger names only):\n%s", e.log)
	}
}

// kindly pause / resume, and the pause hotkey.
func TestPauseResume(t *testing.T) {
	e := startX(t)
	need(t, python())
	e.startDaemon("testdata/library")
	tk := e.startApp("tk")
	defer tk.close()
	if out, err := e.kindly("pause"); err != nil || !strings.Contains(out, "paused") {
		t.Fatalf("pause: %v %q", err, out)
	}
	e.typeInto(tk, "a ;ty b", "a ;ty b")
	if out, _ := e.kindly("status"); !strings.Contains(out, "kindly is paused") {
		t.Fatalf("status while paused: %q", out)
	}
	if out, err := e.kindly("resume"); err != nil || !strings.Contains(out, "running") {
		t.Fatalf("resume: %v %q", err, out)
	}
	e.typeInto(tk, "a ;ty b", "a thank you b")

	e.xdo("key", "ctrl+alt+shift+p")
	waitFor(t, 3*time.Second, "the hotkey pauses", func() bool {
		out, _ := e.kindly("status")
		return strings.Contains(out, "kindly is paused")
	})
	e.typeInto(tk, "c ;ty d", "c ;ty d")
	e.xdo("key", "ctrl+alt+shift+p")
	waitFor(t, 3*time.Second, "the hotkey resumes", func() bool {
		out, _ := e.kindly("status")
		return strings.Contains(out, "kindly is running")
	})
	e.typeInto(tk, "c ;ty d", "c thank you d")
}

// No buffer in private windows; a window change forgets what was typed.
func TestPrivateWindowAndWindowChange(t *testing.T) {
	e := startX(t)
	need(t, python())
	e.startDaemon("testdata/library")
	t.Setenv("KINDLY_E2E_TITLE", "New Tab - Mozilla Firefox Private Browsing")
	private := e.startApp("gtk")
	t.Setenv("KINDLY_E2E_TITLE", "")
	os.Unsetenv("KINDLY_E2E_TITLE")
	tk := e.startApp("tk")
	defer tk.close()

	e.typeInto(private, "x ;ty y", "x ;ty y")
	e.typeInto(tk, "x ;ty y", "x thank you y")

	// ";t" in one window, "y" in another: no expansion in either.
	private.close()
	gtk2 := e.startApp("gtk")
	defer gtk2.close()
	tk.clear()
	e.xdo("type", "--delay", "5", ";t")
	waitText(t, tk, ";t", 3*time.Second)
	gtk2.clear()
	e.xdo("type", "--delay", "5", "y")
	time.Sleep(100 * time.Millisecond) // an expansion would have happened by now
	waitText(t, gtk2, "y", 3*time.Second)
	tk.clear()
	e.xdo("type", "--delay", "5", "y;ty")
	waitText(t, tk, "ythank you", 3*time.Second)
}
