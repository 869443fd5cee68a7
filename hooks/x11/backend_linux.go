//go:build linux

package x11

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/hooks"
	"github.com/kindly-support/kindly/hooks/freedesktop"
)

// window is a top-level X window as kindly sees it.
type window struct {
	ID              uint32 // 0 when unknown
	Instance, Class string // WM_CLASS
	Title           string
}

func (w window) app() hooks.App {
	id := ""
	if w.ID != 0 {
		id = strconv.FormatUint(uint64(w.ID), 16)
	}
	return hooks.App{ID: id, Class: w.Class, Instance: w.Instance, Title: w.Title}
}

// Backend is the X11 desktop: the X11 injector plus the XRecord key hook,
// turned into one stream of hooks.Events.
type Backend struct {
	*X11
	events  chan hooks.Event
	focusMu sync.Mutex // last, shared by the hook goroutine and the pump
	last    uint32     // the focused window last reported
}

// Open connects to the X11 display named by DISPLAY, starts the key hook and
// returns the backend. It fails with hooks.ErrUnavailable when this build or
// session has no X11 keyboard.
func Open(o hooks.Options) (hooks.Backend, error) {
	if !KeyboardSupport {
		return nil, fmt.Errorf("%w: %v", hooks.ErrUnavailable, ErrNoKeyboard)
	}
	if os.Getenv("DISPLAY") == "" {
		return nil, fmt.Errorf("%w: %v", hooks.ErrUnavailable, ErrNoDisplay)
	}
	apps := o.Apps
	if apps == nil {
		apps = hooks.NewApps(nil, DefaultApps)
	}
	x, err := OpenX11(apps)
	if err != nil {
		return nil, err
	}
	x.logf = o.Logf
	b := &Backend{X11: x, events: make(chan hooks.Event, 8192)}
	ended, err := x.startKeys(o.Logf, b.key)
	if err != nil {
		x.Close()
		return nil, err
	}
	go b.pump(ended)
	if o.Injector == "robotgo" {
		return withRobotgo(b), nil
	}
	return b, nil
}

// Name is "x11".
func (b *Backend) Name() string { return "x11" }

// Events delivers the keys the hook records, focus changes and hotkeys.
func (b *Backend) Events() <-chan hooks.Event { return b.events }

// Close stops the key stream and closes the display connection.
func (b *Backend) Close() error { return b.X11.Close() }

// key delivers one key, on the hook goroutine. The focused window is
// followed through events (see X11.events and the focus moves recorded in
// the key stream): only before the first key after the focus may have moved
// does it ask the X server which window has it, and reports a focus change
// when that is another window (without an EWMH window manager this is how a
// switch is noticed). A plain keystroke costs no request and no hand-over
// to another goroutine. Focus moves to kindly's own dialogs are not
// reported: the keys typed there are the conductor's business, and the app
// gets the focus back.
func (b *Backend) key(k expander.Key) {
	if k.Special != expander.Marker && !b.heldNow() && b.focusMoved() {
		b.focus(false, b.send)
	}
	b.send(hooks.Event{Kind: hooks.KeyEvent, Key: k})
}

// send queues ev for the session without ever stalling the key stream: a
// session thousands of events behind loses keys (counted) rather than the
// X server's patience.
func (b *Backend) send(ev hooks.Event) {
	select {
	case b.events <- ev:
	default:
		b.hook.dropped.Add(1)
	}
}

// focus reports the focused window when it changed; switched says the
// window manager announced it (an expansion in flight is then dropped),
// else it was noticed before a key (the buffer is forgotten).
func (b *Backend) focus(switched bool, send func(hooks.Event)) {
	if b.dialogs.Load() > 0 {
		return
	}
	b.focusMu.Lock()
	defer b.focusMu.Unlock()
	w := b.Focused()
	if w.ID == b.last && !switched {
		return
	}
	b.last = w.ID
	ev := hooks.Event{Kind: hooks.FocusEvent, App: w.app()}
	if switched {
		ev.Key = expander.Key{Special: expander.Window, At: time.Now()}
	}
	send(ev)
}

// pump adds the display's other events to the stream: hotkeys, window
// switches announced by the window manager, the end of the connection.
func (b *Backend) pump(keysEnded <-chan struct{}) {
	defer close(b.events)
	put := func(ev hooks.Event) { b.events <- ev }
	for {
		select {
		case <-keysEnded:
			err := errors.New("the key hook stopped (the X connection was lost?)")
			if b.LostConnection() {
				err = errors.New("lost the X connection (the X server went away)")
			}
			put(hooks.Event{Kind: hooks.LostEvent, Err: err})
			return
		case name := <-b.hotkeyC:
			put(hooks.Event{Kind: hooks.HotkeyEvent, Hotkey: name})
		case <-b.windows:
			b.focus(true, put)
		case <-b.dead:
			put(hooks.Event{Kind: hooks.LostEvent, Err: errors.New("lost the X connection")})
			b.stopKeys() // the stream has a connection of its own
			<-keysEnded  // the hook sends no more once its stream has ended
			return
		}
	}
}

// Notify shows a desktop notification (org.freedesktop.Notifications).
func (b *Backend) Notify(title, body string) error { return freedesktop.Notify(title, body) }
