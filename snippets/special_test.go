//go:build unix

package snippets

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A FIFO named like a library file (or a symlink to one) is reported, never
// opened: opening it would block the load, and the daemon's reload, for good.
func TestLoadSkipsFIFO(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.yml": "snippets:\n  - trigger: \";a\"\n    replace: A\n"})
	if err := syscall.Mkfifo(filepath.Join(dir, "x.yml"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("x.yml", filepath.Join(dir, "y.yml")); err != nil {
		t.Fatal(err)
	}
	type result struct {
		lib *Library
		ps  []Problem
		err error
	}
	done := make(chan result, 1)
	go func() {
		lib, ps, err := Load(dir)
		done <- result{lib, ps, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(10 * time.Second):
		// Unblock the reader so the test process can end.
		if f, err := os.OpenFile(filepath.Join(dir, "x.yml"), os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
		t.Fatal("Load blocked on a FIFO")
	}
	want := []string{
		"x.yml: warning: not a regular file (a named pipe, device or socket); kindly reads only regular files; skipped",
		"y.yml: warning: not a regular file (a named pipe, device or socket); kindly reads only regular files; skipped",
	}
	if r.err != nil || len(r.lib.Snippets) != 1 || !equalStrings(problemStrings(r.ps), want) {
		t.Fatalf("got %d snippets, %q, %v", len(r.lib.Snippets), problemStrings(r.ps), r.err)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
