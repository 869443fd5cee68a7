package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// env is one Xvfb display with a kindly daemon on it.
type env struct {
	t       testing.TB
	dir     string
	display string
	bin     string
	home    string
	xvfb    *exec.Cmd
	daemon  *exec.Cmd
	log     *bytes.Buffer
	ibusBus string // the session bus of the Gecko tests' ibus-daemon, once started
}

var kindlyBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "kindly-e2e-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	kindlyBin = filepath.Join(dir, "kindly")
	build := exec.Command("go", "build", "-o", kindlyBin, "../cmd/kindly")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build kindly:", err)
		os.Exit(1)
	}
	if bin := os.Getenv("KINDLY_E2E_BIN"); bin != "" {
		// Another build to test (an older one, to see a set catch its
		// faults): KINDLY_E2E_BIN=/path/to/kindly go test ./e2e -run X
		kindlyBin = bin
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// need skips (or, in CI, fails) when a program the test needs is missing.
func need(t testing.TB, progs ...string) {
	t.Helper()
	for _, p := range progs {
		if _, err := exec.LookPath(p); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed (make test installs it)", p)
			}
			t.Skipf("%s is not installed (make test installs it)", p)
		}
	}
}

// python is Debian's python3, which has GTK and Tk bindings.
func python() string {
	if _, err := os.Stat("/usr/bin/python3"); err == nil {
		return "/usr/bin/python3"
	}
	return "python3"
}

// startX starts a private Xvfb and returns its env (no daemon yet).
func startX(t testing.TB) *env {
	t.Helper()
	need(t, "Xvfb", "xdotool", "xterm")
	if runtime.GOOS != "linux" {
		t.Skip("X11 end-to-end tests run on Linux")
	}
	e := &env{t: t, dir: t.TempDir(), bin: kindlyBin, log: &bytes.Buffer{}}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	// -noreset: by default Xvfb resets when its last client leaves, and a
	// client connecting during the reset is cut off ("connection reset by
	// peer"), which made single-client tests such as doctor's flaky.
	e.xvfb = exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp", "-noreset")
	e.xvfb.ExtraFiles = []*os.File{w}
	if err := e.xvfb.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	line, err := bufio.NewReader(r).ReadString('\n')
	r.Close()
	if err != nil {
		t.Fatalf("Xvfb did not report its display: %v", err)
	}
	e.display = ":" + strings.TrimSpace(line)
	t.Cleanup(func() {
		e.xvfb.Process.Kill()
		e.xvfb.Wait()
		// A desktop helper a test started (GTK apps activate the document
		// portal on their session bus) may have mounted a FUSE file system
		// in the test's folder; unmount it before the folder is removed.
		unmountUnder(e.dir)
	})
	return e
}

// unmountUnder lazily unmounts every mount below dir.
func unmountUnder(dir string) {
	b, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) > 4 && strings.HasPrefix(f[4], dir+"/") {
			if exec.Command("fusermount", "-u", "-z", f[4]).Run() != nil {
				exec.Command("umount", "-l", f[4]).Run()
			}
		}
	}
}

func (e *env) environ() []string {
	// The library cache goes with the test's files, not the user's cache.
	env := []string{"DISPLAY=" + e.display, "KINDLY_HOME=" + e.home, "XDG_CACHE_HOME=" + filepath.Join(e.dir, "cache")}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "KINDLY_HOME=") &&
			!strings.HasPrefix(kv, "WAYLAND_DISPLAY=") && !strings.HasPrefix(kv, "XDG_CACHE_HOME=") {
			env = append(env, kv)
		}
	}
	return env
}

// command runs prog with the display's environment.
func (e *env) command(prog string, args ...string) *exec.Cmd {
	c := exec.Command(prog, args...)
	c.Env = e.environ()
	c.Dir = e.dir
	return c
}

// kindly runs a kindly command and returns its output.
func (e *env) kindly(args ...string) (string, error) {
	out, err := e.command(e.bin, args...).CombinedOutput()
	return string(out), err
}

// startDaemon makes a home with the given library folder and starts `kindly
// run` on it, waiting until `kindly status` says it is hooked.
func (e *env) startDaemon(library string, extraArgs ...string) {
	e.t.Helper()
	if e.home == "" {
		e.home = filepath.Join(e.dir, "home")
	}
	copyDir(e.t, library, filepath.Join(e.home, "snippets"))
	e.startDaemonIn(e.home, extraArgs...)
}

// startDaemonIn starts `kindly run` on home as it is.
func (e *env) startDaemonIn(home string, extraArgs ...string) {
	e.t.Helper()
	e.home = home
	e.daemon = e.command(e.bin, append([]string{"run"}, extraArgs...)...)
	e.daemon.Stdout, e.daemon.Stderr = e.log, e.log
	if err := e.daemon.Start(); err != nil {
		e.t.Fatal(err)
	}
	t := e.t
	t.Cleanup(func() {
		e.stopDaemon()
		if t.Failed() {
			t.Logf("daemon log:\n%s", e.log)
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := e.kindly("status"); err == nil {
			return
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("daemon not ready after 10s; log:\n%s", e.log)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (e *env) stopDaemon() {
	if e.daemon == nil || e.daemon.Process == nil {
		return
	}
	e.daemon.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- e.daemon.Wait() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		e.daemon.Process.Kill()
		<-done
	}
	e.daemon = nil
}

func copyDir(t testing.TB, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// xdo runs xdotool.
func (e *env) xdo(args ...string) {
	e.t.Helper()
	out, err := e.command("xdotool", args...).CombinedOutput()
	if err != nil {
		e.t.Fatalf("xdotool %v: %v\n%s", args, err, out)
	}
}

// target is a real X client with a text field whose content the test reads.
type target interface {
	name() string
	// clear empties the field; its text afterwards is "".
	clear()
	// text returns the field's current text.
	text() string
	// finish makes the last typed line visible (xterm: Enter) and returns
	// the suffix the field then has in addition to what was typed.
	finish() string
	close()
}

// waitText polls until the target's text equals want, or fails.
func waitText(t testing.TB, tg target, want string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		got := tg.text()
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: text after %s:\n got %q\nwant %q", tg.name(), within, got, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// xtermTarget is a stock xterm running `cat > file`.
type xtermTarget struct {
	e    *env
	cmd  *exec.Cmd
	out  string
	base int // bytes of the file before the current case
	wid  string
}

func (e *env) startXterm() *xtermTarget {
	e.t.Helper()
	x := &xtermTarget{e: e, out: filepath.Join(e.dir, "xterm.out")}
	os.WriteFile(x.out, nil, 0o644)
	x.cmd = e.command("xterm", "-name", "xterm", "-geometry", "160x50+0+0", "-e", "sh", "-c", "exec cat > "+x.out)
	if err := x.cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	x.wid = e.waitWindow("--pid", fmt.Sprint(x.cmd.Process.Pid))
	return x
}

func (x *xtermTarget) name() string { return "xterm" }
func (x *xtermTarget) focus()       { x.e.focus(x.wid) }
func (x *xtermTarget) clear() {
	b, _ := os.ReadFile(x.out)
	x.base = len(b)
	x.focus()
}
func (x *xtermTarget) text() string {
	b, _ := os.ReadFile(x.out)
	if len(b) < x.base {
		return ""
	}
	return string(b[x.base:])
}

// finish presses Return, which makes cat write the line. A person pauses
// before Return; the test does too, and waits until the daemon is not in the
// middle of an expansion: a Return that reaches the app before kindly holds
// the keyboard means "the text moved on" (in a chat app the message is
// sent), and kindly rightly leaves the trigger as typed.
func (x *xtermTarget) finish() string {
	time.Sleep(150 * time.Millisecond)
	x.e.waitIdle(2 * time.Second)
	x.e.xdo("key", "Return")
	return "\n"
}
func (x *xtermTarget) close() { x.cmd.Process.Kill(); x.cmd.Wait() }

// appTarget is e2e/testdata/textapp.py: a GTK or Tk text widget.
type appTarget struct {
	e    *env
	kind string
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  string
	wid  string
}

func (e *env) startApp(kind string) *appTarget {
	e.t.Helper()
	a := &appTarget{e: e, kind: kind, out: filepath.Join(e.dir, kind+".out")}
	script, _ := filepath.Abs("testdata/textapp.py")
	a.cmd = e.command(python(), script, kind, a.out)
	a.cmd.Stderr = os.Stderr
	in, err := a.cmd.StdinPipe()
	if err != nil {
		e.t.Fatal(err)
	}
	a.in = in
	if err := a.cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	a.wid = e.waitWindow("--classname", "kindly-e2e-"+kind)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(a.out); err == nil {
			break
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("%s app did not start", kind)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return a
}

func (a *appTarget) name() string { return a.kind }
func (a *appTarget) clear() {
	fmt.Fprintln(a.in, "clear")
	waitText(a.e.t, a, "", 5*time.Second)
	a.e.focus(a.wid)
}
func (a *appTarget) text() string {
	b, _ := os.ReadFile(a.out)
	return string(b)
}
func (a *appTarget) finish() string { return "" }
func (a *appTarget) close() {
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
}

// waitWindow waits for a visible window matching the xdotool search args.
func (e *env) waitWindow(search ...string) string {
	e.t.Helper()
	return e.waitWindowWithin(15*time.Second, search...)
}

// waitWindowWithin is waitWindow with its own time limit.
func (e *env) waitWindowWithin(within time.Duration, search ...string) string {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	for ctx.Err() == nil {
		out, err := e.command("xdotool", append([]string{"search", "--onlyvisible"}, search...)...).Output()
		if err == nil {
			if f := strings.Fields(string(out)); len(f) > 0 {
				return f[len(f)-1]
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	e.t.Fatalf("no window for %v", search)
	return ""
}

// focus gives the window the keyboard focus (there is no window manager)
// and puts the pointer over it.
func (e *env) focus(wid string) {
	e.xdo("mousemove", "--window", wid, "50", "50")
	e.xdo("windowfocus", "--sync", wid)
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// waitIdle waits (at most within) until the daemon reports no expansion in
// progress; without a daemon it returns at once.
func (e *env) waitIdle(within time.Duration) {
	if e.daemon == nil {
		return
	}
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		out, err := e.kindly("status", "--json")
		if err != nil || !strings.Contains(out, `"busy":true`) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}
