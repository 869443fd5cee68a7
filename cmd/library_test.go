package cmd_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kindly-support/kindly/cmd"
	"github.com/kindly-support/kindly/examples"
	"github.com/kindly-support/kindly/snippets"
)

// testHome is a kindly home in a temp folder plus fake IO for running commands.
type testHome struct {
	t       *testing.T
	home    string
	vars    map[string]string
	in      string
	inTTY   bool
	outTTY  bool
	viaFlag bool // pass the home with --home rather than $KINDLY_HOME
	edits   []editCall
	onEdit  func(path string, line int) error
	// daemon and doctor stand in for the real ones (nil: not built in).
	daemon     cmd.Daemon
	doctor     cmd.Doctor
	noKeyboard error

	out, err bytes.Buffer
}

type editCall struct {
	Path string
	Line int
}

func newTestHome(t *testing.T) *testHome {
	t.Helper()
	home := t.TempDir()
	return &testHome{t: t, home: home, vars: map[string]string{"KINDLY_HOME": home, "HOME": t.TempDir()}}
}

// run runs kindly with args and returns the exit code; out and err hold what
// this run printed.
func (e *testHome) run(args ...string) int {
	e.t.Helper()
	e.out.Reset()
	e.err.Reset()
	getenv := func(k string) string { return e.vars[k] }
	if e.viaFlag {
		args = append([]string{"--home", e.home}, args...)
		getenv = func(k string) string {
			if k == "KINDLY_HOME" {
				return ""
			}
			return e.vars[k]
		}
	}
	d := &cmd.Deps{
		IO: cmd.IO{In: strings.NewReader(e.in), Out: &e.out, Err: &e.err,
			InTTY: e.inTTY, OutTTY: e.outTTY},
		Getenv: getenv,
		Now:    func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) },
		Editor: func(path string, line int) error {
			e.edits = append(e.edits, editCall{path, line})
			if e.onEdit != nil {
				return e.onEdit(path, line)
			}
			return nil
		},
		Version:    "test",
		RunDaemon:  e.daemon,
		RunDoctor:  e.doctor,
		NoKeyboard: e.noKeyboard,
	}
	return cmd.Main(d, args)
}

// write puts files (paths relative to the home) into the home.
func (e *testHome) write(files map[string]string) {
	e.t.Helper()
	for name, body := range files {
		p := filepath.Join(e.home, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			e.t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			e.t.Fatal(err)
		}
	}
}

func (e *testHome) read(name string) string {
	e.t.Helper()
	data, err := os.ReadFile(filepath.Join(e.home, filepath.FromSlash(name)))
	if err != nil {
		e.t.Fatal(err)
	}
	return string(data)
}

// mustRun runs kindly and fails the test unless it exits with want.
func (e *testHome) mustRun(want int, args ...string) {
	e.t.Helper()
	if got := e.run(args...); got != want {
		e.t.Fatalf("kindly %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), got, want, e.out.String(), e.err.String())
	}
}

const teamYML = `# Team replies: keep this comment.
snippets:
  - trigger: ";ty"
    label: Thanks (chat)
    tags: [chat, thanks]
    propagate_case: true
    replace: thank you for your patience
  # Whole-word shorthand.
  - trigger: brb
    word: true
    replace: be right back
  - triggers: [";sig", ";;sig"]
    label: Signature
    tags: [email]
    replace: "Best regards,\nSam"
`

const billingYML = `snippets:
  - trigger: ";refund"
    label: Refund on its way
    tags: [chat, refund]
    replace: Your refund of $|$ is on its way.
`

// testLibrary writes a small good library: 4 snippets in 2 files.
func (e *testHome) testLibrary() {
	e.write(map[string]string{
		"snippets/team.yml":    teamYML,
		"snippets/billing.yml": billingYML,
	})
}

// The starter pack is what new users see first: it must load clean.
func TestStarterPackLoadsClean(t *testing.T) {
	lib, ps, err := snippets.LoadFS(examples.Starter, examples.StarterDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		t.Errorf("starter pack: %s", p)
	}
	if len(lib.Snippets) < 40 {
		t.Errorf("starter pack has %d snippets, want at least 40", len(lib.Snippets))
	}
	// Every embedded file loads on its own too, and is one the library reads.
	entries, err := examples.Starter.ReadDir(examples.StarterDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(lib.Files) {
		t.Errorf("starter pack has %d files, the library read %d", len(entries), len(lib.Files))
	}
	for _, de := range entries {
		data, err := examples.Starter.ReadFile(examples.StarterDir + "/" + de.Name())
		if err != nil {
			t.Fatal(err)
		}
		snips, ps := snippets.Decode(de.Name(), data)
		if len(ps) > 0 || len(snips) == 0 {
			t.Errorf("%s: %d snippets, problems %v", de.Name(), len(snips), ps)
		}
	}
	if _, err := cmd.StarterLibrary(); err != nil {
		t.Error(err)
	}
}

func TestUnknownFlagIsUsageError(t *testing.T) {
	e := newTestHome(t)
	for _, args := range [][]string{
		{"list", "--nope"},
		{"add"},
		{"rm", "a", "b"},
		{"check", "a", "b"},
		{"try", "--keys"},
		{"init", "extra"},
		{"frobnicate"},
	} {
		if got := e.run(args...); got != cmd.ExitUsage {
			t.Errorf("kindly %v: exit %d, want %d (stderr %q)", args, got, cmd.ExitUsage, e.err.String())
		}
	}
}
