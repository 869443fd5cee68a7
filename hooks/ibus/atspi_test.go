package ibus

import (
	"github.com/kindly-support/kindly/hooks"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// AT-SPI names the focused app: a GTK 3 window with accessibility on,
// under Xvfb, on a private session bus whose org.a11y.Bus is
// at-spi-bus-launcher (activated by dbus-daemon, as on a desktop).
func TestATSPIFocusedApp(t *testing.T) {
	need(t, "/usr/libexec/at-spi-bus-launcher", "/usr/libexec/at-spi2-registryd")
	disp := startXvfb(t)
	env := startIBus(t, "DISPLAY="+disp, "NO_AT_BRIDGE=0")
	w, err := watchATSPI("unix:path=" + filepath.Join(env.dir, "bus"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	if f := w.Focused(); f != "" {
		t.Fatalf("focused app %q before any app ran", f)
	}
	env.startIMApp(t, "NO_AT_BRIDGE=0")
	wid := strings.TrimSpace(xdoOut(t, env, "search", "--sync", "--onlyvisible", "--classname", "kindly-ibus-test"))
	xdo(t, env, "windowfocus", "--sync", wid)
	// GTK names its app after the program (g_get_prgname), as it names
	// itself to IBus (gtk3-im:imapp.py).
	waitFor(t, "AT-SPI's focused app", func() bool { return w.Focused() == "imapp.py" }, 10*time.Second)
}

// The engine names the app through AT-SPI where IBus does not: the
// first focus of a GTK app comes with no program name from ibus-daemon
// (see TestEngineFocus), as every focus does on GNOME Wayland (there the
// name is gnome-shell); the session is told the app AT-SPI names.
func TestEngineFocusedAppFromATSPI(t *testing.T) {
	need(t, "/usr/libexec/at-spi-bus-launcher", "/usr/libexec/at-spi2-registryd")
	disp := startXvfb(t)
	env := startIBus(t, "DISPLAY="+disp, "NO_AT_BRIDGE=0")
	b, err := OpenAddress(hooks.Options{Logf: t.Logf}, env.addr)
	if err != nil {
		t.Fatal(err)
	}
	b.sessionAddr = "unix:path=" + filepath.Join(env.dir, "bus")
	sess := runSession(t, b, testRules())
	env.startIMApp(t, "NO_AT_BRIDGE=0")
	wid := strings.TrimSpace(xdoOut(t, env, "search", "--sync", "--onlyvisible", "--classname", "kindly-ibus-test"))
	xdo(t, env, "windowfocus", "--sync", wid)
	env.setGlobalEngine(t, EngineName)
	waitFor(t, "the app's name from AT-SPI", func() bool { return sess.lastApp().Class == "imapp.py" }, 10*time.Second)
	if a := sess.lastApp(); a.ID == "" {
		t.Errorf("focus without the input context: %+v", a)
	}
	// GNOME Wayland: the client is gnome-shell whatever the app; the app
	// with the AT-SPI focus (the GTK window) is the one named.
	shell := env.newApp(t, "gnome-shell", capPreedit|capFocus|capSurroundingText)
	waitFor(t, "gnome-shell's focus named after the app", func() bool {
		a := sess.lastApp()
		return a.ID == string(shell.ic.Path()) && a.Class == "imapp.py"
	}, 5*time.Second)
	// A client that names its program is taken at its word.
	gedit := env.newApp(t, "gtk3-im:gedit", capPreedit|capFocus)
	waitFor(t, "gedit's focus", func() bool {
		a := sess.lastApp()
		return a.ID == string(gedit.ic.Path()) && a.Class == "gedit"
	}, 5*time.Second)
	if !needsA11y("gnome-shell") || !needsA11y("") || !needsA11y("gtk3-im:") || needsA11y("gtk3-im:gedit") {
		t.Errorf("needsA11y: only gnome-shell and no name ask AT-SPI")
	}
}
