package e2e

import (
	"context"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// mkfifo makes a named pipe (Linux only: the e2e tests run there).
func mkfifo(t *testing.T, path string) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("named pipes are tested on Linux")
	}
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
}

// A FIFO named x.yml in snippets/ neither hangs `kindly check` nor wedges
// the daemon's reload: later edits still load. Every command runs with a
// deadline, so the test fails instead of hanging.
func TestFIFOInLibrary(t *testing.T) {
	e := startX(t)
	need(t, python())
	e.startDaemon("testdata/library")
	tk := e.startApp("tk")
	defer tk.close()
	mkfifo(t, filepath.Join(e.home, "snippets", "x.yml"))

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := exec.CommandContext(ctx, e.bin, "check")
	c.Env = e.environ()
	out, _ := c.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatal("kindly check hung on a FIFO")
	}
	if !strings.Contains(string(out), "x.yml: warning: not a regular file (a named pipe, device or socket); kindly reads only regular files; skipped") {
		t.Fatalf("kindly check:\n%s", out)
	}

	writeFile(t, filepath.Join(e.home, "snippets", "added.yml"), "snippets:\n  - trigger: \";new\"\n    replace: \"brand new reply\"\n")
	waitFor(t, 10*time.Second, "reload after a new file", func() bool {
		return strings.Contains(e.log.String(), "reloaded: 7 snippets")
	})
	e.typeInto(tk, "a ;new b", "a brand new reply b")
	ctx2, cancel2 := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel2()
	r := exec.CommandContext(ctx2, e.bin, "reload")
	r.Env = e.environ()
	if out, err := r.CombinedOutput(); err != nil {
		t.Fatalf("kindly reload: %v\n%s", err, out)
	}
}
