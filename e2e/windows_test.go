package e2e

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The Windows end-to-end tests run the real kindly.exe (built with
// CGO_ENABLED=0 GOOS=windows) under wine on a private Xvfb, with wine's
// notepad as the app and xdotool typing, and read the exact final text back
// with testdata/wintext (WM_GETTEXT inside wine). They need wine and mingw
// (`make test` installs them; scripts/wine/setup makes the prefix); under
// CI=true they fail when those are missing, elsewhere they skip.
//
// There is no window manager: wine asks one to focus the window it brings
// to the front, so where a window manager would act, the test focuses the
// window itself (xdotool windowfocus) after checking that wine has it in
// front.

var (
	wineOnce   sync.Once
	wineErr    error
	kindlyExe  string
	wintextExe string
	winePrefix string
	prefixLock *os.File
)

// wineEnv is an Xvfb display with wine's server on it.
type wineEnv struct {
	*env
}

func buildWine() {
	dir, err := os.MkdirTemp("", "kindly-e2e-wine")
	if err != nil {
		wineErr = err
		return
	}
	kindlyExe = filepath.Join(dir, "kindly.exe")
	wintextExe = filepath.Join(dir, "wintext.exe")
	for _, b := range [][]string{{kindlyExe, "../cmd/kindly"}, {wintextExe, "./testdata/wintext"}} {
		c := exec.Command("go", "build", "-o", b[0], b[1])
		c.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
		if out, err := c.CombinedOutput(); err != nil {
			wineErr = fmt.Errorf("build %s: %v\n%s", b[1], err, out)
			return
		}
	}
	// A prefix of its own: the Windows unit tests may use the default one
	// at the same time, and so may another e2e set (scripts/e2e-sets runs
	// sets side by side), each bound to its own display. The first free of
	// a few prefixes is locked for as long as this test binary runs.
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	prefix := ""
	for i := 0; i < 8 && prefix == ""; i++ {
		p := filepath.Join(cache, "kindly", fmt.Sprintf("wine-e2e-%d", i))
		os.MkdirAll(filepath.Dir(p), 0o755)
		f, err := os.OpenFile(p+".use", os.O_CREATE|os.O_RDWR, 0o644)
		if err != nil {
			continue
		}
		if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
			f.Close()
			continue
		}
		prefixLock = f // held until the process ends
		prefix = p
	}
	if prefix == "" {
		wineErr = errors.New("no free wine prefix for the e2e tests (8 in use)")
		return
	}
	c := exec.Command("../scripts/wine/setup")
	c.Env = append(os.Environ(), "WINEPREFIX="+prefix)
	out, err := c.Output()
	if err != nil {
		wineErr = fmt.Errorf("scripts/wine/setup: %v", err)
		return
	}
	winePrefix = strings.TrimSpace(string(out))
}

func startWine(t *testing.T) *wineEnv {
	t.Helper()
	need(t, "wine", "wineserver", "x86_64-w64-mingw32-gcc")
	e := startX(t)
	wineOnce.Do(buildWine)
	if wineErr != nil {
		t.Fatal(wineErr)
	}
	w := &wineEnv{env: e}
	// One wine server per prefix, bound to the display it started on: wait
	// for the last test's to end, and end this one's with the test.
	w.wineserver("-w")
	t.Cleanup(func() {
		w.wineserver("-k")
		w.wineserver("-w")
	})
	return w
}

func (w *wineEnv) wineEnviron() []string {
	return append(w.environ(), "WINEPREFIX="+winePrefix, "WINEDEBUG=-all", "WINEDLLOVERRIDES=mscoree,mshtml=",
		"KINDLY_HOME="+winPath(w.home))
}

// winPath is a Linux path as wine's programs see it.
func winPath(p string) string {
	if p == "" {
		return ""
	}
	return "Z:" + strings.ReplaceAll(p, "/", `\`)
}

func (w *wineEnv) wineserver(arg string) {
	c := exec.Command("wineserver", arg)
	c.Env = w.wineEnviron()
	c.Run()
}

// wine runs a Windows program under wine.
func (w *wineEnv) wine(prog string, args ...string) *exec.Cmd {
	c := exec.Command("wine", append([]string{prog}, args...)...)
	c.Env = w.wineEnviron()
	c.Dir = w.dir
	// A wine program can leave wine's own services holding its output
	// (the first one to start them): do not wait for those.
	c.WaitDelay = 2 * time.Second
	return c
}

// wineOut runs a short Windows program and returns its output, killing it
// after 20s.
func (w *wineEnv) wineOut(prog string, args ...string) (stdout, stderr string, err error) {
	c := w.wine(prog, args...)
	var o, e strings.Builder
	c.Stdout, c.Stderr = &o, &e
	if err := c.Start(); err != nil {
		return "", "", err
	}
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	select {
	case err = <-done:
		if errors.Is(err, exec.ErrWaitDelay) {
			err = nil // it exited well; wine's services still hold its output
		}
	case <-time.After(20 * time.Second):
		c.Process.Kill()
		err = fmt.Errorf("%s %v: no answer after 20s", filepath.Base(prog), args)
		<-done
	}
	return o.String(), e.String(), err
}

// wintext runs the helper and returns what it printed.
func (w *wineEnv) wintext(args ...string) (string, error) {
	out, stderr, err := w.wineOut(wintextExe, args...)
	if err != nil {
		return out, fmt.Errorf("wintext %v: %v: %s", args, err, stderr)
	}
	return out, nil
}

func (w *wineEnv) kindlyExe(args ...string) (string, error) {
	out, stderr, err := w.wineOut(kindlyExe, args...)
	return out + stderr, err
}

// startDaemon starts kindly.exe run on a home with library (and config.yml
// text, if any), and waits until kindly status answers.
func (w *wineEnv) startDaemon(library, config string) {
	t := w.t
	t.Helper()
	w.home = filepath.Join(w.dir, "home")
	copyDir(t, library, filepath.Join(w.home, "snippets"))
	if config != "" {
		writeFile(t, filepath.Join(w.home, "config.yml"), config)
	}
	w.daemon = w.wine(kindlyExe, "run")
	w.daemon.Stdout, w.daemon.Stderr = w.log, w.log
	if err := w.daemon.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		w.kindlyExe("stop")
		done := make(chan struct{})
		go func() { w.daemon.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			w.daemon.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("daemon log:\n%s", w.log)
		}
	})
	// The first wine program on a fresh wine server starts wine's own
	// services too, which takes a while on a busy machine.
	deadline := time.Now().Add(60 * time.Second)
	for {
		if out, err := w.kindlyExe("status"); err == nil && strings.Contains(out, "running") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("kindly.exe not ready after 60s; log:\n%s", w.log)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// winApp is a wine program with an edit control, a target for play:
// notepad (a plain Edit) or wordpad (RichEdit).
type winApp struct {
	w     *wineEnv
	exe   string // notepad.exe
	class string // its main window's class
	cmd   *exec.Cmd
	wid   string
}

// notepad is wine's notepad.
type notepad = winApp

func (w *wineEnv) startNotepad() *winApp { return w.startApp("notepad.exe", "Notepad", "Notepad") }

func (w *wineEnv) startWordpad() *winApp {
	return w.startApp(`C:\Program Files\Windows NT\Accessories\wordpad.exe`, "WORDPADTOP", "Wordpad")
}

func (w *wineEnv) startApp(exe, class, title string) *winApp {
	w.t.Helper()
	n := &winApp{w: w, exe: exe, class: class, cmd: w.wine(exe)}
	if err := n.cmd.Start(); err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(n.close)
	n.wid = w.waitWindow("--name", title)
	// The edit control is there once wintext can read it.
	deadline := time.Now().Add(15 * time.Second)
	for {
		if _, err := w.wintext("text", class); err == nil {
			break
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("%s's edit control did not appear", exe)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return n
}

func (n *winApp) name() string {
	return strings.TrimSuffix(n.exe[strings.LastIndex(n.exe, `\`)+1:], ".exe") + " (wine)"
}

func (n *winApp) clear() {
	if _, err := n.w.wintext("clear", n.class); err != nil {
		n.w.t.Fatal(err)
	}
	// Raised and clicked into, the window is active in wine (with no
	// window manager, an X focus change alone does not do it when another
	// wine window was active).
	n.w.xdo("windowraise", n.wid)
	n.w.xdo("mousemove", "--window", n.wid, "300", "200")
	n.w.xdo("click", "1")
	n.w.waitForeground(n.class)
}

func (n *winApp) text() string {
	s, err := n.w.wintext("text", n.class)
	if err != nil {
		return "(" + err.Error() + ")"
	}
	return s
}

func (n *winApp) finish() string { return "" }

func (n *winApp) close() {
	if n.cmd.Process != nil {
		n.cmd.Process.Kill()
		n.cmd.Wait()
	}
}

// waitForeground waits until wine's foreground window has class cls.
func (w *wineEnv) waitForeground(cls string) {
	w.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		got, err := w.wintext("foreground")
		if err == nil && strings.TrimSpace(got) == cls {
			return
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("the foreground window is %q, want %s", strings.TrimSpace(got), cls)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// wineRuns is how many times the set runs (KINDLY_E2E_RUNS, as for X11).
func wineRuns() int {
	if n, err := strconv.Atoi(os.Getenv("KINDLY_E2E_RUNS")); err == nil && n > 0 {
		return n
	}
	return 1
}

// TestWindowsEndToEnd types the X11 set into wine's notepad (an Edit
// control) and wordpad (RichEdit) through the real kindly.exe: a trigger in
// a sentence, 300 and 2,000 characters, non-ASCII, Backspace, a word
// trigger, propagate case, typing straight on at 5 ms and with no pause.
// KINDLY_E2E_RUNS repeats the set.
func TestWindowsEndToEnd(t *testing.T) {
	w := startWine(t)
	w.startDaemon("testdata/library", "")
	apps := []*winApp{w.startNotepad(), w.startWordpad()}
	for run := 1; run <= wineRuns(); run++ {
		for _, app := range apps {
			for _, c := range cases(t) {
				ok := t.Run(fmt.Sprintf("run%d/%s/%s", run, strings.Fields(app.name())[0], c.name), func(st *testing.T) {
					w.t = st
					defer func() { w.t = t }()
					w.play(app, c)
				})
				if !ok {
					return
				}
			}
		}
	}
}

// The user's clipboard (text and a picture) is the same after a pasted
// reply as before.
func TestWindowsClipboardRestored(t *testing.T) {
	w := startWine(t)
	w.startDaemon("testdata/library", "")
	n := w.startNotepad()
	// The user copies something (again, while wine's own clipboard manager
	// may still be starting and take the X clipboard over).
	var before string
	for i := 0; ; i++ {
		if _, err := w.wintext("clip-set", "the user's own copy"); err != nil {
			t.Fatal(err)
		}
		var err error
		before, err = w.wintext("clip-get")
		if err == nil && strings.HasPrefix(before, "the user's own copy\ndib ") && !strings.Contains(before, "dib none") {
			break
		}
		if i == 10 {
			t.Fatalf("clipboard before: %q %v", before, err)
		}
		time.Sleep(500 * time.Millisecond)
	}
	r := replies(t)
	w.play(n, e2eCase{"pasted reply", []step{typed("Hi ;long", 5)}, "Hi " + r[";long"]})
	deadline := time.Now().Add(5 * time.Second)
	for {
		after, err := w.wintext("clip-get")
		if err == nil && after == before {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("clipboard after the paste:\n got %q\nwant %q", after, before)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// An app rule by process name turns kindly off in notepad: the trigger
// stays as typed.
func TestWindowsExcludedApp(t *testing.T) {
	w := startWine(t)
	w.startDaemon("testdata/library", "apps:\n  - class: notepad.exe\n    off: true\n")
	n := w.startNotepad()
	w.play(n, e2eCase{"off in notepad", []step{typed("Hello ;ty and ;sorry", 5)}, "Hello ;ty and ;sorry"})
}

// The pause hotkey (RegisterHotKey) stops and restarts expanding.
func TestWindowsPauseHotkey(t *testing.T) {
	w := startWine(t)
	w.startDaemon("testdata/library", "")
	n := w.startNotepad()
	n.clear()
	w.xdo("key", "ctrl+alt+shift+p")
	waitStatus(t, w, "paused")
	w.play(n, e2eCase{"paused", []step{typed("a ;ty b", 5)}, "a ;ty b"})
	w.xdo("key", "ctrl+alt+shift+p")
	waitStatus(t, w, "running")
	w.play(n, e2eCase{"resumed", []step{typed("a ;ty b", 5)}, "a thank you b"})
}

func waitStatus(t *testing.T, w *wineEnv, want string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		out, _ := w.kindlyExe("status")
		if strings.Contains(out, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("kindly status: %q, want %q in it", out, want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// A reply with fill-ins asks in kindly's Win32 dialog; the answers land in
// notepad, and the focus goes back there.
func TestWindowsFillInDialog(t *testing.T) {
	w := startWine(t)
	w.home = filepath.Join(w.dir, "home")
	writeFile(t, filepath.Join(w.home, "snippets", "fill.yml"), placeholderLibrary)
	w.startDaemon("testdata/library", "profile:\n  agent: Sam from Acme\n")
	n := w.startNotepad()
	n.clear()
	w.xdo("type", "--delay", "5", "ok ")
	waitText(t, n, "ok ", 5*time.Second) // notepad has the keyboard
	w.xdo("type", "--delay", "5", ";plan")
	w.waitForeground("kindlyFillIn")
	w.focus(w.waitWindow("--name", "Fill in ;plan"))
	time.Sleep(200 * time.Millisecond)
	w.xdo("type", "--delay", "10", "Maria")
	for _, k := range []string{"Tab", "Down", "Tab"} {
		w.xdo("key", k)
	}
	w.xdo("type", "--delay", "10", "A-1042")
	w.xdo("key", "Return")
	w.waitForeground("Notepad")
	want := "ok Hi Maria, your Pro plan (order A-1042) is ready. Sam from Acme"
	waitText(t, n, want, 10*time.Second)
	// Typing goes on in notepad (focused again on the X side, which a window
	// manager would do).
	w.focus(n.wid)
	w.xdo("type", "--delay", "5", " ;ty")
	waitText(t, n, want+" thank you", 10*time.Second)
}

// kindly service install on Windows writes the user's Run key (kindly
// starts at logon, no administrator needed); uninstall removes it.
func TestWindowsServiceInstall(t *testing.T) {
	w := startWine(t)
	w.home = filepath.Join(w.dir, "home")
	query := func() string {
		out, _, _ := w.wineOut("reg", "query", `HKCU\Software\Microsoft\Windows\CurrentVersion\Run`, "/v", "kindly")
		return strings.ReplaceAll(out, "\r", "")
	}
	if out, err := w.kindlyExe("service", "install"); err != nil {
		t.Fatalf("service install: %v\n%s", err, out)
	}
	want := fmt.Sprintf(`"%s" run --home "%s"`, winPath(kindlyExe), winPath(w.home))
	if got := query(); !strings.Contains(got, want) {
		t.Fatalf("the Run key after install:\n%s\nwant a value kindly = %s", got, want)
	}
	if out, err := w.kindlyExe("service", "uninstall"); err != nil {
		t.Fatalf("service uninstall: %v\n%s", err, out)
	}
	if got := query(); strings.Contains(got, "kindly") {
		t.Fatalf("the Run key after uninstall still has kindly:\n%s", got)
	}
}
