//go:build linux

package tray

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// PrivateBus starts a private D-Bus session bus (dbus-daemon --session) and
// points DBUS_SESSION_BUS_ADDRESS at it. It fails in CI, and skips
// elsewhere, when dbus-daemon is missing.
func PrivateBus(t testing.TB) string {
	t.Helper()
	if _, err := exec.LookPath("dbus-daemon"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("dbus-daemon is not installed (make test installs it)")
		}
		t.Skip("dbus-daemon is not installed (make test installs it)")
	}
	c := exec.Command("dbus-daemon", "--session", "--nofork", "--print-address=1")
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
		t.Fatalf("dbus-daemon did not print its address: %v", err)
	}
	addr = strings.TrimSpace(addr)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	return addr
}

// watcher is a stand-in StatusNotifierWatcher, the part of a tray host that
// items register with.
type watcher struct{ registered chan string }

func (w *watcher) RegisterStatusNotifierItem(sender dbus.Sender, service string) *dbus.Error {
	w.registered <- string(sender) + " " + service
	return nil
}

// host is a stand-in tray host on its own connection: it owns the watcher
// name and reads and clicks the registered item's menu as a panel does.
type host struct {
	t      *testing.T
	conn   *dbus.Conn
	w      *watcher
	sender string
	path   dbus.ObjectPath
}

func newHost(t *testing.T, addr string) *host {
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	h := &host{t: t, conn: conn, w: &watcher{registered: make(chan string, 4)}}
	if err := conn.Export(h.w, "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher"); err != nil {
		t.Fatal(err)
	}
	if r, err := conn.RequestName("org.kde.StatusNotifierWatcher", dbus.NameFlagDoNotQueue); err != nil || r != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own the watcher name: %v %v", r, err)
	}
	return h
}

// waitItem waits for an item to register.
func (h *host) waitItem() {
	select {
	case s := <-h.w.registered:
		sender, path, _ := strings.Cut(s, " ")
		h.sender, h.path = sender, dbus.ObjectPath(path)
	case <-time.After(10 * time.Second):
		h.t.Fatal("no item registered with the watcher")
	}
}

func (h *host) prop(name string) dbus.Variant {
	h.t.Helper()
	v, err := h.conn.Object(h.sender, h.path).GetProperty("org.kde.StatusNotifierItem." + name)
	if err != nil {
		h.t.Fatalf("read %s: %v", name, err)
	}
	return v
}

// menu returns the item's menu entries: label -> id, and which are enabled.
func (h *host) menu() (ids map[string]int32, enabled map[string]bool) {
	h.t.Helper()
	path := h.prop("Menu").Value().(dbus.ObjectPath)
	var rev uint32
	var layout struct {
		ID       int32
		Props    map[string]dbus.Variant
		Children []dbus.Variant
	}
	if err := h.conn.Object(h.sender, path).Call("com.canonical.dbusmenu.GetLayout", 0, int32(0), int32(-1), []string{}).Store(&rev, &layout); err != nil {
		h.t.Fatalf("GetLayout: %v", err)
	}
	ids, enabled = map[string]int32{}, map[string]bool{}
	for _, c := range layout.Children {
		f := c.Value().([]any)
		props := f[1].(map[string]dbus.Variant)
		label, _ := props["label"].Value().(string)
		if label == "" {
			continue
		}
		ids[label] = f[0].(int32)
		en := true
		if v, ok := props["enabled"]; ok {
			en = v.Value().(bool)
		}
		enabled[label] = en
	}
	return ids, enabled
}

// click clicks the menu entry labelled label.
func (h *host) click(label string) {
	h.t.Helper()
	ids, _ := h.menu()
	id, ok := ids[label]
	if !ok {
		h.t.Fatalf("no menu entry %q in %v", label, ids)
	}
	path := h.prop("Menu").Value().(dbus.ObjectPath)
	if err := h.conn.Object(h.sender, path).Call("com.canonical.dbusmenu.Event", 0, id, "clicked", dbus.MakeVariant(""), uint32(0)).Err; err != nil {
		h.t.Fatalf("click %q: %v", label, err)
	}
}

func tooltip(v dbus.Variant) string {
	f := v.Value().([]any) // (icon name, icon pixmaps, title, description)
	return f[2].(string)
}

// TestTrayOnAPrivateBus: with no tray host Start says so; with a stand-in
// StatusNotifierWatcher the item registers, its menu shows the state, and
// clicking its entries runs the callbacks.
func TestTrayOnAPrivateBus(t *testing.T) {
	addr := PrivateBus(t)
	calls := make(chan string, 8)
	cb := Callbacks{
		Pause: func() { calls <- "pause" }, Resume: func() { calls <- "resume" },
		Search: func() { calls <- "search" }, OpenManager: func() { calls <- "manager" }, Quit: func() { calls <- "quit" },
	}
	if _, err := Start(cb, false); !errors.Is(err, ErrNoHost) || !strings.Contains(err.Error(), "nothing on the session bus shows tray icons") {
		t.Fatalf("Start without a tray host: %v", err)
	}

	h := newHost(t, addr)
	tr, err := Start(cb, false)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	h.waitItem()
	if h.path != "/StatusNotifierItem" {
		t.Errorf("registered %s %s", h.sender, h.path)
	}
	if got := tooltip(h.prop("ToolTip")); got != "kindly is running" {
		t.Errorf("tooltip %q", got)
	}
	ids, enabled := h.menu()
	for _, l := range []string{"kindly is running", LabelPause, LabelSearch, LabelManager, LabelQuit} {
		if _, ok := ids[l]; !ok {
			t.Errorf("menu lacks %q: %v", l, ids)
		}
	}
	if enabled["kindly is running"] {
		t.Error("the status line is clickable")
	}
	want := func(what string) {
		t.Helper()
		select {
		case got := <-calls:
			if got != what {
				t.Fatalf("callback %q, want %q", got, what)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no %s callback", what)
		}
	}
	h.click(LabelPause)
	want("pause")
	tr.SetPaused(true) // the daemon confirms
	if got := tooltip(h.prop("ToolTip")); got != "kindly is paused: replies do not expand" {
		t.Errorf("tooltip when paused %q", got)
	}
	ids, _ = h.menu()
	if _, ok := ids[LabelPause]; ok {
		t.Errorf("paused, the menu still offers %q", LabelPause)
	}
	h.click(LabelResume)
	want("resume")
	tr.SetPaused(false)
	h.click(LabelPause)
	want("pause")
	h.click(LabelSearch)
	want("search")
	h.click(LabelManager)
	want("manager")
	h.click(LabelQuit)
	want("quit")
}
