//go:build linux

package tray

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"fyne.io/systray"
	"github.com/godbus/dbus/v5"
)

// watcherName is the bus name of the tray host's StatusNotifierWatcher.
const watcherName = "org.kde.StatusNotifierWatcher"

// Tray is the icon: shown, or waiting for a tray host to start.
type Tray struct {
	cb       Callbacks
	mu       sync.Mutex
	paused   bool
	shown    bool // the menu exists (onReady ran)
	ready    chan struct{}
	done     chan struct{}
	status   *systray.MenuItem
	toggle   *systray.MenuItem
	stopOnce sync.Once
	end      func() // nil until shown
	wait     *dbus.Conn
}

var started sync.Once

// sessionBusKnown reports whether the session bus can be found without
// starting one: DBUS_SESSION_BUS_ADDRESS, or the bus socket systemd and
// dbus-broker put in the user's runtime directory.
func sessionBusKnown() bool {
	if a := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" && a != "autolaunch:" {
		return true
	}
	dir := os.Getenv("XDG_RUNTIME_DIR")
	if dir == "" {
		dir = fmt.Sprintf("/run/user/%d", os.Getuid())
	}
	fi, err := os.Stat(filepath.Join(dir, "bus"))
	return err == nil && fi.Mode()&os.ModeSocket != 0
}

// Start shows the icon, paused or not. Without a session bus it fails
// with an error wrapping ErrNoHost. When the bus has no tray host yet (a
// panel that starts after kindly, at login), it returns the Tray together
// with an error wrapping ErrNoHost that says so: the icon appears as soon as
// a host starts. The caller says it once and goes on.
func Start(cb Callbacks, paused bool) (*Tray, error) {
	if !sessionBusKnown() {
		// Without an address the D-Bus library would run dbus-launch, which
		// starts a new bus that outlives kindly and has no tray host anyway.
		return nil, fmt.Errorf("%w: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)", ErrNoHost)
	}
	conn, err := dbus.SessionBus()
	if err != nil {
		return nil, fmt.Errorf("%w: no D-Bus session bus (%v)", ErrNoHost, err)
	}
	first := false
	started.Do(func() { first = true })
	if !first {
		return nil, fmt.Errorf("%w: the tray icon was already shown once by this process", ErrNoHost)
	}
	t := &Tray{cb: cb, paused: paused, ready: make(chan struct{}), done: make(chan struct{})}
	// Watch for a host before asking whether there is one, so that one
	// starting in between is not missed.
	wait, err := dbus.SessionBusPrivate()
	if err == nil {
		if err = wait.Auth(nil); err == nil {
			err = wait.Hello()
		}
	}
	if err == nil {
		err = wait.AddMatchSignal(dbus.WithMatchObjectPath("/org/freedesktop/DBus"), dbus.WithMatchInterface("org.freedesktop.DBus"),
			dbus.WithMatchMember("NameOwnerChanged"), dbus.WithMatchArg(0, watcherName))
	}
	if err != nil {
		if wait != nil {
			wait.Close()
		}
		return nil, fmt.Errorf("%w: watch the session bus for a tray host: %v", ErrNoHost, err)
	}
	sigs := make(chan *dbus.Signal, 4)
	wait.Signal(sigs)
	var has bool
	if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, watcherName).Store(&has); err != nil {
		wait.Close()
		return nil, fmt.Errorf("%w: ask the session bus for %s: %v", ErrNoHost, watcherName, err)
	}
	if has {
		wait.Close()
		t.show()
		return t, nil
	}
	t.wait = wait
	go func() {
		for {
			select {
			case sig, ok := <-sigs:
				if !ok || sig == nil {
					return
				}
				if len(sig.Body) == 3 {
					if owner, _ := sig.Body[2].(string); owner != "" {
						wait.Close()
						t.show()
						return
					}
				}
			case <-t.done:
				return
			}
		}
	}()
	return t, fmt.Errorf("%w yet: nothing on the session bus shows tray icons (no %s; on GNOME, the AppIndicator extension adds one); the icon appears when one starts", ErrNoHost, watcherName)
}

// show starts the library and shows the icon (once).
func (t *Tray) show() {
	t.mu.Lock()
	select {
	case <-t.done: // closed meanwhile
		t.mu.Unlock()
		return
	default:
	}
	start, end := systray.RunWithExternalLoop(t.onReady, nil)
	t.end = end
	t.mu.Unlock()
	start()
	<-t.ready
	// onReady runs beside the library's start, which reads the icon and
	// tooltip before it exports them: one set during that window is kept in
	// memory but never published. Now that start has returned they are
	// exported; set them again.
	t.mu.Lock()
	t.shown = true
	t.publish(t.paused)
	t.mu.Unlock()
}

func (t *Tray) onReady() {
	systray.SetTitle("kindly")
	t.status = systray.AddMenuItem("", "")
	t.status.Disable()
	t.toggle = systray.AddMenuItem("", "")
	systray.AddSeparator()
	type action struct {
		item *systray.MenuItem
		do   func()
	}
	var actions []action
	add := func(label string, do func()) {
		if do != nil {
			actions = append(actions, action{systray.AddMenuItem(label, ""), do})
		}
	}
	add(LabelSearch, t.cb.Search)
	add(LabelManager, t.cb.OpenManager)
	if t.cb.Quit != nil {
		systray.AddSeparator()
		add(LabelQuit, t.cb.Quit)
	}
	t.mu.Lock()
	t.publish(t.paused)
	t.mu.Unlock()
	// systray drops a click nobody is waiting for: wait on every item.
	for _, a := range actions {
		go func() {
			for {
				select {
				case <-a.item.ClickedCh:
					a.do()
				case <-t.done:
					return
				}
			}
		}()
	}
	go func() {
		for {
			select {
			case <-t.toggle.ClickedCh:
				t.mu.Lock()
				paused := t.paused
				t.mu.Unlock()
				if paused && t.cb.Resume != nil {
					t.cb.Resume()
				} else if !paused && t.cb.Pause != nil {
					t.cb.Pause()
				}
			case <-t.done:
				return
			}
		}
	}()
	close(t.ready)
}

// publish updates the icon, tooltip and menu for paused (t.mu held).
func (t *Tray) publish(paused bool) {
	systray.SetIcon(icon(paused))
	systray.SetTooltip(statusText(paused))
	t.status.SetTitle(statusText(paused))
	if paused {
		t.toggle.SetTitle(LabelResume)
	} else {
		t.toggle.SetTitle(LabelPause)
	}
}

// SetPaused shows kindly as paused or running.
func (t *Tray) SetPaused(paused bool) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.paused == paused {
		return
	}
	t.paused = paused
	if t.shown {
		t.publish(paused)
	}
}

// Close removes the icon.
func (t *Tray) Close() {
	if t == nil {
		return
	}
	t.stopOnce.Do(func() {
		t.mu.Lock()
		close(t.done)
		end := t.end
		t.mu.Unlock()
		if t.wait != nil {
			t.wait.Close()
		}
		if end != nil {
			end()
		}
	})
}
