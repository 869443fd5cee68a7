package cmd_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kindly-support/kindly/cmd"
	"github.com/kindly-support/kindly/hooks"
)

// dialogAsker is a stand-in fill-in dialog that records what it was asked.
type dialogAsker struct {
	title  string
	fields []hooks.Field
	ans    hooks.Answer
}

func (a *dialogAsker) Ask(title string, fields []hooks.Field) (hooks.Answer, error) {
	a.title, a.fields = title, fields
	return a.ans, nil
}

// runFirstStart runs `kindly run` on a fresh home with a daemon that only
// runs the first-start hook with ask, and returns the home and stderr.
func runFirstStart(t *testing.T, in string, tty bool, ask hooks.Asker) (string, string) {
	t.Helper()
	home := filepath.Join(t.TempDir(), "home")
	var out, errb bytes.Buffer
	d := &cmd.Deps{
		IO:      cmd.IO{In: strings.NewReader(in), Out: &out, Err: &errb, InTTY: tty},
		Getenv:  func(k string) string { return map[string]string{"KINDLY_HOME": home}[k] },
		Now:     time.Now,
		Version: "test",
		RunDaemon: func(o cmd.DaemonOptions) error {
			if err := os.MkdirAll(o.Home, 0o700); err != nil {
				return err
			}
			if err := o.FirstStart(ask); err != nil {
				return err
			}
			return o.FirstStart(ask) // a second start asks nothing
		},
	}
	if code := cmd.Main(d, []string{"run"}); code != 0 {
		t.Fatalf("kindly run: exit %d\n%s", code, errb.String())
	}
	return home, errb.String()
}

func readConfig(t *testing.T, home string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(home, "config.yml"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// On a terminal the first start asks for the name and company there, once.
func TestFirstStartAsksOnTheTerminal(t *testing.T) {
	ask := &dialogAsker{}
	home, stderr := runFirstStart(t, "Sam Lee\nAcme\n", true, ask)
	if got, want := readConfig(t, home), "profile:\n  agent: Sam Lee\n  company: Acme\n"; got != want {
		t.Errorf("config.yml %q, want %q", got, want)
	}
	if ask.title != "" {
		t.Errorf("a terminal was there, yet the dialog was shown: %q", ask.title)
	}
	for _, want := range []string{"Your name (it signs your replies): ", "Your company (optional): ",
		`change it with kindly profile set agent "Your name"`} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if n := strings.Count(stderr, "Welcome to kindly"); n != 1 {
		t.Errorf("asked %d times:\n%s", n, stderr)
	}
}

// Without a terminal (a service) the desktop's dialog asks; Enter on an
// empty company saves only the name.
func TestFirstStartAsksInTheDialog(t *testing.T) {
	ask := &dialogAsker{ans: hooks.Answer{OK: true, Values: map[string]string{"agent": " Ana Díaz ", "company": ""}}}
	home, _ := runFirstStart(t, "", false, ask)
	if got, want := readConfig(t, home), "profile:\n  agent: Ana Díaz\n"; got != want {
		t.Errorf("config.yml %q, want %q", got, want)
	}
	if ask.title != "Welcome to kindly" || len(ask.fields) != 2 || ask.fields[0].Name != "agent" || ask.fields[1].Name != "company" {
		t.Errorf("dialog %q %+v", ask.title, ask.fields)
	}
}

// Skipping the question writes nothing and says how to set the name later.
func TestFirstStartSkipped(t *testing.T) {
	home, stderr := runFirstStart(t, "\n\n", true, nil)
	if _, err := os.Stat(filepath.Join(home, "config.yml")); !os.IsNotExist(err) {
		t.Errorf("config.yml written although nothing was given: %v", err)
	}
	if !strings.Contains(stderr, `no name given; replies signed with {{agent}} ask for it until you run kindly profile set agent "Your name"`) {
		t.Errorf("stderr:\n%s", stderr)
	}
	// Cancelled dialog, no terminal: the same.
	_, stderr = runFirstStart(t, "", false, &dialogAsker{})
	if !strings.Contains(stderr, "no name given") {
		t.Errorf("stderr:\n%s", stderr)
	}
}

// A config.yml kindly cannot read does not keep the daemon from starting.
func TestFirstStartWithABrokenConfig(t *testing.T) {
	home := filepath.Join(t.TempDir(), "home")
	if err := os.MkdirAll(home, 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(home, "config.yml"), []byte("profile: [\n"), 0o644)
	var errb bytes.Buffer
	d := &cmd.Deps{
		IO:      cmd.IO{In: strings.NewReader("Sam\n"), Out: &bytes.Buffer{}, Err: &errb, InTTY: true},
		Getenv:  func(k string) string { return map[string]string{"KINDLY_HOME": home}[k] },
		Now:     time.Now,
		Version: "test",
		RunDaemon: func(o cmd.DaemonOptions) error {
			return o.FirstStart(nil)
		},
	}
	if code := cmd.Main(d, []string{"run"}); code != 0 || !strings.Contains(errb.String(), "first start: your name is not asked for: ") {
		t.Fatalf("exit %d\n%s", code, errb.String())
	}
}
