package pack

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// upstream is a team pack's repository for a test: a bare repository (what
// agents clone, through a file:// URL) and a working clone the "team lead"
// commits in.
type upstream struct {
	t    *testing.T
	bare string
	work string
}

// isolateGit points git at an empty global config, so the tests do not
// depend on (or change) the machine's.
func isolateGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	cfg := filepath.Join(t.TempDir(), "gitconfig")
	if err := os.WriteFile(cfg, []byte("[init]\n\tdefaultBranch = main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GIT_CONFIG_GLOBAL", cfg)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_AUTHOR_NAME", "Team Lead")
	t.Setenv("GIT_AUTHOR_EMAIL", "lead@example.com")
	t.Setenv("GIT_COMMITTER_NAME", "Team Lead")
	t.Setenv("GIT_COMMITTER_EMAIL", "lead@example.com")
}

func newUpstream(t *testing.T, files map[string]string) *upstream {
	t.Helper()
	isolateGit(t)
	root := t.TempDir()
	u := &upstream{t: t, bare: filepath.Join(root, "pack.git"), work: filepath.Join(root, "work")}
	gitT(t, root, "init", "--bare", "-b", "main", u.bare)
	gitT(t, root, "init", "-b", "main", u.work)
	u.commit("first version", files)
	gitT(t, u.work, "remote", "add", "origin", u.bare)
	gitT(t, u.work, "push", "-q", "origin", "main")
	return u
}

// url is the file:// URL agents add.
func (u *upstream) url() string { return "file://" + filepath.ToSlash(u.bare) }

// commit writes files (an empty body deletes the file), commits and pushes
// when the remote is set; it returns the commit id.
func (u *upstream) commit(msg string, files map[string]string) string {
	u.t.Helper()
	for name, body := range files {
		p := filepath.Join(u.work, filepath.FromSlash(name))
		if body == "" {
			os.Remove(p)
			continue
		}
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			u.t.Fatal(err)
		}
	}
	gitT(u.t, u.work, "add", "-A")
	gitT(u.t, u.work, "commit", "-q", "--no-verify", "-m", msg)
	if out := gitT(u.t, u.work, "remote"); strings.TrimSpace(out) != "" {
		gitT(u.t, u.work, "push", "-q", "origin", "main")
	}
	return strings.TrimSpace(gitT(u.t, u.work, "rev-parse", "HEAD"))
}

func gitT(t *testing.T, dir string, args ...string) string {
	t.Helper()
	c := exec.Command("git", args...)
	c.Dir = dir
	out, err := c.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// newManager is a Manager for a fresh kindly home.
func newManager(t *testing.T) *Manager {
	t.Helper()
	return &Manager{Home: t.TempDir(), Version: "0.5.0",
		Now: func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }}
}

var ctx = context.Background()

const manifestV1 = `name: acme
title: Acme support
version: 1.0.0
maintainers: [Dana Lee <dana@example.com>]
`

const repliesV1 = `snippets:
  - trigger: ";hi"
    label: Greeting
    replace: Hi there, thanks for reaching out!
  - trigger: ";refund"
    label: Refund issued
    replace: |-
      I've issued a full refund.
      It should reach your account within 5 business days.
  - trigger: ";promo"
    replace: Our spring offer ends on Friday.
`

func packV1() map[string]string {
	return map[string]string{"pack.yml": manifestV1, "snippets/replies.yml": repliesV1, "README.md": "# Acme\n"}
}
