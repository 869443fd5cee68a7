package ibus

import (
	"fmt"
	"strings"
	"sync"

	"github.com/godbus/dbus/v5"
)

// On GNOME Wayland every app reaches IBus through gnome-shell, so IBus
// names every client "gnome-shell". The accessibility bus (AT-SPI) still
// knows which app has the focus: apps announce the accessible that gains
// it. atspiWatch follows those announcements and keeps the name of the
// app that had the focus last (never any text).

const (
	a11yBusName   = "org.a11y.Bus"
	a11yBusPath   = dbus.ObjectPath("/org/a11y/bus")
	registryName  = "org.a11y.atspi.Registry"
	registryPath  = dbus.ObjectPath("/org/a11y/atspi/registry")
	accessibleIf  = "org.a11y.atspi.Accessible"
	appRootPath   = dbus.ObjectPath("/org/a11y/atspi/accessible/root")
	objectEventIf = "org.a11y.atspi.Event.Object"
	focusEventIf  = "org.a11y.atspi.Event.Focus"
)

// atspiWatch follows focus changes on the accessibility bus.
type atspiWatch struct {
	conn *dbus.Conn

	mu      sync.Mutex
	focused string            // the app that had the focus last ("" none seen)
	names   map[string]string // app name by bus name
	// onFocus, when set, is told each change (not under mu).
	onFocus func(app string)
}

// watchATSPI connects to the accessibility bus of the session bus at
// sessionAddr ("" is the user's) and follows focus changes there.
func watchATSPI(sessionAddr string) (*atspiWatch, error) {
	var sess *dbus.Conn
	var err error
	if sessionAddr == "" {
		sess, err = dbus.SessionBusPrivate()
	} else {
		sess, err = dbus.Dial(sessionAddr)
	}
	if err != nil {
		return nil, fmt.Errorf("at-spi: session bus: %w", err)
	}
	defer sess.Close()
	if err := sess.Auth(nil); err != nil {
		return nil, fmt.Errorf("at-spi: session bus: %w", err)
	}
	if err := sess.Hello(); err != nil {
		return nil, fmt.Errorf("at-spi: session bus: %w", err)
	}
	var addr string
	if err := sess.Object(a11yBusName, a11yBusPath).Call(a11yBusName+".GetAddress", 0).Store(&addr); err != nil {
		return nil, fmt.Errorf("at-spi: ask org.a11y.Bus for the accessibility bus: %w", err)
	}
	conn, err := dbus.Dial(addr)
	if err != nil {
		return nil, fmt.Errorf("at-spi: connect to the accessibility bus: %w", err)
	}
	if err := conn.Auth(nil); err != nil {
		conn.Close()
		return nil, fmt.Errorf("at-spi: accessibility bus: %w", err)
	}
	if err := conn.Hello(); err != nil {
		conn.Close()
		return nil, fmt.Errorf("at-spi: accessibility bus: %w", err)
	}
	w := &atspiWatch{conn: conn, names: map[string]string{}}
	for _, m := range []struct{ iface, member string }{{objectEventIf, "StateChanged"}, {focusEventIf, "Focus"}} {
		if err := conn.AddMatchSignal(dbus.WithMatchInterface(m.iface), dbus.WithMatchMember(m.member)); err != nil {
			conn.Close()
			return nil, fmt.Errorf("at-spi: listen for focus changes: %w", err)
		}
	}
	ch := make(chan *dbus.Signal, 64)
	conn.Signal(ch)
	// Apps send events only for those a listener registered with the
	// registry (at-spi2 filters the rest away in the app).
	reg := conn.Object(registryName, registryPath)
	for _, ev := range []string{"object:state-changed:focused", "focus:"} {
		if err := reg.Call(registryName+".RegisterEvent", 0, ev, []string{}, "").Err; err != nil {
			if err2 := reg.Call(registryName+".RegisterEvent", 0, ev).Err; err2 != nil {
				conn.Close()
				return nil, fmt.Errorf("at-spi: register for %s: %w", ev, err)
			}
		}
	}
	// The focus may have moved before kindly listened: the app with the
	// active window has it.
	w.focused = w.activeApp()
	go w.run(ch)
	return w, nil
}

// stateActive is ATSPI_STATE_ACTIVE's bit in an accessible's state set:
// the window is the active one.
const stateActive = 1 << 1

type accessibleRef struct {
	Name string
	Path dbus.ObjectPath
}

// activeApp is the app whose top-level window is active ("" none): one
// call per app and per top-level window, done once when the watch starts.
func (w *atspiWatch) activeApp() string {
	var apps []accessibleRef
	if err := w.conn.Object(registryName, appRootPath).Call(accessibleIf+".GetChildren", 0).Store(&apps); err != nil {
		return ""
	}
	for _, app := range apps {
		var wins []accessibleRef
		if err := w.conn.Object(app.Name, app.Path).Call(accessibleIf+".GetChildren", 0).Store(&wins); err != nil {
			continue
		}
		for _, win := range wins {
			var state []uint32
			if err := w.conn.Object(win.Name, win.Path).Call(accessibleIf+".GetState", 0).Store(&state); err != nil {
				continue
			}
			if len(state) > 0 && state[0]&stateActive != 0 {
				return w.appName(app.Name)
			}
		}
	}
	return ""
}

func (w *atspiWatch) run(ch chan *dbus.Signal) {
	for s := range ch {
		switch {
		case s.Name == objectEventIf+".StateChanged":
			if len(s.Body) < 2 {
				continue
			}
			kind, _ := s.Body[0].(string)
			on, _ := s.Body[1].(int32)
			if kind != "focused" || on != 1 {
				continue
			}
		case s.Name == focusEventIf+".Focus":
		default:
			continue
		}
		name := w.appName(s.Sender)
		if name == "" {
			continue
		}
		w.mu.Lock()
		changed := w.focused != name
		w.focused = name
		notify := w.onFocus
		w.mu.Unlock()
		if changed && notify != nil {
			notify(name)
		}
	}
}

// appName is the name of the app at bus name sender: its root
// accessible's name, which toolkits set to the program's name.
func (w *atspiWatch) appName(sender string) string {
	w.mu.Lock()
	name, ok := w.names[sender]
	w.mu.Unlock()
	if ok {
		return name
	}
	v, err := w.conn.Object(sender, appRootPath).GetProperty(accessibleIf + ".Name")
	if err != nil {
		return ""
	}
	name, _ = v.Value().(string)
	name = strings.ToLower(strings.TrimSpace(name))
	w.mu.Lock()
	w.names[sender] = name
	w.mu.Unlock()
	return name
}

// Focused is the app that had the focus last, "" when none was seen.
func (w *atspiWatch) Focused() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.focused
}

func (w *atspiWatch) Close() error { return w.conn.Close() }
