package cmd_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kindly-support/kindly/cmd"
	"github.com/kindly-support/kindly/daemon/control"
)

// `kindly run` hands the daemon its options; the starter pack is written
// only once the daemon says the desktop works (FirstStart), never by a run
// that cannot start.
func TestRunHandsTheDaemonItsOptions(t *testing.T) {
	e := newTestHome(t)
	var got cmd.DaemonOptions
	errNoKbd := errors.New("no keyboard access")
	e.noKeyboard = errNoKbd
	e.daemon = func(o cmd.DaemonOptions) error {
		got = o
		return fmt.Errorf("%w: no X11 display", errNoKbd)
	}
	if code := e.run("run", "--backend", "x11", "-v"); code != cmd.ExitNoHooks {
		t.Fatalf("exit %d, want %d (stderr %q)", code, cmd.ExitNoHooks, e.err.String())
	}
	if got.Home != e.home || got.Backend != "x11" || !got.Verbose || got.FirstStart == nil {
		t.Fatalf("options %+v", got)
	}
	if _, err := os.Stat(filepath.Join(e.home, "snippets")); !os.IsNotExist(err) {
		t.Fatalf("a run that could not start wrote the starter pack (%v)", err)
	}
	e.daemon = func(o cmd.DaemonOptions) error { return o.FirstStart(nil) }
	if code := e.run("run"); code != cmd.ExitOK {
		t.Fatalf("exit %d (stderr %q)", code, e.err.String())
	}
	if !strings.Contains(e.err.String(), "first start: wrote the starter pack") {
		t.Fatalf("stderr %q", e.err.String())
	}
	e.daemon = func(o cmd.DaemonOptions) error { return o.FirstStart(nil) }
	if code := e.run("run"); code != cmd.ExitOK || strings.Contains(e.err.String(), "first start") {
		t.Fatalf("second start: exit %d, stderr %q", code, e.err.String())
	}
	e.daemon = nil
	if code := e.run("run"); code != cmd.ExitNoHooks {
		t.Fatalf("no daemon built in: exit %d", code)
	}
}

// A stand-in daemon: it answers the control socket as the real loop does.
func serveStatus(t *testing.T, home string, st control.Status) {
	t.Helper()
	reqs := make(chan control.Request)
	l, err := control.Listen(control.SocketPath(home), reqs)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for r := range reqs {
			switch r.Cmd {
			case "status":
				b, _ := json.Marshal(st)
				r.Reply <- "ok " + string(b)
			default:
				r.Reply <- "error: unknown request"
			}
		}
	}()
}

func TestStatus(t *testing.T) {
	e := newTestHome(t)
	if code := e.run("status"); code != cmd.ExitError || !strings.Contains(e.err.String(), "start it with 'kindly run'") {
		t.Fatalf("not running: exit %d, stderr %q", code, e.err.String())
	}
	if code := e.run("status", "--json"); code != cmd.ExitError || strings.TrimSpace(e.out.String()) != `{"running":false}` {
		t.Fatalf("not running, json: exit %d, out %q", code, e.out.String())
	}
	started := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	serveStatus(t, e.home, control.Status{PID: 42, Backend: "x11", Display: ":5", Hooked: true, Snippets: 3,
		Expanded: 7, Started: started, Paused: true, LastError: "snippets/a.yml:2:3: error: bad"})
	if code := e.run("status"); code != cmd.ExitOK {
		t.Fatalf("exit %d, stderr %q", code, e.err.String())
	}
	want := "kindly is paused (pid 42) on x11 display :5, hooked: 3 snippets, 7 expansions, up 1h0m0s\n" +
		"last reload failed, serving the last good library: snippets/a.yml:2:3: error: bad\n"
	if e.out.String() != want {
		t.Fatalf("got %q\nwant %q", e.out.String(), want)
	}
	if code := e.run("status", "--json"); code != cmd.ExitOK || !strings.Contains(e.out.String(), `"running":true,"pid":42,"home":"","backend":"x11"`) {
		t.Fatalf("json: exit %d, out %q", code, e.out.String())
	}
}

func TestDoctor(t *testing.T) {
	e := newTestHome(t)
	if code := e.run("doctor"); code != cmd.ExitNoHooks {
		t.Fatalf("no doctor built in: exit %d", code)
	}
	var opts cmd.DoctorOptions
	e.doctor = func(o cmd.DoctorOptions) []cmd.Check {
		opts = o
		return []cmd.Check{
			{Name: "library", OK: true, Detail: "3 snippets"},
			{Name: "dialog", OK: false, Detail: "yad is missing", Fix: "sudo apt-get install yad"},
		}
	}
	if code := e.run("doctor", "--self-test"); code != cmd.ExitError {
		t.Fatalf("exit %d", code)
	}
	want := "ok   library      3 snippets\n" +
		"FAIL dialog       yad is missing\n" +
		"                  fix: sudo apt-get install yad\n" +
		"1 of 2 checks failed\n"
	if e.out.String() != want || !opts.SelfTest || opts.Home != e.home {
		t.Fatalf("got %q\nwant %q (options %+v)", e.out.String(), want, opts)
	}
	if code := e.run("doctor", "--json"); code != cmd.ExitError || !strings.Contains(e.out.String(), `"fix": "sudo apt-get install yad"`) {
		t.Fatalf("json: exit %d, out %q", code, e.out.String())
	}
}

// `kindly pause --toggle` asks the daemon to toggle (what a desktop
// shortcut runs on Wayland); plain pause still pauses.
func TestPauseToggle(t *testing.T) {
	e := newTestHome(t)
	reqs := make(chan control.Request)
	l, err := control.Listen(control.SocketPath(e.home), reqs)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	paused := false
	go func() {
		for r := range reqs {
			switch r.Cmd {
			case "toggle":
				paused = !paused
			case "pause":
				paused = true
			default:
				r.Reply <- "error: unknown request"
				continue
			}
			r.Reply <- "ok " + map[bool]string{true: "paused", false: "running"}[paused]
		}
	}()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"pause", "--toggle"}, "kindly is paused\n"},
		{[]string{"pause", "--toggle"}, "kindly is running\n"},
		{[]string{"pause"}, "kindly is paused\n"},
	} {
		if code := e.run(c.args...); code != cmd.ExitOK || e.out.String() != c.want {
			t.Fatalf("%v: exit %d, out %q, want %q (stderr %q)", c.args, code, e.out.String(), c.want, e.err.String())
		}
	}
	if code := e.run("resume", "--toggle"); code == cmd.ExitOK {
		t.Fatalf("resume --toggle was accepted")
	}
}

// On Windows the home is %APPDATA%\kindly unless KINDLY_HOME says otherwise.
func TestHomeOnWindows(t *testing.T) {
	for _, tt := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"APPDATA": `C:\Users\sam\AppData\Roaming`, "HOME": "/h"}, filepath.Join(`C:\Users\sam\AppData\Roaming`, "kindly")},
		{map[string]string{"USERPROFILE": `C:\Users\sam`}, filepath.Join(`C:\Users\sam`, "AppData", "Roaming", "kindly")},
		{map[string]string{"APPDATA": `C:\x`, "KINDLY_HOME": `D:\kindly`}, `D:\kindly`},
	} {
		d := &cmd.Deps{GOOS: "windows", Getenv: func(k string) string { return tt.env[k] }}
		if got := d.Home(); got != tt.want {
			t.Errorf("%v: home %q, want %q", tt.env, got, tt.want)
		}
	}
	d := &cmd.Deps{GOOS: "linux", Getenv: func(k string) string { return map[string]string{"APPDATA": `C:\x`, "HOME": "/h"}[k] }}
	if got := d.Home(); got != filepath.Join("/h", ".config", "kindly") {
		t.Errorf("linux: %q", got)
	}
}
