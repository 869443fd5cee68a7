package e2e

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fanOutLibrary is issue 11's library: nine replies, each including the next
// sixty times, and a harmless one.
func fanOutLibrary() string {
	var b strings.Builder
	b.WriteString("snippets:\n")
	for i := 1; i <= 8; i++ {
		fmt.Fprintf(&b, "  - trigger: \";w%d\"\n    replace: \"%s\"\n", i, strings.Repeat(fmt.Sprintf("{{> ;w%d}}", i+1), 60))
	}
	b.WriteString("  - trigger: \";w9\"\n    replace: hello\n")
	b.WriteString("  - trigger: \";fine\"\n    replace: \"Hi {{> ;w9}} {{> ;w9}}\"\n")
	return b.String()
}

// The fan-out library is refused by `kindly check`, by `kindly check DIR` and
// by `pack add`, with file:line; `kindly expand` refuses it at once.
func TestFanOutRefusedByCheckAndPackAdd(t *testing.T) {
	need(t, "git")
	home, src := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(home, "snippets", "w.yml"), fanOutLibrary())
	out, err := kindlyAt(home, "check")
	wantLine := "w.yml:3:15: error: this reply would include other replies more than a million times in all, through {{> ;w2}} and the replies it includes; one expansion may include at most 100, so kindly would refuse to expand it"
	if err == nil || !strings.Contains(out, wantLine) {
		t.Fatalf("kindly check: %v\n%s", err, out)
	}
	out, err = kindlyAt(home, "check", filepath.Join(home, "snippets"))
	if err == nil || !strings.Contains(out, wantLine) {
		t.Fatalf("kindly check DIR: %v\n%s", err, out)
	}
	start := time.Now()
	out, err = kindlyAt(home, "expand", ";w1")
	if err == nil || !strings.Contains(out, "this reply includes other replies more than 100 times in all") {
		t.Fatalf("kindly expand ;w1: %v\n%s", err, out)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("kindly expand took %s to refuse", d)
	}

	repo := filepath.Join(src, "wide")
	writeFile(t, filepath.Join(repo, "pack.yml"), "name: wide\nversion: 1.0.0\n")
	writeFile(t, filepath.Join(repo, "snippets", "w.yml"), fanOutLibrary())
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "."}, {"commit", "-q", "-m", "wide"}} {
		c := exec.Command("git", append([]string{"-C", repo, "-c", "user.name=Lead", "-c", "user.email=lead@example.com"}, args...)...)
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	other := t.TempDir()
	out, err = kindlyAt(other, "pack", "add", "file://"+repo)
	if err == nil || !strings.Contains(out, "snippets/w.yml:3:15: error: this reply would include other replies more than a million times") {
		t.Fatalf("pack add: %v\n%s", err, out)
	}
	if list, _ := kindlyAt(other, "pack", "list"); strings.Contains(list, "wide") {
		t.Fatalf("the refused pack is installed:\n%s", list)
	}
}

// Typed into a real window, the fan-out trigger is refused with a notice and
// stays as typed; the daemon keeps answering and expanding.
func TestFanOutHarmlessToDaemon(t *testing.T) {
	e := startX(t)
	need(t, python())
	lib := t.TempDir()
	writeFile(t, filepath.Join(lib, "w.yml"), fanOutLibrary())
	e.startDaemon(lib)
	tk := e.startApp("tk")
	defer tk.close()
	e.typeInto(tk, "a ;w1 b", "a ;w1 b")
	waitFor(t, 5*time.Second, "the daemon says why ;w1 was not expanded", func() bool {
		return strings.Contains(e.log.String(), ";w1 not expanded: include ;w9: this reply includes other replies more than 100 times in all")
	})
	start := time.Now()
	if out, err := e.kindly("status"); err != nil {
		t.Fatalf("status after the fan-out: %v\n%s", err, out)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("status took %s", d)
	}
	e.typeInto(tk, "x ;fine y", "x Hi hello hello y")
}
