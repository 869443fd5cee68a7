// Package traytest is a stand-in tray host for tests: a private D-Bus
// session bus (dbus-daemon --session) and a StatusNotifierWatcher on it that
// records the items registering, reads their menus
// (com.canonical.dbusmenu.GetLayout) and clicks them (Event "clicked"), as a
// panel does.
package traytest

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// PrivateBus starts a private session bus and points
// DBUS_SESSION_BUS_ADDRESS at it (t.Setenv). It fails in CI, and skips
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

type watcher struct{ registered chan string }

func (w *watcher) RegisterStatusNotifierItem(sender dbus.Sender, service string) *dbus.Error {
	w.registered <- string(sender) + " " + service
	return nil
}

// Host is the stand-in tray host, on its own connection to the bus.
type Host struct {
	t      testing.TB
	conn   *dbus.Conn
	w      *watcher
	Sender string          // the registered item's bus name
	Path   dbus.ObjectPath // its object path
}

// NewHost owns org.kde.StatusNotifierWatcher on the bus at addr.
func NewHost(t testing.TB, addr string) *Host {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	h := &Host{t: t, conn: conn, w: &watcher{registered: make(chan string, 4)}}
	if err := conn.Export(h.w, "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher"); err != nil {
		t.Fatal(err)
	}
	if r, err := conn.RequestName("org.kde.StatusNotifierWatcher", dbus.NameFlagDoNotQueue); err != nil || r != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own the watcher name: %v %v", r, err)
	}
	return h
}

// WaitItem waits for an item to register, or reports false after within.
func (h *Host) WaitItem(within time.Duration) bool {
	select {
	case s := <-h.w.registered:
		sender, path, _ := strings.Cut(s, " ")
		h.Sender, h.Path = sender, dbus.ObjectPath(path)
		return true
	case <-time.After(within):
		return false
	}
}

// Prop reads a property of the registered item.
func (h *Host) Prop(name string) dbus.Variant {
	h.t.Helper()
	v, err := h.conn.Object(h.Sender, h.Path).GetProperty("org.kde.StatusNotifierItem." + name)
	if err != nil {
		h.t.Fatalf("read %s: %v", name, err)
	}
	return v
}

// Tooltip is the title of the item's tooltip.
func (h *Host) Tooltip() string {
	f := h.Prop("ToolTip").Value().([]any) // (icon name, icon pixmaps, title, description)
	return f[2].(string)
}

// Menu returns the item's top-level menu entries: label -> id, and which
// are enabled.
func (h *Host) Menu() (ids map[string]int32, enabled map[string]bool) {
	h.t.Helper()
	path := h.Prop("Menu").Value().(dbus.ObjectPath)
	var rev uint32
	var layout struct {
		ID       int32
		Props    map[string]dbus.Variant
		Children []dbus.Variant
	}
	if err := h.conn.Object(h.Sender, path).Call("com.canonical.dbusmenu.GetLayout", 0, int32(0), int32(-1), []string{}).Store(&rev, &layout); err != nil {
		h.t.Fatalf("GetLayout: %v", err)
	}
	ids, enabled = map[string]int32{}, map[string]bool{}
	for _, c := range layout.Children {
		f := c.Value().([]any)
		props := f[1].(map[string]dbus.Variant)
		if v, ok := props["visible"]; ok && !v.Value().(bool) {
			continue
		}
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

// Click clicks the menu entry labelled label.
func (h *Host) Click(label string) {
	h.t.Helper()
	ids, _ := h.Menu()
	id, ok := ids[label]
	if !ok {
		h.t.Fatalf("no menu entry %q in %v", label, ids)
	}
	path := h.Prop("Menu").Value().(dbus.ObjectPath)
	if err := h.conn.Object(h.Sender, path).Call("com.canonical.dbusmenu.Event", 0, id, "clicked", dbus.MakeVariant(""), uint32(0)).Err; err != nil {
		h.t.Fatalf("click %q: %v", label, err)
	}
}
