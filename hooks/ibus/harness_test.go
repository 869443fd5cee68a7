package ibus

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/hooks"
)

// need skips (or, in CI, fails) when a program the test needs is missing.
func need(t testing.TB, progs ...string) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("IBus tests run on Linux")
	}
	for _, p := range progs {
		if _, err := exec.LookPath(p); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed (make test installs it)", p)
			}
			t.Skipf("%s is not installed (make test installs it)", p)
		}
	}
}

// ibusEnv is a private session bus with an ibus-daemon of its own.
type ibusEnv struct {
	dir  string
	addr string // IBUS_ADDRESS
	env  []string
	ibus *exec.Cmd
}

// startIBus starts dbus-daemon and ibus-daemon in a temporary home. extra
// environment (DISPLAY…) is handed to both and to the programs run with
// env.
func startIBus(t testing.TB, extra ...string) *ibusEnv {
	t.Helper()
	need(t, "dbus-daemon", "ibus-daemon")
	// Socket paths must stay short: not t.TempDir, whose name has the test's.
	dir, err := os.MkdirTemp("", "kib")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	e := &ibusEnv{dir: dir, addr: "unix:path=" + filepath.Join(dir, "ibus")}
	e.env = append([]string{
		"HOME=" + dir,
		"XDG_CONFIG_HOME=" + filepath.Join(dir, ".config"),
		"XDG_CACHE_HOME=" + filepath.Join(dir, ".cache"),
		"XDG_DATA_HOME=" + filepath.Join(dir, ".local"),
		"GSETTINGS_BACKEND=memory",
		"DBUS_SESSION_BUS_ADDRESS=unix:path=" + filepath.Join(dir, "bus"),
		"IBUS_ADDRESS=" + e.addr,
		"NO_AT_BRIDGE=1",
	}, extra...)
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if !e.has(k) && k != "DISPLAY" && k != "WAYLAND_DISPLAY" && k != "GTK_IM_MODULE" && k != "DBUS_SESSION_BUS_ADDRESS" {
			e.env = append(e.env, kv)
		}
	}
	e.daemon(t, "dbus-daemon", "--session", "--nofork", "--nopidfile", "--address=unix:path="+filepath.Join(dir, "bus"))
	waitSocket(t, filepath.Join(dir, "bus"))
	e.ibus = e.daemon(t, "ibus-daemon", "--panel=disable", "--emoji-extension=disable", "--config=disable",
		"--cache=none", "--address="+e.addr)
	waitSocket(t, filepath.Join(dir, "ibus"))
	return e
}

// killIBus ends ibus-daemon, as a crash or a logout would.
func (e *ibusEnv) killIBus(t testing.TB) {
	t.Helper()
	if err := e.ibus.Process.Kill(); err != nil {
		t.Fatal(err)
	}
}

func (e *ibusEnv) has(key string) bool {
	for _, kv := range e.env {
		if strings.HasPrefix(kv, key+"=") {
			return true
		}
	}
	return false
}

// daemon starts a background program for the test's lifetime.
func (e *ibusEnv) daemon(t testing.TB, prog string, args ...string) *exec.Cmd {
	t.Helper()
	c := e.command(prog, args...)
	log := &lockedBuffer{}
	c.Stdout, c.Stderr = log, log
	if err := c.Start(); err != nil {
		t.Fatalf("start %s: %v", prog, err)
	}
	t.Cleanup(func() {
		c.Process.Kill()
		c.Wait()
		if t.Failed() && log.String() != "" {
			t.Logf("%s said:\n%s", prog, log.String())
		}
	})
	return c
}

func (e *ibusEnv) command(prog string, args ...string) *exec.Cmd {
	c := exec.Command(prog, args...)
	c.Env = e.env
	c.Dir = e.dir
	return c
}

func waitSocket(t testing.TB, path string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("unix", path)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no socket at %s after 10s: %v", path, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// session stands in for the daemon's session loop: it answers each key's
// verdict from an expander.Engine, consuming the key that completes a
// trigger, as the real session does for a key-path backend.
type session struct {
	b       *Backend
	mu      sync.Mutex
	apps    []hooks.App
	keys    int // keys reported (never their text)
	stopped chan struct{}
}

func runSession(t testing.TB, b *Backend, rules []expander.Rule) *session {
	s := &session{b: b, stopped: make(chan struct{})}
	eng := expander.NewEngine(expander.NewIndex(rules))
	var password bool
	go func() {
		defer close(s.stopped)
		for ev := range b.Events() {
			switch ev.Kind {
			case hooks.FocusEvent:
				eng.Reset()
				password = ev.App.Password
				s.mu.Lock()
				s.apps = append(s.apps, ev.App)
				s.mu.Unlock()
			case hooks.KeyEvent:
				s.mu.Lock()
				s.keys++
				s.mu.Unlock()
				var v hooks.Verdict
				if !password {
					if ed, _, ok := eng.Step(ev.Key); ok {
						ed.Delete-- // the key that completed the trigger is consumed
						v = hooks.Verdict{Consume: true, Edit: ed}
					}
				}
				ev.Verdict <- v
			case hooks.LostEvent:
				return
			}
		}
	}()
	t.Cleanup(func() {
		b.Close()
	})
	return s
}

func (s *session) lastApp() hooks.App {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.apps) == 0 {
		return hooks.App{}
	}
	return s.apps[len(s.apps)-1]
}

func (s *session) keyCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.keys
}

// openEngine registers kindly with the test's ibus-daemon and runs a
// session over it.
func (e *ibusEnv) openEngine(t testing.TB, rules []expander.Rule) (*Backend, *session) {
	t.Helper()
	b, err := OpenAddress(hooks.Options{Logf: t.Logf}, e.addr)
	if err != nil {
		t.Fatal(err)
	}
	// AT-SPI on the test's own session bus, never the machine's.
	b.sessionAddr = "unix:path=" + filepath.Join(e.dir, "bus")
	return b, runSession(t, b, rules)
}

// testRules is the library the IBus tests expand.
func testRules() []expander.Rule {
	long300 := strings.Repeat("Thank you for your patience.\n", 11)[:300]
	return []expander.Rule{
		{Triggers: []string{";zz"}, Replace: "Hello ✓ world"},
		{Triggers: []string{";sorry"}, Replace: "Sorry for the wait, we are on it."},
		{Triggers: []string{";long"}, Replace: long300},
		{Triggers: []string{";huge"}, Replace: huge()},
		{Triggers: []string{";uni"}, Replace: "Café — it’s “fine” 😀 ✓"},
		{Triggers: []string{";sig"}, Replace: "Best,\n$|$\nThe team"},
		{Triggers: []string{"brb"}, Replace: "be right back", Word: true},
		{Triggers: []string{";ty"}, Replace: "thank you", PropagateCase: true},
		// A fill-in for the daemon's tests (the engine-only ones leave
		// the braces as they are and never type it).
		{Triggers: []string{";fill"}, Replace: "Hi {{customer}}, thanks!"},
	}
}

func huge() string {
	var b strings.Builder
	for i := 0; b.Len() < 2000; i++ {
		fmt.Fprintf(&b, "Line %d of the long reply, with some words.\n", i)
	}
	return b.String()[:2000]
}
