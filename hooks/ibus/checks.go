package ibus

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/godbus/dbus/v5"
	"github.com/kindly-support/kindly/hooks"
)

// Checks are kindly doctor's IBus lines: the session type, ibus-daemon,
// the installed component and whether kindly is the active engine, each
// with its fix.
func Checks() []hooks.Check {
	var cs []hooks.Check
	st := os.Getenv("XDG_SESSION_TYPE")
	switch {
	case st == "wayland" || st == "" && os.Getenv("WAYLAND_DISPLAY") != "":
		cs = append(cs, hooks.Check{Name: "session", OK: true,
			Detail: "Wayland: kindly works as an IBus input method (backend ibus)"})
	case st == "x11" || os.Getenv("DISPLAY") != "":
		cs = append(cs, hooks.Check{Name: "session", OK: true,
			Detail: "X11: kindly watches keys directly; the IBus engine serves apps that use IBus too"})
	default:
		cs = append(cs, hooks.Check{Name: "session", OK: false, Detail: "no graphical session (neither WAYLAND_DISPLAY nor DISPLAY is set)",
			Fix: "run kindly inside your desktop session"})
	}
	cs = append(cs, daemonChecks()...)
	path := filepath.Join(ComponentDir, ComponentFile)
	if _, err := os.Stat(path); err == nil {
		cs = append(cs, hooks.Check{Name: "ibus component", OK: true, Detail: path})
	} else {
		cs = append(cs, hooks.Check{Name: "ibus component", OK: false, Detail: path + " is missing (input-source menus cannot list kindly)",
			Fix: "kindly ibus install"})
	}
	return cs
}

// daemonChecks: is ibus-daemon there, and is kindly its engine now?
func daemonChecks() []hooks.Check {
	addr, err := Address()
	if err != nil {
		return []hooks.Check{{Name: "ibus-daemon", OK: false, Detail: err.Error(),
			Fix: "install IBus (sudo apt install ibus) and start it: ibus-daemon -drx (GNOME starts it by itself)"}}
	}
	conn, err := dbus.Dial(addr)
	if err == nil {
		err = conn.Auth(nil)
		if err == nil {
			err = conn.Hello()
		}
		defer conn.Close()
	}
	if err != nil {
		return []hooks.Check{{Name: "ibus-daemon", OK: false, Detail: fmt.Sprintf("cannot connect to %s: %v", addr, err),
			Fix: "restart IBus: ibus restart (or ibus-daemon -drx)"}}
	}
	cs := []hooks.Check{{Name: "ibus-daemon", OK: true, Detail: "running at " + addr}}
	name, err := globalEngine(conn)
	switch {
	case err != nil:
		cs = append(cs, hooks.Check{Name: "ibus engine", OK: false, Detail: "no IBus engine is active: " + err.Error(),
			Fix: "switch to kindly: Super+Space on GNOME, or `ibus engine kindly`"})
	case name != EngineName:
		cs = append(cs, hooks.Check{Name: "ibus engine", OK: false, Detail: "the active IBus engine is " + name,
			Fix: "switch to kindly: Super+Space on GNOME, or `ibus engine kindly` (kindly keeps your layout; it cannot run beside another IBus engine such as a CJK one)"})
	default:
		cs = append(cs, hooks.Check{Name: "ibus engine", OK: true, Detail: "kindly is the active engine"})
	}
	return cs
}

// globalEngine asks ibus-daemon which engine is in use.
func globalEngine(conn *dbus.Conn) (string, error) {
	var v dbus.Variant
	if err := conn.Object(ibusIface, ibusPath).Call(ibusIface+".GetGlobalEngine", 0).Store(&v); err != nil {
		return "", err
	}
	f, ok := v.Value().([]any)
	if !ok || len(f) < 3 {
		return "", fmt.Errorf("unexpected engine description %s", v.Signature())
	}
	name, _ := f[2].(string)
	return strings.TrimSpace(name), nil
}
