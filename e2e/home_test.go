package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Deleting the home while the daemon runs keeps the last good library (and
// says so); when the home is made again the daemon takes its lock and socket
// back in it, so status finds it and a second `kindly run` there is refused:
// never two daemons expanding the same trigger.
func TestDeletedHomeKeepsLibraryAndLock(t *testing.T) {
	e := startX(t)
	need(t, python())
	e.startDaemon("testdata/library")
	tk := e.startApp("tk")
	defer tk.close()
	e.typeInto(tk, "a ;ty b", "a thank you b")

	if err := os.RemoveAll(e.home); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "the daemon says the home was deleted", func() bool {
		return strings.Contains(e.log.String(), "the kindly home "+e.home+" was deleted: still serving the last good library")
	})
	waitFor(t, 5*time.Second, "the reload keeps the last good library", func() bool {
		return strings.Contains(e.log.String(), "reload: the library folder "+filepath.Join(e.home, "snippets")+" is gone; still serving the last good library (")
	})
	if strings.Contains(e.log.String(), "reloaded: 0 snippets") {
		t.Fatalf("the library was replaced by an empty one:\n%s", e.log)
	}
	e.typeInto(tk, "c ;ty d", "c thank you d")

	// The agent makes the home again (a restore from backup, say).
	copyDir(t, "testdata/library", filepath.Join(e.home, "snippets"))
	waitFor(t, 5*time.Second, "the daemon takes the new home's lock", func() bool {
		return strings.Contains(e.log.String(), "the kindly home "+e.home+" is back")
	})
	out, err := e.kindly("status")
	if err != nil || !strings.Contains(out, strconv.Itoa(e.daemon.Process.Pid)) {
		t.Fatalf("status after the home came back: %v\n%s", err, out)
	}
	second := e.command(e.bin, "run")
	b, err := second.CombinedOutput()
	if err == nil || !strings.Contains(string(b), "another kindly daemon (pid "+strconv.Itoa(e.daemon.Process.Pid)+") is already running") {
		t.Fatalf("a second daemon on the made-again home: %v\n%s", err, b)
	}
	e.typeInto(tk, "Z;ty", "Zthank you")
}
