package ibus

import (
	"bufio"
	"fmt"
	"github.com/kindly-support/kindly/hooks"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// runs is how many times the real-app sets run in a row (KINDLY_E2E_RUNS,
// as for the X11 end-to-end tests; 1 by default).
func runs() int {
	n, err := strconv.Atoi(os.Getenv("KINDLY_E2E_RUNS"))
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// startXvfb starts a private X server and returns its display.
func startXvfb(t testing.TB) string {
	t.Helper()
	need(t, "Xvfb", "xdotool")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	x := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
	x.ExtraFiles = []*os.File{w}
	if err := x.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	line, err := bufio.NewReader(r).ReadString('\n')
	r.Close()
	if err != nil {
		t.Fatalf("Xvfb did not report its display: %v", err)
	}
	t.Cleanup(func() { x.Process.Kill(); x.Wait() })
	return ":" + strings.TrimSpace(line)
}

func python() string {
	if _, err := os.Stat("/usr/bin/python3"); err == nil {
		return "/usr/bin/python3"
	}
	return "python3"
}

// imApp is testdata/imapp.py: a GTK 3 window using IBus.
type imApp struct {
	t   testing.TB
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
	dir string
}

func (e *ibusEnv) startIMApp(t testing.TB, env ...string) *imApp {
	t.Helper()
	need(t, python())
	script, _ := filepath.Abs("testdata/imapp.py")
	a := &imApp{t: t, dir: e.dir}
	a.cmd = e.command(python(), script, filepath.Join(e.dir, "app.out"))
	a.cmd.Env = append(append(a.cmd.Env, "GTK_IM_MODULE=ibus"), env...)
	log := &lockedBuffer{}
	a.cmd.Stderr = log
	in, err := a.cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := a.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	a.in, a.out = in, bufio.NewReader(stdout)
	if err := a.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		fmt.Fprintln(a.in, "quit")
		a.in.Close()
		done := make(chan struct{})
		go func() { a.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			a.cmd.Process.Kill()
			<-done
		}
		if t.Failed() && log.String() != "" {
			t.Logf("the GTK app said:\n%s", log.String())
		}
	})
	a.expect("ready")
	return a
}

// expect waits for a line from the app.
func (a *imApp) expect(want string) {
	a.t.Helper()
	got := make(chan string, 1)
	go func() {
		l, _ := a.out.ReadString('\n')
		got <- strings.TrimSpace(l)
	}()
	select {
	case l := <-got:
		if l != want {
			a.t.Fatalf("the app said %q, want %q", l, want)
		}
	case <-time.After(15 * time.Second):
		a.t.Fatalf("the app did not say %q in 15s", want)
	}
}

func (a *imApp) send(cmd string) { fmt.Fprintln(a.in, cmd) }

func (a *imApp) text() string {
	b, _ := os.ReadFile(filepath.Join(a.dir, "app.out"))
	return string(b)
}

func (a *imApp) password() string {
	b, _ := os.ReadFile(filepath.Join(a.dir, "app.out.pw"))
	return string(b)
}

func (a *imApp) clear() {
	a.t.Helper()
	a.send("clear")
	waitFor(a.t, "an empty field", func() bool { return a.text() == "" && a.password() == "" }, 5*time.Second)
}

func waitFor(t testing.TB, what string, ok func() bool, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("no %s after %v", what, within)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitText waits for the text view to hold exactly want.
func (a *imApp) waitText(want string, within time.Duration) {
	a.t.Helper()
	deadline := time.Now().Add(within)
	for {
		got := a.text()
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("text after %v:\n got %q\nwant %q", within, got, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// setGlobalEngine switches ibus-daemon to kindly, as picking kindly in
// the input-source menu does.
func (e *ibusEnv) setGlobalEngine(t testing.TB, name string) {
	t.Helper()
	conn, err := dbus.Dial(e.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.Auth(nil); err != nil {
		t.Fatal(err)
	}
	if err := conn.Hello(); err != nil {
		t.Fatal(err)
	}
	if err := conn.Object(ibusIface, ibusPath).Call(ibusIface+".SetGlobalEngine", 0, name).Err; err != nil {
		t.Fatalf("SetGlobalEngine %s: %v", name, err)
	}
}

// gtkCase is one case of the real-app set: xdotool arguments and the
// exact text the GTK text view must end with.
type gtkCase struct {
	name string
	xdo  [][]string // xdotool commands, run one after the other
	want string
}

func typ(delay int, s string) []string {
	return []string{"type", "--delay", strconv.Itoa(delay), s}
}

func gtkCases() []gtkCase {
	r := testRules()
	long300, big := r[2].Replace, r[3].Replace
	return []gtkCase{
		{"trigger inside a sentence", [][]string{typ(12, "Hi, ;sorry Bye.")}, "Hi, Sorry for the wait, we are on it. Bye."},
		{"300 characters, multi-line", [][]string{typ(12, "Dear Sam, ;long")}, "Dear Sam, " + long300},
		{"2,000 characters", [][]string{typ(12, ";huge"), typ(12, "end")}, big + "end"},
		// xdotool types a character the keyboard map lacks by remapping a
		// key just before, and GTK sometimes reads that key with the old
		// map (keysym 0: the character is lost), so the non-ASCII is in
		// the reply; TestEngineOverDBus sends non-ASCII keysyms.
		{"non-ASCII", [][]string{typ(12, "Voila ;uni ok")}, "Voila Café — it’s “fine” 😀 ✓ ok"},
		{"typo fixed with Backspace", [][]string{typ(12, "x ;sorrx"), {"key", "BackSpace"}, typ(12, "y!")}, "x Sorry for the wait, we are on it.!"},
		{"word trigger", [][]string{typ(12, "I brb now, abrb stays")}, "I be right back now, abrb stays"},
		{"propagate case", [][]string{typ(12, ";Ty and ;TY and ;ty")}, "Thank you and THANK YOU and thank you"},
		{"typing straight on at 5 ms", [][]string{typ(5, "a ;zz and straight on typing after it")}, "a Hello ✓ world and straight on typing after it"},
		{"no pause", [][]string{typ(0, "a ;zz and straight on typing after it")}, "a Hello ✓ world and straight on typing after it"},
		{"2,000 characters, no pause", [][]string{typ(0, ";huge and on")}, big + " and on"},
		{"caret $|$", [][]string{typ(12, ";sigAlex")}, "Best,\nAlex\nThe team"},
	}
}

// The real-app set: a GTK 3 text view with GTK_IM_MODULE=ibus under Xvfb,
// xdotool typing, the exact final text; through surrounding text (what
// GTK offers) and, with the engine told to ignore it, through forwarded
// BackSpaces.
func TestGTK(t *testing.T) {
	if os.Getenv("KINDLY_IBUS_TRACE") != "" {
		start := time.Now()
		trace = func(f string, a ...any) {
			t.Logf("%8.3fms "+f, append([]any{float64(time.Since(start).Microseconds()) / 1000}, a...)...)
		}
		defer func() { trace = nil }()
	}
	disp := startXvfb(t)
	env := startIBus(t, "DISPLAY="+disp)
	b, sess := env.openEngine(t, testRules())
	app := env.startIMApp(t)
	wid := xdoOut(t, env, "search", "--sync", "--onlyvisible", "--classname", "kindly-ibus-test")
	xdo(t, env, "windowfocus", "--sync", strings.TrimSpace(wid))
	env.setGlobalEngine(t, EngineName)
	waitFor(t, "focus event from the GTK app", func() bool { return sess.lastApp().ID != "" }, 10*time.Second)

	for _, path := range []string{"surrounding text", "forwarded BackSpaces"} {
		for run := range runs() {
			for _, c := range gtkCases() {
				t.Run(fmt.Sprintf("%s/%s/run %d", path, c.name, run+1), func(t *testing.T) {
					b.mu.Lock()
					for _, e := range b.engines {
						e.mu.Lock()
						e.forceForward = path == "forwarded BackSpaces"
						e.mu.Unlock()
					}
					b.forceForward = path == "forwarded BackSpaces"
					b.mu.Unlock()
					app.t = t
					app.clear()
					for _, args := range c.xdo {
						xdo(t, env, args...)
					}
					app.waitText(c.want, 10*time.Second)
				})
			}
		}
	}

	t.Run("password field left alone", func(t *testing.T) {
		app.t = t
		app.clear()
		app.send("password")
		app.expect("focused")
		// GTK 3 keeps IBus out of password entries altogether (the focus
		// goes to ibus-daemon's stand-in context); other toolkits tell
		// the engine the field's purpose (TestEnginePasswordField).
		waitFor(t, "the password field's focus event", func() bool { a := sess.lastApp(); return a.Password || a.Class == "" }, 5*time.Second)
		before := sess.keyCount()
		xdo(t, env, typ(12, "pw ;zz")...)
		waitFor(t, "the typed password", func() bool { return app.password() == "pw ;zz" }, 5*time.Second)
		if n := sess.keyCount() - before; n != 0 {
			t.Errorf("%d keys typed in the password field reached the session", n)
		}
		if app.text() != "" {
			t.Errorf("the text view changed: %q", app.text())
		}
		app.send("text")
		app.expect("focused")
		waitFor(t, "the text view's focus event", func() bool { a := sess.lastApp(); return !a.Password && a.Class != "" }, 5*time.Second)
		xdo(t, env, typ(12, "ok ;zz")...)
		app.waitText("ok Hello ✓ world", 10*time.Second)
	})
}

func xdo(t testing.TB, e *ibusEnv, args ...string) {
	t.Helper()
	if out, err := e.command("xdotool", args...).CombinedOutput(); err != nil {
		t.Fatalf("xdotool %v: %v\n%s", args, err, out)
	}
}

func xdoOut(t testing.TB, e *ibusEnv, args ...string) string {
	t.Helper()
	out, err := e.command("xdotool", args...).Output()
	if err != nil {
		t.Fatalf("xdotool %v: %v", args, err)
	}
	f := strings.Fields(string(out))
	if len(f) == 0 {
		t.Fatalf("xdotool %v: no window", args)
	}
	return f[len(f)-1]
}

// A GTK 3 text view with a `shift_enter: true` rule: multi-line replies go
// in piece by piece with forwarded Shift+Returns (which a text view turns
// into line breaks), each piece after the line break before it; the
// final text is the reply exactly.
func TestGTKShiftEnter(t *testing.T) {
	disp := startXvfb(t)
	env := startIBus(t, "DISPLAY="+disp)
	b, sess := env.openEngine(t, testRules())
	app := env.startIMApp(t)
	wid := strings.TrimSpace(xdoOut(t, env, "search", "--sync", "--onlyvisible", "--classname", "kindly-ibus-test"))
	xdo(t, env, "windowfocus", "--sync", wid)
	env.setGlobalEngine(t, EngineName)
	waitFor(t, "focus event from the GTK app", func() bool { return sess.lastApp().ID != "" }, 10*time.Second)
	// ibus-daemon names the program from the second focus on.
	app.send("password")
	app.expect("focused")
	app.send("text")
	app.expect("focused")
	waitFor(t, "the program's name", func() bool { return sess.lastApp().Class != "" }, 10*time.Second)
	class := sess.lastApp().Class
	b.SetApps(hooks.NewApps([]hooks.AppRule{{Class: class, Config: hooks.AppConfig{ShiftEnter: true}}}, DefaultApps))
	if !b.appConfig(sess.lastApp()).ShiftEnter {
		t.Fatalf("the rule for %q does not apply", class)
	}
	var mu sync.Mutex
	breaks := 0
	verbose := os.Getenv("KINDLY_IBUS_TRACE") != ""
	trace = func(f string, a ...any) {
		if verbose {
			t.Logf(f, a...)
		}
		if f == "line break as Shift+Return" {
			mu.Lock()
			breaks++
			mu.Unlock()
		}
	}
	defer func() { trace = nil }()
	long300 := testRules()[2].Replace
	cases := []gtkCase{
		{"300 characters, multi-line", [][]string{typ(12, "Dear Sam, ;long")}, "Dear Sam, " + long300},
		{"caret $|$", [][]string{typ(12, ";sigAlex")}, "Best,\nAlex\nThe team"},
		{"no pause", [][]string{typ(0, "a ;long and on")}, "a " + long300 + " and on"},
	}
	for _, path := range []string{"surrounding text", "forwarded BackSpaces"} {
		for run := range runs() {
			for _, c := range cases {
				t.Run(fmt.Sprintf("%s/%s/run %d", path, c.name, run+1), func(t *testing.T) {
					b.mu.Lock()
					for _, e := range b.engines {
						e.mu.Lock()
						e.forceForward = path == "forwarded BackSpaces"
						e.mu.Unlock()
					}
					b.forceForward = path == "forwarded BackSpaces"
					b.mu.Unlock()
					app.t = t
					app.clear()
					mu.Lock()
					breaks = 0
					mu.Unlock()
					for _, args := range c.xdo {
						xdo(t, env, args...)
					}
					app.waitText(c.want, 15*time.Second)
					mu.Lock()
					defer mu.Unlock()
					if want := strings.Count(c.want, "\n"); breaks != want {
						t.Errorf("%d line breaks went in as Shift+Return, want %d", breaks, want)
					}
				})
			}
		}
	}
}
