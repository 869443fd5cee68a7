package cmd_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const pickPlaceholders = `snippets:
  - trigger: ";sorry"
    replace: "Hi {{customer|there}}, sorry about {{date \"Jan 2\"}}. – {{agent}}"
  - trigger: ";order"
    replace: "Order {{order_id}} is on its way."
`

// Piped (no terminal to ask on), a picked reply is filled in with the
// profile, the date and each fill-in's fallback: never braces; a value with
// no fallback is an error that says how to give it.
func TestPickRendersPlaceholders(t *testing.T) {
	e := newTestHome(t)
	e.write(map[string]string{"snippets/p.yml": pickPlaceholders, "config.yml": "profile:\n  agent: Sam\n"})
	e.in = "sorry\r"
	e.mustRun(0, "pick", "--print")
	if got, want := e.out.String(), "Hi there, sorry about Mar 1. – Sam\n"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
	saved := fakeClipboard(t, e)
	e.in = "sorry\r"
	e.mustRun(0, "pick")
	if got, _ := os.ReadFile(saved); string(got) != "Hi there, sorry about Mar 1. – Sam" {
		t.Errorf("clipboard %q", got)
	}
	e.in = ";order\r"
	e.mustRun(1, "pick", "--print")
	if want := "kindly: pick: ;order has no value for order_id: pick it on a terminal to be asked, or use 'kindly expand ;order --set order_id=…'\n"; !strings.HasSuffix(e.err.String(), want) || e.out.Len() != 0 {
		t.Errorf("stdout %q, stderr %q\nwant %q", e.out.String(), e.err.String(), want)
	}
}

// On a terminal the picked reply's fill-ins are asked, one question each.
func TestPickAsksFillInsInTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "" {
			t.Skip("tmux is not installed")
		}
		t.Fatal("tmux is not installed (needed in CI)")
	}
	e := newTestHome(t)
	e.write(map[string]string{"snippets/p.yml": pickPlaceholders, "config.yml": "profile:\n  agent: Sam\n"})
	dir := t.TempDir()
	bin := filepath.Join(dir, "kindly")
	if out, err := exec.Command("go", "build", "-o", bin, "./kindly").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out := filepath.Join(dir, "out")
	p := &tmuxPane{t: t, socket: fmt.Sprintf("kindly-pickask-test-%d", os.Getpid())}
	shell := fmt.Sprintf("%s --home %s pick --print order > %s; echo EXIT=$? >> %s; sleep 60", bin, e.home, out, out)
	p.tmux("new-session", "-d", "-x", "100", "-y", "20", "-e", "TERM=xterm-256color", "sh", "-c", shell)
	t.Cleanup(func() { exec.Command("tmux", "-L", p.socket, "kill-server").Run() })
	p.waitForText("▸ ;order")
	p.tmux("send-keys", "Enter")
	p.waitForText(";order needs a few details:", "Order id (required):")
	p.tmux("send-keys", "-l", "A-1042")
	p.tmux("send-keys", "Enter")
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, _ := os.ReadFile(out)
		if strings.Contains(string(got), "EXIT=") {
			if want := "Order A-1042 is on its way.\nEXIT=0\n"; string(got) != want {
				t.Errorf("output %q, want %q", got, want)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("kindly pick did not end; the screen is:\n%s", p.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
}
