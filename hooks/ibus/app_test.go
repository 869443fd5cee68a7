package ibus

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/kindly-support/kindly/hooks/keysym"
)

const icIface = "org.freedesktop.IBus.InputContext"

// Client capabilities the fake app announces.
const (
	capPreedit = 1 << 0
	capFocus   = 1 << 3
)

// fakeApp plays a GTK 3 app talking to ibus-daemon, with GTK's ordering:
// a key goes to IBus asynchronously; a key IBus lets through goes back to
// the end of the app's event queue and is typed when the app gets there;
// a forwarded key is queued too (and goes to IBus again unless it has the
// forward mask); a commit or a DeleteSurroundingText is applied the moment
// it arrives. The app drains every message that arrived before taking the
// next queued event, the harshest order GTK's main loop allows.
type fakeApp struct {
	t      testing.TB
	conn   *dbus.Conn
	ic     dbus.BusObject
	stream chan *dbus.Message // every incoming message, in order

	mu      sync.Mutex
	sending *keyEv
	pending map[uint32]keyEv // ProcessKeyEvent calls out, by serial

	queue []keyEv
	text  []rune
	caret int
	// signals counts the engine's signals the app got, by name.
	signals map[string]int
	caps    uint32
	// needsSurrounding: the engine asked for the surrounding text.
	needsSurrounding bool
	// trace is what happened, in order (keysyms and names, for failures).
	trace []string
	// chat makes the app a chat's message field: Return without Shift
	// sends (counted in sent, nothing inserted), and so does a committed
	// line break; Shift+Return inserts one (shiftReturns counts them).
	chat         bool
	sent         int
	shiftReturns int
}

type keyEv struct{ keyval, keycode, state uint32 }

func (e *ibusEnv) newApp(t testing.TB, client string, caps uint32) *fakeApp {
	t.Helper()
	a := &fakeApp{t: t, caps: caps, stream: make(chan *dbus.Message, 100000), pending: map[uint32]keyEv{}, signals: map[string]int{}}
	conn, err := dbus.Dial(e.addr,
		dbus.WithIncomingInterceptor(func(m *dbus.Message) { a.stream <- m }),
		dbus.WithOutgoingInterceptor(func(m *dbus.Message) {
			a.mu.Lock()
			if a.sending != nil && m.Type == dbus.TypeMethodCall {
				a.pending[m.Serial()] = *a.sending
				a.sending = nil
			}
			a.mu.Unlock()
		}))
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.Auth(nil); err != nil {
		t.Fatal(err)
	}
	if err := conn.Hello(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	a.conn = conn
	var path dbus.ObjectPath
	if err := conn.Object(ibusIface, ibusPath).Call(ibusIface+".CreateInputContext", 0, client).Store(&path); err != nil {
		t.Fatalf("CreateInputContext: %v", err)
	}
	if err := conn.AddMatchSignal(dbus.WithMatchObjectPath(path)); err != nil {
		t.Fatal(err)
	}
	a.ic = conn.Object(ibusIface, path)
	a.call("SetCapabilities", caps)
	a.call("FocusIn")
	a.call("SetEngine", EngineName)
	a.settle()
	return a
}

func (a *fakeApp) call(method string, args ...any) {
	a.t.Helper()
	if err := a.ic.Call(icIface+"."+method, 0, args...).Err; err != nil {
		a.t.Fatalf("%s: %v", method, err)
	}
}

// typeText queues key presses (and releases) for the runes of s, as X
// delivers them; "\b" is BackSpace and "\n" Return.
func (a *fakeApp) typeText(s string) {
	for _, r := range s {
		var ks uint32
		switch {
		case r == '\b':
			ks = ksBackSpace
		case r == '\n':
			ks = 0xff0d
		case r < 0x100:
			ks = uint32(r)
		default:
			ks = 0x01000000 + uint32(r)
		}
		a.queue = append(a.queue, keyEv{keyval: ks}, keyEv{keyval: ks, state: releaseMask})
	}
}

// settle runs the app until nothing is queued, nothing is on its way and
// nothing arrived for quiet.
func (a *fakeApp) settle() {
	a.t.Helper()
	const quiet = 100 * time.Millisecond
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case m := <-a.stream:
			a.handle(m)
			continue
		default:
		}
		if len(a.queue) > 0 {
			ev := a.queue[0]
			a.queue = a.queue[1:]
			a.dispatch(ev)
			continue
		}
		select {
		case m := <-a.stream:
			a.handle(m)
		case <-time.After(quiet):
			a.mu.Lock()
			out := len(a.pending)
			a.mu.Unlock()
			if out == 0 {
				return
			}
		}
	}
	a.t.Fatalf("the app did not settle in 20s (text %q)", string(a.text))
}

// dispatch handles one queued key event.
func (a *fakeApp) dispatch(ev keyEv) {
	a.trace = append(a.trace, fmt.Sprintf("queue %#x %#x", ev.keyval, ev.state))
	if ev.state&forwardMask != 0 {
		if ev.state&releaseMask == 0 {
			a.typeKey(ev)
		}
		return
	}
	a.mu.Lock()
	a.sending = &ev
	a.mu.Unlock()
	a.ic.Go(icIface+".ProcessKeyEvent", 0, nil, ev.keyval, ev.keycode, ev.state)
}

// typeKey is what the text widget does with a key nobody consumed.
func (a *fakeApp) typeKey(ev keyEv) {
	switch ev.keyval {
	case ksBackSpace:
		if a.caret > 0 {
			a.text = slices.Delete(a.text, a.caret-1, a.caret)
			a.caret--
			a.changed()
		}
	case ksLeft:
		if a.caret > 0 {
			a.caret--
			a.changed()
		}
	case 0xff0d:
		if a.chat {
			if ev.state&shiftMask == 0 {
				a.sent++
				return
			}
			a.shiftReturns++
		}
		a.insert("\n")
	default:
		if r, ok := keysym.ToRune(ev.keyval); ok && ev.state&(controlMask|mod1Mask) == 0 {
			a.insert(string(r))
		}
	}
}

func (a *fakeApp) insert(s string) {
	rs := []rune(s)
	a.text = slices.Insert(a.text, a.caret, rs...)
	a.caret += len(rs)
	a.changed()
}

// changed reports the text around the caret, as GTK does after each change
// when the engine asked for it.
func (a *fakeApp) changed() {
	if a.caps&capSurroundingText == 0 || !a.needsSurrounding {
		return
	}
	a.ic.Go(icIface+".SetSurroundingText", 0, nil, newText(string(a.text)), uint32(a.caret), uint32(a.caret))
}

func (a *fakeApp) handle(m *dbus.Message) {
	switch m.Type {
	case dbus.TypeMethodReply, dbus.TypeError:
		serial, _ := m.Headers[dbus.FieldReplySerial].Value().(uint32)
		a.mu.Lock()
		ev, ok := a.pending[serial]
		delete(a.pending, serial)
		a.mu.Unlock()
		if !ok {
			return
		}
		if m.Type == dbus.TypeError {
			a.t.Errorf("ProcessKeyEvent failed: %v", m.Body)
			return
		}
		a.trace = append(a.trace, fmt.Sprintf("reply %#x %#x %v", ev.keyval, ev.state, m.Body[0]))
		if handled, _ := m.Body[0].(bool); !handled {
			ev.state |= forwardMask // GTK re-queues it with IBUS_IGNORED_MASK
			a.queue = append(a.queue, ev)
		}
	case dbus.TypeSignal:
		member, _ := m.Headers[dbus.FieldMember].Value().(string)
		a.signals[member]++
		a.trace = append(a.trace, fmt.Sprintf("signal %s %v", member, len(fmt.Sprint(m.Body))))
		switch member {
		case "CommitText":
			text := textOf(m.Body[0].(dbus.Variant))
			if a.chat && strings.Contains(text, "\n") {
				a.sent++
			}
			a.insert(text)
		case "DeleteSurroundingText":
			off, n := int(m.Body[0].(int32)), int(m.Body[1].(uint32))
			from := max(a.caret+off, 0)
			to := min(from+n, len(a.text))
			a.text = slices.Delete(a.text, from, to)
			if a.caret > from {
				a.caret = max(from, a.caret-n)
			}
			a.changed()
		case "RequireSurroundingText":
			a.needsSurrounding = true
			a.changed()
		case "ForwardKeyEvent":
			a.queue = append(a.queue, keyEv{m.Body[0].(uint32), m.Body[1].(uint32), m.Body[2].(uint32)})
		}
	}
}

func (a *fakeApp) String() string { return fmt.Sprintf("%q (caret %d)", string(a.text), a.caret) }

// setContentType sets the field's input purpose, as GTK does for a
// password entry.
func (a *fakeApp) setContentType(purpose uint32) {
	a.t.Helper()
	v := dbus.MakeVariant(struct{ Purpose, Hints uint32 }{purpose, 0})
	if err := a.ic.Call("org.freedesktop.DBus.Properties.Set", 0, icIface, "ContentType", v).Err; err != nil {
		a.t.Fatalf("set ContentType: %v", err)
	}
}
