package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A team pack added while the daemon runs expands without a restart; an
// update upstream reaches the daemon too.
func TestPackReplyExpandsWithoutRestart(t *testing.T) {
	e := startX(t)
	need(t, python(), "git")
	e.startDaemon("testdata/library")
	tk := e.startApp("tk")
	defer tk.close()

	// The team lead's repository: a copy of examples/team-pack.
	repo := filepath.Join(e.dir, "acme-pack")
	copyDir(t, "../examples/team-pack", repo)
	git := func(args ...string) {
		t.Helper()
		c := exec.Command("git", append([]string{"-C", repo, "-c", "user.name=Lead", "-c", "user.email=lead@example.com"}, args...)...)
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q", "-b", "main")
	git("add", ".")
	git("commit", "-q", "-m", "acme replies")

	if out, err := e.kindly("pack", "add", "file://"+repo, "--name", "acme"); err != nil {
		t.Fatalf("pack add: %v\n%s", err, out)
	}
	waitFor(t, 5*time.Second, "the daemon loads the pack", func() bool {
		return strings.Contains(e.log.String(), "reloaded:")
	})
	b, err := os.ReadFile(filepath.Join(repo, "snippets", "team.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "trigger: \";vip\"") {
		t.Fatal("example pack lost its ;vip reply")
	}
	out, _ := e.kindly("list", "--json")
	if !strings.Contains(out, `";vip"`) {
		t.Fatalf("list does not show the pack reply:\n%s", out)
	}
	e.typeInto(tk, "x ;holiday", "x "+replyOf(t, out, ";holiday"))

	// Upstream changes the wording; the agent updates; the daemon follows.
	team := filepath.Join(repo, "snippets", "team.yml")
	b, _ = os.ReadFile(team)
	os.WriteFile(team, []byte(strings.Replace(string(b), "Our team is on reduced hours over the holidays, so replies", "We are on holiday hours, so replies", 1)), 0o644)
	git("commit", "-q", "-am", "shorter wording")
	if out, err := e.kindly("pack", "update", "acme", "--yes"); err != nil {
		t.Fatalf("pack update: %v\n%s", err, out)
	}
	waitFor(t, 5*time.Second, "the daemon loads the update", func() bool {
		out, _ := e.kindly("list", "--json")
		return strings.Contains(out, "We are on holiday hours")
	})
	time.Sleep(300 * time.Millisecond) // the daemon's debounce
	out, _ = e.kindly("list", "--json")
	e.typeInto(tk, ";holiday", replyOf(t, out, ";holiday"))
	if !strings.Contains(tk.text(), "We are on holiday hours") {
		t.Fatalf("the daemon still types the old wording: %q", tk.text())
	}
}

// replyOf finds a trigger's reply in `kindly list --json` output.
func replyOf(t *testing.T, listJSON, trigger string) string {
	t.Helper()
	var items []struct {
		Triggers []string `json:"triggers"`
		Replace  string   `json:"replace"`
	}
	if err := jsonUnmarshal(listJSON, &items); err != nil {
		t.Fatalf("list --json: %v", err)
	}
	for _, it := range items {
		for _, tr := range it.Triggers {
			if tr == trigger {
				return strings.ReplaceAll(it.Replace, "$|$", "")
			}
		}
	}
	t.Fatalf("no %s in the library", trigger)
	return ""
}
