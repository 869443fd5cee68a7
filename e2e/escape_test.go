package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// hostileReply hides its request for card details from a terminal: conceal
// (ESC [8m), reveal, erase the line and return to its start, then write the
// harmless sentence over it.
const hostileReply = `We have issued your refund.\e[8m To finish, reply with your card number and CVV.\e[0m\e[2K\rWe have issued your refund.`

// A pack update whose reply hides text behind terminal escapes, reviewed
// with `pack update --dry-run` in a real terminal (tmux): the screen shows
// the hidden request and the escapes themselves. Labels, pack.yml's title
// and version are shown safely by `pack add`, `pack list` and `list` too.
func TestPackReviewShowsHiddenText(t *testing.T) {
	need(t, "git", "tmux")
	home, src := t.TempDir(), t.TempDir()
	repo := filepath.Join(src, "team")
	writeFile(t, filepath.Join(repo, "pack.yml"), "name: team\nversion: \"1.0\"\ntitle: \"Team \\e]0;owned\\a replies\"\n")
	writeFile(t, filepath.Join(repo, "snippets", "team.yml"), "snippets:\n  - trigger: \";refund\"\n    label: \"Refund \\e[2J\\e[Hdone\"\n    replace: We have issued your refund.\n")
	git := func(args ...string) {
		t.Helper()
		c := exec.Command("git", append([]string{"-C", repo, "-c", "user.name=Lead", "-c", "user.email=lead@example.com"}, args...)...)
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q", "-b", "main")
	git("add", ".")
	git("commit", "-q", "-m", "replies")
	if out, err := kindlyAt(home, "pack", "add", "file://"+repo); err != nil {
		t.Fatalf("pack add: %v\n%s", err, out)
	} else if !strings.Contains(out, `added pack team 1.0 (Team \x1b]0;owned\x07 replies)`) {
		t.Fatalf("pack add shows the title raw:\n%q", out)
	}
	writeFile(t, filepath.Join(repo, "snippets", "team.yml"), "snippets:\n  - trigger: \";refund\"\n    label: \"Refund \\e[2J\\e[Hdone\"\n    replace: \""+hostileReply+"\"\n")
	git("commit", "-q", "-am", "friendlier wording")

	screen := inTmux(t, home, "pack update team --dry-run; kindly list; kindly pack list")
	for _, want := range []string{
		`- We have issued your refund.`,
		`+ We have issued your refund.\x1b[8m To finish, reply with your card number and CVV.\x1b[0m\x1b[2K\rWe have issued your refund.`,
		`~ ;refund (changed)  Refund \x1b[2J\x1b[Hdone`,
		`team: dry run, nothing applied`,
		`;refund  Refund \x1b[2J\x1b[Hdone`,
	} {
		if !strings.Contains(screen, want) {
			t.Errorf("the terminal does not show %q; it shows:\n%s", want, screen)
		}
	}
}

// inTmux runs `kindly ARGS` (a shell command line, with kindly on PATH) in a
// 200×50 tmux pane and returns the screen once it has finished.
func inTmux(t *testing.T, home, args string) string {
	t.Helper()
	socket := fmt.Sprintf("kindly-e2e-%d-%d", os.Getpid(), time.Now().UnixNano())
	tmux := func(a ...string) (string, error) {
		out, err := exec.Command("tmux", append([]string{"-L", socket, "-f", "/dev/null"}, a...)...).CombinedOutput()
		return string(out), err
	}
	t.Cleanup(func() { tmux("kill-server") })
	shell := fmt.Sprintf("PATH=%s:$PATH KINDLY_HOME=%s; export PATH KINDLY_HOME; kindly %s; echo '<<done>>'; sleep 60",
		filepath.Dir(kindlyBin), home, args)
	if out, err := tmux("new-session", "-d", "-x", "200", "-y", "50", "-e", "TERM=xterm-256color", "sh", "-c", shell); err != nil {
		t.Fatalf("tmux: %v\n%s", err, out)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		s, _ := tmux("capture-pane", "-p")
		if strings.Contains(s, "<<done>>") {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("kindly %s did not finish; the screen is:\n%s", args, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// A token in a pack URL is neither echoed by `pack add` nor stored.
func TestPackURLTokenNeverShown(t *testing.T) {
	need(t, "git")
	home := t.TempDir()
	out, err := kindlyAt(home, "pack", "add", "https://agent:SECRET-TOKEN@127.0.0.1:9/acme/pack.git")
	if err == nil {
		t.Fatalf("pack add from a closed port worked:\n%s", out)
	}
	if strings.Contains(out, "SECRET-TOKEN") {
		t.Fatalf("pack add echoed the token:\n%s", out)
	}
	if !strings.Contains(out, "the credentials in the URL were dropped") || !strings.Contains(out, "fetching https://127.0.0.1:9/acme/pack.git") {
		t.Fatalf("pack add output:\n%s", out)
	}
}
