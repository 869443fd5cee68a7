//go:build linux

package x11

import (
	"context"
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
	events chan hooks.Event
	cancel context.CancelFunc
	once   sync.Once
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
	ctx, cancel := context.WithCancel(context.Background())
	keys, err := StartKeys(ctx, o.Logf)
	if err != nil {
		cancel()
		x.Close()
		return nil, err
	}
	b := &Backend{X11: x, events: make(chan hooks.Event, 64), cancel: cancel}
	go b.pump(keys)
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
func (b *Backend) Close() error {
	b.once.Do(b.cancel)
	return b.X11.Close()
}

// DroppedKeys counts keys the hook dropped because the session fell behind.
func (b *Backend) DroppedKeys() uint64 { return DroppedKeys() }

// pump turns the hook's keys and the display's events into one stream. Before
// a key whose window is not the last one seen, it reports the focus change
// (windows without an EWMH window manager are only noticed this way). Focus
// moves to kindly's own dialogs are not reported: the keys typed there are
// the conductor's business, and the app gets the focus back.
func (b *Backend) pump(keys <-chan expander.Key) {
	defer close(b.events)
	var last uint32
	// focus reports the focused window when it changed; switched says the
	// window manager announced it (an expansion in flight is then dropped),
	// else it was noticed before a key (the buffer is forgotten).
	focus := func(switched bool) {
		if b.dialogs.Load() > 0 {
			return
		}
		w := b.Focused()
		if w.ID == last && !switched {
			return
		}
		last = w.ID
		ev := hooks.Event{Kind: hooks.FocusEvent, App: w.app()}
		if switched {
			ev.Key = expander.Key{Special: expander.Window, At: time.Now()}
		}
		b.events <- ev
	}
	for {
		select {
		case k, ok := <-keys:
			if !ok {
				err := errors.New("the key hook stopped (the X connection was lost?)")
				if LostConnection() {
					err = errors.New("lost the X connection (the X server went away)")
				}
				b.events <- hooks.Event{Kind: hooks.LostEvent, Err: err}
				return
			}
			if k.Special != expander.Marker && !b.heldNow() {
				focus(false)
			}
			b.events <- hooks.Event{Kind: hooks.KeyEvent, Key: k}
		case name := <-b.hotkeyC:
			b.events <- hooks.Event{Kind: hooks.HotkeyEvent, Hotkey: name}
		case <-b.windows:
			focus(true)
		case <-b.dead:
			b.events <- hooks.Event{Kind: hooks.LostEvent, Err: errors.New("lost the X connection")}
			return
		}
	}
}

// Notify shows a desktop notification (org.freedesktop.Notifications).
func (b *Backend) Notify(title, body string) error { return freedesktop.Notify(title, body) }
