package e2e

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kindly-support/kindly/examples"
	"github.com/kindly-support/kindly/snippets"
)

// typeInto clears tg, types s at 5 ms a key and waits for want.
func (e *env) typeInto(tg target, s, want string) {
	e.t.Helper()
	tg.clear()
	e.xdo("type", "--delay", "5", "--", s)
	waitText(e.t, tg, want+tg.finish(), 5*time.Second)
}

// waitFor polls until cond holds or fails with msg.
func waitFor(t testing.TB, within time.Duration, msg string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s: %s", within, msg)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The daemon reloads when library files change; a broken edit is reported
// with file:line and the last good library keeps serving.
func TestReloadKeepsLastGoodLibrary(t *testing.T) {
	e := startX(t)
	need(t, python())
	e.startDaemon("testdata/library")
	tk := e.startApp("tk")
	defer tk.close()

	e.typeInto(tk, "a ;new b", "a ;new b")
	added := filepath.Join(e.home, "snippets", "added.yml")
	writeFile(t, added, "snippets:\n  - trigger: \";new\"\n    replace: \"brand new reply\"\n")
	waitFor(t, 5*time.Second, "reload after a new file", func() bool {
		return strings.Contains(e.log.String(), "reloaded: 7 snippets")
	})
	e.typeInto(tk, "a ;new b", "a brand new reply b")

	// A broken edit: reported with file and line, the old library stays.
	writeFile(t, added, "snippets:\n  - trigger: \";new\"\n    replce: \"typo\"\n")
	waitFor(t, 5*time.Second, "the broken edit reported", func() bool {
		return strings.Contains(e.log.String(), "snippets/added.yml:3:5: error: unknown key \"replce\"")
	})
	if !strings.Contains(e.log.String(), "still serving the last good library (7 snippets)") {
		t.Fatalf("log does not say the last good library keeps serving:\n%s", e.log)
	}
	e.typeInto(tk, "x ;new y", "x brand new reply y")
	out, err := e.kindly("reload")
	if err == nil || !strings.Contains(out, "snippets/added.yml:2:5: error: snippet has no `replace`") ||
		!strings.Contains(out, "still serving the last good library") {
		t.Fatalf("kindly reload on a broken library: err %v, output %q", err, out)
	}
	out, _ = e.kindly("status")
	if !strings.Contains(out, "last reload failed") {
		t.Fatalf("status does not mention the failed reload: %q", out)
	}

	// Fixed: serves the new wording.
	writeFile(t, added, "snippets:\n  - trigger: \";new\"\n    replace: \"fixed reply\"\n")
	out, err = e.kindly("reload")
	if err != nil || !strings.Contains(out, "reloaded 7 snippets") {
		t.Fatalf("kindly reload: %v %q", err, out)
	}
	e.typeInto(tk, ";new", "fixed reply")
}

// status, stop, one daemon per home.
func TestStatusStopAndOneDaemonPerHome(t *testing.T) {
	e := startX(t)
	e.startDaemon("testdata/library")
	out, err := e.kindly("status")
	if err != nil || !strings.Contains(out, "hooked") {
		t.Fatalf("status: %v %q", err, out)
	}
	out, err = e.kindly("status", "--json")
	if err != nil || !strings.Contains(out, `"running":true`) || !strings.Contains(out, `"hooked":true`) {
		t.Fatalf("status --json: %v %q", err, out)
	}
	second := e.command(e.bin, "run")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	second = exec.CommandContext(ctx, second.Path, second.Args[1:]...)
	second.Env = e.environ()
	b, err := second.CombinedOutput()
	if err == nil || !strings.Contains(string(b), "already running") {
		t.Fatalf("a second daemon for the same home: %v %q", err, b)
	}
	out, err = e.kindly("stop")
	if err != nil || !strings.Contains(out, "stopped") {
		t.Fatalf("stop: %v %q", err, out)
	}
	out, err = e.kindly("status")
	if err == nil || !strings.Contains(out, "no kindly daemon is running") {
		t.Fatalf("status after stop: %v %q", err, out)
	}
}

// kindly run with no display says so at once and exits 1.
func TestRunWithoutDisplay(t *testing.T) {
	home := t.TempDir()
	c := exec.Command(kindlyBin, "run", "--home", home)
	c.Env = append(os.Environ(), "DISPLAY=", "WAYLAND_DISPLAY=wayland-0")
	start := time.Now()
	out, err := c.CombinedOutput()
	// A Wayland session: kindly would be an IBus input method there, and no
	// ibus-daemon runs here, so it cannot read the keyboard (exit 3).
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 3 {
		t.Fatalf("exit: %v (%s)", err, out)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("took %s, want at once", took)
	}
	for _, w := range []string{"DISPLAY", "Wayland", "ibus-daemon"} {
		if !strings.Contains(string(out), w) {
			t.Errorf("message %q does not name %s", out, w)
		}
	}
	// It said so at once and wrote nothing: the starter pack goes in only
	// once kindly can run.
	if _, err := os.Stat(filepath.Join(home, "snippets")); !os.IsNotExist(err) {
		t.Errorf("a run that could not start wrote the library (%v)", err)
	}
	// No display of any kind: exit 1, naming DISPLAY.
	c = exec.Command(kindlyBin, "run", "--home", home)
	c.Env = append(os.Environ(), "DISPLAY=", "WAYLAND_DISPLAY=")
	out, err = c.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.Contains(string(out), "DISPLAY is not set") {
		t.Errorf("no display at all: %v (%s)", err, out)
	}
}

// A CGO_ENABLED=0 build is a whole kindly: the X11 key hook (X RECORD) and
// the injector are pure Go, so it expands like the default build.
func TestNoCgoBuild(t *testing.T) {
	e := startX(t)
	bin := filepath.Join(t.TempDir(), "kindly")
	build := exec.Command("go", "build", "-o", bin, "../cmd/kindly")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 build: %v\n%s", err, out)
	}
	e.bin = bin
	e.startDaemon("testdata/library")
	x := e.startXterm()
	defer x.close()
	e.play(x, e2eCase{"no-cgo build expands", []step{typed("Hi ;ty and on", 5)}, "Hi thank you and on"})
}

// Per-app settings: kindly off in one app; another app's paste shortcut.
func TestPerAppSettings(t *testing.T) {
	e := startX(t)
	need(t, python())
	e.home = filepath.Join(e.dir, "home")
	// GTK pastes on Shift+Insert as well as Ctrl+V, so the paste shortcut
	// alone would prove nothing: type_max -1 (always paste) is visible in
	// the app's change log, a typed reply arrives a character at a time.
	writeFile(t, filepath.Join(e.home, "config.yml"), `apps:
  - class: kindly-e2e-tk
    off: true
  - class: kindly-e2e-gtk
    paste: shift+insert
    type_max: -1
`)
	e.startDaemon("testdata/library")
	tk := e.startApp("tk")
	e.typeInto(tk, "a ;ty b", "a ;ty b")
	tk.close()
	gtk := e.startApp("gtk")
	defer gtk.close()
	r := replies(t)
	e.typeInto(gtk, "a ;long", "a "+r[";long"])
	e.typeInto(gtk, "x ;ty", "x thank you")
	log, err := os.ReadFile(gtk.out + ".log")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(log), "\n") {
		if _, text, ok := strings.Cut(line, "\t"); ok && (text == `"x t"` || text == `"x th"`) {
			t.Fatalf("the short reply was typed a key at a time in an app set to always paste (%s)", text)
		}
	}
}

// After a paste the user's clipboard holds what it held before.
func TestClipboardRestored(t *testing.T) {
	e := startX(t)
	need(t, python(), "xclip")
	e.startDaemon("testdata/library")
	gtk := e.startApp("gtk")
	defer gtk.close()
	setClip := e.command("xclip", "-selection", "clipboard")
	setClip.Stdin = strings.NewReader("the customer's order number 12345")
	// No output pipes: xclip forks a child that serves the selection and
	// would keep them open.
	if err := setClip.Run(); err != nil {
		t.Fatalf("xclip: %v", err)
	}
	r := replies(t)
	e.typeInto(gtk, ";huge", r[";huge"])
	waitFor(t, 3*time.Second, "clipboard restored", func() bool {
		out, _ := e.command("xclip", "-o", "-selection", "clipboard").Output()
		return string(out) == "the customer's order number 12345"
	})
}

// An image on the clipboard, and text too large for one transfer, come back
// byte for byte after a paste.
func TestClipboardImageAndLargeTextRestored(t *testing.T) {
	e := startX(t)
	need(t, python(), "xclip")
	e.startDaemon("testdata/library")
	gtk := e.startApp("gtk")
	defer gtk.close()
	r := replies(t)
	png := make([]byte, 300<<10) // larger than one property change: INCR both ways
	copy(png, "\x89PNG\r\n\x1a\n")
	for i := 8; i < len(png); i++ {
		png[i] = byte(i * 7)
	}
	big := strings.Repeat("order 12345 — long clipboard text\n", 10_000)
	for _, c := range []struct {
		target string
		data   []byte
	}{{"image/png", png}, {"UTF8_STRING", []byte(big)}} {
		set := e.command("xclip", "-selection", "clipboard", "-t", c.target)
		set.Stdin = bytes.NewReader(c.data)
		if err := set.Run(); err != nil {
			t.Fatalf("xclip: %v", err)
		}
		e.typeInto(gtk, ";long", r[";long"])
		waitFor(t, 5*time.Second, c.target+" restored", func() bool {
			out, _ := e.command("xclip", "-o", "-selection", "clipboard", "-t", c.target).Output()
			return bytes.Equal(out, c.data)
		})
	}
}

// $|$ puts the caret inside the reply: what is typed next lands there.
func TestCursorMarker(t *testing.T) {
	e := startX(t)
	need(t, python())
	e.home = filepath.Join(e.dir, "home")
	writeFile(t, filepath.Join(e.home, "snippets", "cursor.yml"),
		"snippets:\n  - trigger: \";order\"\n    replace: \"Your order #$|$ is on its way.\"\n")
	e.startDaemon("testdata/library")
	gtk := e.startApp("gtk")
	defer gtk.close()
	e.typeInto(gtk, "Hi! ;order12345", "Hi! Your order #12345 is on its way.")
}

// The first start writes the starter pack, and its replies expand: a
// greeting asks for the customer's name in the fill-in dialog and signs with
// the profile.
func TestFirstRunUsesStarterPack(t *testing.T) {
	e := startX(t)
	need(t, python(), "yad")
	home := filepath.Join(e.dir, "fresh-home")
	writeFile(t, filepath.Join(home, "config.yml"), "profile:\n  agent: Sam\n")
	e.startDaemonIn(home)
	lib, problems, err := snippets.LoadFS(examples.Starter, examples.StarterDir)
	if err != nil || len(problems) > 0 {
		t.Fatalf("starter pack: %v %v", err, problems)
	}
	s, ok := lib.Find(";sorry")
	if !ok {
		t.Fatal("starter pack has no ;sorry")
	}
	tk := e.startApp("tk")
	defer tk.close()
	tk.clear()
	e.xdo("type", "--delay", "5", ";sorry")
	e.dialog(";sorry", press("ctrl+a"), typed("Maria", 0), press("Return"))
	want := strings.NewReplacer("{{customer|there}}", "Maria", "{{agent}}", "Sam").Replace(s.Replace)
	waitText(t, tk, want, 5*time.Second)
	if !strings.HasPrefix(want, "Hi Maria, ") || !strings.HasSuffix(want, "– Sam") {
		t.Fatalf("the starter ;sorry does not greet and sign: %q", want)
	}
}

// The robotgo injector (config `injector: robotgo`) expands too; it is the
// slower, portable one (see docs/performance.md).
func TestRobotgoInjector(t *testing.T) {
	e := startX(t)
	need(t, python())
	e.home = filepath.Join(e.dir, "home")
	writeFile(t, filepath.Join(e.home, "config.yml"), "injector: robotgo\n")
	e.startDaemon("testdata/library")
	if !strings.Contains(e.log.String(), "injector: robotgo") {
		t.Fatalf("daemon did not switch to robotgo:\n%s", e.log)
	}
	tk := e.startApp("tk")
	defer tk.close()
	// No typing straight on: robotgo cannot hold the keyboard, so the next
	// key would race with its backspaces (that is what the X11 injector's
	// hold is for).
	e.typeInto(tk, "Hello, ;ty", "Hello, thank you")
	r := replies(t)
	start := time.Now()
	tk.clear()
	e.xdo("type", "--delay", "5", "--", ";long")
	waitText(t, tk, r[";long"], 20*time.Second)
	t.Logf("robotgo typed the 300-character reply in about %s", time.Since(start).Round(time.Millisecond))
}

// kindly doctor: every check passes under Xvfb, and the self-test expands
// into its own window; without a display it says what to do.
func TestDoctor(t *testing.T) {
	e := startX(t)
	need(t, "yad", "xclip")
	bus := startNotifications(t)
	e.home = filepath.Join(e.dir, "home")
	copyDir(t, "testdata/library", filepath.Join(e.home, "snippets"))
	doctor := func(busAddr string, args ...string) (string, error) {
		c := e.command(e.bin, append([]string{"doctor"}, args...)...)
		c.Env = append(c.Env, "DBUS_SESSION_BUS_ADDRESS="+busAddr)
		out, err := c.CombinedOutput()
		return string(out), err
	}
	// No name in the profile and no notification server: both named, each
	// with its fix.
	out, err := doctor("unix:path=" + filepath.Join(e.dir, "no-bus"))
	for _, want := range []string{"FAIL profile      your name is not set: 0 replies sign with {{agent}} and ask for it each time\n" +
		"                  fix: kindly profile set agent \"Your name\"",
		"FAIL notices      no session bus", "fix: sudo apt-get install dunst", "ok   dialogs      yad", "ok   clipboard    xclip"} {
		if err == nil || !strings.Contains(out, want) {
			t.Errorf("doctor without a profile and a notification server (%v) lacks %q:\n%s", err, want, out)
		}
	}
	// Without yad and a clipboard tool: each named, with what it costs and
	// the fix.
	nothing := e.command(e.bin, "doctor")
	nothing.Env = append(nothing.Env, "PATH="+t.TempDir(), "DBUS_SESSION_BUS_ADDRESS="+bus.addr)
	b, err := nothing.CombinedOutput()
	for _, want := range []string{"FAIL dialogs      yad is not installed: replies with fill-ins ({{customer|there}}, most starter replies) do nothing\n" +
		"                  fix: sudo apt-get install yad",
		"FAIL clipboard    neither xclip nor xsel is installed", "fix: sudo apt-get install xclip"} {
		if err == nil || !strings.Contains(string(b), want) {
			t.Errorf("doctor without helpers (%v) lacks %q:\n%s", err, want, b)
		}
	}
	writeFile(t, filepath.Join(e.home, "config.yml"), "profile:\n  agent: Sam\n")
	out, err = doctor(bus.addr, "--self-test")
	if err != nil {
		t.Fatalf("doctor: %v\n%s", err, out)
	}
	for _, want := range []string{"ok   display", "ok   xtest", "ok   record", "ok   library      6 snippets",
		"ok   profile      replies are signed Sam", "ok   notices      notification server: kindly-e2e 1",
		"ok   self-test    expanded a typed and a pasted reply"} {
		if !strings.Contains(out, want) {
			t.Errorf("doctor output lacks %q:\n%s", want, out)
		}
	}
	c := exec.Command(kindlyBin, "doctor", "--home", e.home)
	c.Env = append(os.Environ(), "DISPLAY=")
	b, err = c.CombinedOutput()
	if err == nil || !strings.Contains(string(b), "FAIL display") || !strings.Contains(string(b), "fix:") {
		t.Fatalf("doctor without a display: %v\n%s", err, b)
	}
}

// The daemon counts expansions and undos for `kindly stats`.
func TestStatsCountedByTheDaemon(t *testing.T) {
	e := startX(t)
	need(t, python())
	e.startDaemon("testdata/library")
	tk := e.startApp("tk")
	defer tk.close()
	e.typeInto(tk, "a ;ty b", "a thank you b")
	e.typeInto(tk, ";sorry", "I'm sorry about the delay.")
	// Undone at once: Backspace right after the expansion.
	e.typeInto(tk, ";ty", "thank you")
	e.xdo("key", "BackSpace")
	waitText(t, tk, "thank yo", 3*time.Second)
	time.Sleep(3 * time.Second) // past the undo window for the next one
	e.typeInto(tk, ";ty", "thank you")
	e.stopDaemon() // flushes the counts
	out, err := e.kindly("stats", "--json")
	if err != nil {
		t.Fatalf("stats: %v\n%s", err, out)
	}
	for _, want := range []string{`"trigger": ";ty"`, `"expansions": 3`, `"undone": 1`, `"trigger": ";sorry"`} {
		if !strings.Contains(out, want) {
			t.Errorf("stats lack %s:\n%s", want, out)
		}
	}
}

// The search hotkey opens the picker from any app; the chosen reply lands
// in the app that had the focus.
func TestSearchHotkey(t *testing.T) {
	e := startX(t)
	need(t, python())
	e.startDaemon("testdata/library")
	tk := e.startApp("tk")
	defer tk.close()
	e.typeInto(tk, "Dear customer, ", "Dear customer, ")
	e.xdo("key", "ctrl+alt+shift+k")
	picker := e.waitWindow("--name", "kindly search")
	time.Sleep(500 * time.Millisecond) // the picker draws its first screen
	_ = picker                         // it has the focus: plain typing goes there
	e.xdo("type", "--delay", "20", ";sorry")
	time.Sleep(300 * time.Millisecond)
	e.xdo("key", "Return")
	waitText(t, tk, "Dear customer, I'm sorry about the delay.", 5*time.Second)
	// Typing goes on in the app, and its triggers still expand.
	e.xdo("type", "--delay", "5", " ;ty")
	waitText(t, tk, "Dear customer, I'm sorry about the delay. thank you", 5*time.Second)
}

// SIGHUP reloads; when the X server goes away the daemon exits with a
// message (so a service manager restarts it) instead of hanging.
func TestSignalsAndLostDisplay(t *testing.T) {
	e := startX(t)
	e.startDaemon("testdata/library")
	writeFile(t, filepath.Join(e.home, "snippets", "more.yml"), "snippets:\n  - trigger: \";hup\"\n    replace: \"reloaded by SIGHUP\"\n")
	e.daemon.Process.Signal(syscall.SIGHUP)
	waitFor(t, 5*time.Second, "reload on SIGHUP", func() bool {
		return strings.Contains(e.log.String(), "reloaded: 7 snippets")
	})
	// An expansion whose count is not flushed yet (every 30 s) when the
	// display goes away: it must reach the stats file all the same.
	x := e.startXterm()
	e.typeInto(x, "a ;ty", "a thank you")
	done := make(chan error, 1)
	d := e.daemon
	go func() { done <- d.Wait() }()
	e.xvfb.Process.Kill()
	select {
	case err := <-done:
		e.daemon = nil
		if err == nil {
			t.Fatal("the daemon exited 0 after losing the display")
		}
		if !strings.Contains(e.log.String(), "X connection") {
			t.Fatalf("no message about the X connection:\n%s", e.log)
		}
		b, err := os.ReadFile(filepath.Join(e.home, "stats.json"))
		if err != nil || !strings.Contains(string(b), `";ty"`) {
			t.Errorf("the expansion was not flushed to the stats file on exit: %v\n%s", err, b)
		}
		if _, err := os.Stat(filepath.Join(e.home, "kindly.sock")); !os.IsNotExist(err) {
			t.Errorf("the control socket was left behind (%v)", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("the daemon did not exit after the X server died:\n%s", e.log)
	}
}

// With Caps Lock on the trigger arrives as ";TY" (propagate_case: the reply
// in capitals), and kindly's own typing is not turned upside down by Caps
// Lock (without care "THANK YOU" would come out as "thank you"); Caps Lock is
// still on afterwards.
func TestCapsLock(t *testing.T) {
	e := startX(t)
	need(t, python())
	e.startDaemon("testdata/library")
	tk := e.startApp("tk")
	defer tk.close()
	tk.clear()
	e.xdo("key", "Caps_Lock")
	e.xdo("type", "--delay", "5", ";ty")
	waitText(t, tk, "THANK YOU", 5*time.Second)
	e.xdo("key", "a")
	waitText(t, tk, "THANK YOUA", 5*time.Second)
	e.xdo("key", "Caps_Lock")
}
