package ibus

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/kindly-support/kindly/hooks"
)

// bareBus starts a private session bus that activates nothing (no
// xdg-desktop-portal behind the test's back) and returns its address.
func bareBus(t testing.TB) string {
	t.Helper()
	need(t, "dbus-daemon")
	dir := t.TempDir()
	conf := filepath.Join(dir, "bus.conf")
	os.WriteFile(conf, []byte(`<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>`), 0o600)
	c := exec.Command("dbus-daemon", "--config-file="+conf, "--nofork", "--nopidfile", "--print-address=1")
	out, err := c.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Process.Kill(); c.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon: %v", err)
	}
	return strings.TrimSpace(addr)
}

// fakePortal stands in for xdg-desktop-portal's GlobalShortcuts: it
// answers CreateSession and BindShortcuts through Request objects'
// Response signals, records what was bound, and sends Activated.
type fakePortal struct {
	conn *dbus.Conn
	mu   sync.Mutex
	// bound are the shortcuts bound: id -> preferred trigger; session the
	// session they were bound in.
	bound   map[string]string
	descs   map[string]string
	session dbus.ObjectPath
	binds   int
}

func startFakePortal(t testing.TB, addr string) *fakePortal {
	t.Helper()
	conn, err := dialSession(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	p := &fakePortal{conn: conn, bound: map[string]string{}, descs: map[string]string{}}
	if err := conn.Export(fakeShortcuts{p}, portalPath, shortcutsIface); err != nil {
		t.Fatal(err)
	}
	if err := conn.Export(fakeProps{}, portalPath, "org.freedesktop.DBus.Properties"); err != nil {
		t.Fatal(err)
	}
	if r, err := conn.RequestName(portalName, dbus.NameFlagDoNotQueue); err != nil || r != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own %s: %v %v", portalName, r, err)
	}
	return p
}

type fakeShortcuts struct{ p *fakePortal }

// requestPath is the Request object the portal answers on: the sender's
// unique name and the caller's handle token, as the portal specifies.
func requestPath(sender dbus.Sender, opts map[string]dbus.Variant) dbus.ObjectPath {
	token, _ := opts["handle_token"].Value().(string)
	s := strings.ReplaceAll(strings.TrimPrefix(string(sender), ":"), ".", "_")
	return dbus.ObjectPath(string(portalPath) + "/request/" + s + "/" + token)
}

func (f fakeShortcuts) CreateSession(sender dbus.Sender, opts map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	tok, _ := opts["session_handle_token"].Value().(string)
	s := strings.ReplaceAll(strings.TrimPrefix(string(sender), ":"), ".", "_")
	session := dbus.ObjectPath(string(portalPath) + "/session/" + s + "/" + tok)
	f.p.mu.Lock()
	f.p.session = session
	f.p.mu.Unlock()
	req := requestPath(sender, opts)
	f.p.conn.Emit(req, requestIface+".Response", uint32(0), map[string]dbus.Variant{"session_handle": dbus.MakeVariant(string(session))})
	return req, nil
}

func (f fakeShortcuts) BindShortcuts(sender dbus.Sender, session dbus.ObjectPath, list []shortcut, parent string, opts map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	f.p.mu.Lock()
	if session != f.p.session {
		f.p.mu.Unlock()
		return "", dbus.MakeFailedError(os.ErrInvalid)
	}
	f.p.binds++
	for _, s := range list {
		f.p.bound[s.ID], _ = s.Opts["preferred_trigger"].Value().(string)
		f.p.descs[s.ID], _ = s.Opts["description"].Value().(string)
	}
	f.p.mu.Unlock()
	req := requestPath(sender, opts)
	f.p.conn.Emit(req, requestIface+".Response", uint32(0), map[string]dbus.Variant{"shortcuts": dbus.MakeVariant(list)})
	return req, nil
}

func (f *fakePortal) activate(session dbus.ObjectPath, id string) {
	f.conn.Emit(portalPath, shortcutsIface+".Activated", session, id, uint64(time.Now().UnixMilli()), map[string]dbus.Variant{})
}

type fakeProps struct{}

func (fakeProps) Get(iface, prop string) (dbus.Variant, *dbus.Error) {
	if iface == shortcutsIface && prop == "version" {
		return dbus.MakeVariant(uint32(1)), nil
	}
	return dbus.Variant{}, dbus.MakeFailedError(os.ErrNotExist)
}

func testBackend(t testing.TB, addr string) *Backend {
	b := &Backend{opts: hooks.Options{Logf: t.Logf}, events: make(chan hooks.Event, 8), done: make(chan struct{}), sessionAddr: addr}
	t.Cleanup(func() { close(b.done) })
	return b
}

// The pause and search hotkeys through a stand-in GlobalShortcuts portal:
// both bound in one BindShortcuts with their preferred keys, and a press
// the portal reports is a HotkeyEvent; another session's is not.
func TestHotkeysThroughPortal(t *testing.T) {
	addr := bareBus(t)
	p := startFakePortal(t, addr)
	b := testBackend(t, addr)
	if err := b.GrabHotkey("pause", "ctrl+alt+shift+p"); err != nil {
		t.Fatal(err)
	}
	if err := b.GrabHotkey("search", "ctrl+alt+space"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the shortcuts bound", func() bool { p.mu.Lock(); defer p.mu.Unlock(); return len(p.bound) == 2 }, 5*time.Second)
	p.mu.Lock()
	if p.bound["pause"] != "CTRL+ALT+SHIFT+p" || p.bound["search"] != "CTRL+ALT+space" || p.binds != 1 ||
		p.descs["pause"] == "" || p.descs["search"] == "" {
		t.Errorf("bound %v (%v) in %d calls", p.bound, p.descs, p.binds)
	}
	session := p.session
	p.mu.Unlock()
	p.activate("/org/freedesktop/portal/desktop/session/other/x", "pause")
	p.activate(session, "search")
	select {
	case ev := <-b.events:
		if ev.Kind != hooks.HotkeyEvent || ev.Hotkey != "search" {
			t.Fatalf("event %+v, want the search hotkey", ev)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no hotkey event")
	}
	p.activate(session, "pause")
	select {
	case ev := <-b.events:
		if ev.Kind != hooks.HotkeyEvent || ev.Hotkey != "pause" {
			t.Fatalf("event %+v, want the pause hotkey", ev)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no hotkey event")
	}
}

// Without the portal kindly says once how to bind desktop shortcuts.
func TestHotkeysWithoutPortal(t *testing.T) {
	b := testBackend(t, bareBus(t))
	err := b.GrabHotkey("pause", "ctrl+alt+shift+p")
	if err == nil || !strings.Contains(err.Error(), "`kindly pick`") || !strings.Contains(err.Error(), "`kindly pause --toggle`") {
		t.Fatalf("without the portal: %v", err)
	}
	if err := b.GrabHotkey("search", "ctrl+alt+space"); err != nil {
		t.Errorf("said twice: %v", err)
	}
}

func TestTrigger(t *testing.T) {
	for spec, want := range map[string]string{"ctrl+alt+shift+p": "CTRL+ALT+SHIFT+p", "super+space": "LOGO+space", "ctrl+F5": "CTRL+F5"} {
		if got := trigger(spec); got != want {
			t.Errorf("trigger(%q) = %q, want %q", spec, got, want)
		}
	}
}
