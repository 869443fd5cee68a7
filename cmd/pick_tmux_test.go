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

// tmuxPane is one tmux server (its own socket) with one pane of 100×20.
type tmuxPane struct {
	t      *testing.T
	socket string
}

func (p *tmuxPane) tmux(args ...string) string {
	p.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", p.socket, "-f", "/dev/null"}, args...)...).CombinedOutput()
	if err != nil {
		p.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (p *tmuxPane) screen() string { return p.tmux("capture-pane", "-p") }

// waitForText polls the screen until it shows all of texts, for up to 10 s.
func (p *tmuxPane) waitForText(texts ...string) string {
	p.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := p.screen()
		ok := true
		for _, t := range texts {
			ok = ok && strings.Contains(s, t)
		}
		if ok {
			return s
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("waiting for %q; the screen is:\n%s", texts, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestPickInTmux runs the real binary in a tmux pane: types a query, moves
// with the arrows, and picks with Enter; --print puts the reply on standard
// output.
func TestPickInTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "" {
			t.Skip("tmux is not installed")
		}
		t.Fatal("tmux is not installed (needed in CI)")
	}
	e := newTestHome(t)
	e.testLibrary()
	dir := t.TempDir()
	bin := filepath.Join(dir, "kindly")
	if out, err := exec.Command("go", "build", "-o", bin, "./kindly").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out := filepath.Join(dir, "out")
	p := &tmuxPane{t: t, socket: fmt.Sprintf("kindly-pick-test-%d", os.Getpid())}
	shell := fmt.Sprintf("%s --home %s pick --print > %s; echo EXIT=$? >> %s; sleep 60", bin, e.home, out, out)
	p.tmux("new-session", "-d", "-x", "100", "-y", "20", "-e", "TERM=xterm-256color", "sh", "-c", shell)
	t.Cleanup(func() { exec.Command("tmux", "-L", p.socket, "kill-server").Run() })

	// Everything at first, in library order.
	p.waitForText("> type to search", "▸ ;refund", "1 of 4")

	// Type: the list narrows as you go, the preview follows the cursor.
	p.tmux("send-keys", "-l", "si")
	s := p.waitForText("> si", "▸ ;sig")
	if strings.Contains(s, ";refund") {
		t.Errorf("not filtered:\n%s", s)
	}
	p.tmux("send-keys", "BSpace", "BSpace")
	p.tmux("send-keys", "-l", "chat")
	p.waitForText("> chat", "▸ ;ty", "1 of 2", "thank you for your patience")
	p.tmux("send-keys", "Down")
	s = p.waitForText("▸ ;refund", "2 of 2", "Your refund of $|$ is on its way.")
	if strings.Contains(s, "▸ ;ty") {
		t.Errorf("the cursor did not move:\n%s", s)
	}
	p.tmux("send-keys", "Up")
	p.waitForText("▸ ;ty", "1 of 2", "thank you for your patience")
	p.tmux("send-keys", "Enter")

	deadline := time.Now().Add(10 * time.Second)
	for {
		got, _ := os.ReadFile(out)
		if strings.Contains(string(got), "EXIT=") {
			if want := "thank you for your patience\nEXIT=0\n"; string(got) != want {
				t.Errorf("output %q, want %q", got, want)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("kindly pick did not end; the screen is:\n%s", p.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
	// The alternate screen is gone: nothing of the picker is left.
	if s := p.screen(); strings.Contains(s, "enter pick") {
		t.Errorf("picker left on the screen:\n%s", s)
	}
}
