package ibus

import (
	"strings"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/hooks"
	"github.com/kindly-support/kindly/hooks/keysym"
)

// D-Bus names of IBus.
const (
	ibusPath      = dbus.ObjectPath("/org/freedesktop/IBus")
	ibusIface     = "org.freedesktop.IBus"
	factoryPath   = dbus.ObjectPath("/org/freedesktop/IBus/Factory")
	factoryIface  = "org.freedesktop.IBus.Factory"
	engineIface   = "org.freedesktop.IBus.Engine"
	serviceIface  = "org.freedesktop.IBus.Service"
	propsIface    = "org.freedesktop.DBus.Properties"
	enginesPrefix = "/org/freedesktop/IBus/Engine/kindly/"
)

// IBus modifier bits, capabilities and input purposes (ibustypes.h).
const (
	shiftMask   = 1 << 0
	controlMask = 1 << 2
	mod1Mask    = 1 << 3 // Alt
	mod4Mask    = 1 << 6 // Super
	forwardMask = 1 << 25
	superMask   = 1 << 26
	metaMask    = 1 << 28
	releaseMask = 1 << 30

	capSurroundingText = 1 << 5

	purposePassword = 8
	purposePIN      = 9
)

// Keys the engine forwards: keysyms and evdev key codes.
const (
	ksBackSpace = 0xff08
	ksLeft      = 0xff51
	kcBackSpace = 14
	kcLeft      = 105
	// markerKeysym is the key forwarded after BackSpaces on the forward
	// path. VoidSymbol types nothing and means nothing to any app, so one
	// that is not given back to the engine does no harm.
	markerKeysym = 0xffffff
)

// markerTimeout is how long the engine waits for its marker to come back
// before committing a reply anyway (clients that do not pass forwarded
// keys back through the input method).
var markerTimeout = 300 * time.Millisecond

// engine is one kindly engine: ibus-daemon creates one per input context
// that switches to kindly.
type engine struct {
	b    *Backend
	path dbus.ObjectPath

	// Fields below are read and changed by the handler whose turn it is
	// (see sequencer) and by Commit, both under mu. mu is never held while
	// waiting for a verdict.
	mu        sync.Mutex
	caps      uint32
	purpose   uint32
	client    string // the client's name: "gtk3-im:gedit"
	contextID string // the input context's object path, when IBus says
	focused   bool
	destroyed bool

	// The forward path: a marker is out (waiting) and the reply (pending)
	// goes in when it comes back; what arrives meanwhile is held.
	waiting bool
	gen     int // counts markers, so a late timer does not end a newer wait
	pending expander.Edit
	// pendingSurrounding: the pending edit deletes with
	// DeleteSurroundingText (else its BackSpaces went before the marker).
	pendingSurrounding bool
	held               []heldItem
	// markers says whether this client hands forwarded keys back.
	markers markerSupport
	// forceForward makes the engine take the forward path even where the
	// client has surrounding text (tests of that path with real apps).
	forceForward bool
}

type markerSupport uint8

const (
	markersUnknown markerSupport = iota
	markersWork
	markersNever
)

// heldItem is a key the engine consumed while a reply was on its way, to
// be replayed after it, or an edit to apply in its turn.
type heldItem struct {
	keyval, keycode, state uint32
	key                    expander.Key
	edit                   *expander.Edit
}

func newEngine(b *Backend, path dbus.ObjectPath) *engine {
	return &engine{b: b, path: path, forceForward: b.forceForward}
}

// mods turns IBus modifier bits into the engine's. Mod5 (AltGr) types
// characters, so it is not a modifier here.
func mods(state uint32) expander.Mods {
	var m expander.Mods
	if state&shiftMask != 0 {
		m |= expander.Shift
	}
	if state&controlMask != 0 {
		m |= expander.Ctrl
	}
	if state&mod1Mask != 0 {
		m |= expander.Alt
	}
	if state&(mod4Mask|superMask|metaMask) != 0 {
		m |= expander.Meta
	}
	return m
}

// password reports a field kindly must leave alone.
func (e *engine) password() bool { return e.purpose == purposePassword || e.purpose == purposePIN }

// app is the focused app as IBus knows it.
func (e *engine) app() hooks.App {
	prog := e.client
	if _, p, ok := strings.Cut(prog, ":"); ok {
		prog = p
	}
	if prog == "fake" {
		// ibus-daemon's own stand-in context: the focus is in a window
		// that does not use IBus.
		prog = ""
	}
	id := e.contextID
	if id == "" {
		id = string(e.path)
	}
	return hooks.App{ID: id, Class: prog, Password: e.password()}
}

// processKey decides about one key event. It runs in its turn.
func (e *engine) processKey(keyval, keycode, state uint32) bool {
	if state&forwardMask != 0 {
		return false // a key forwarded by an engine, given back: the app's
	}
	e.mu.Lock()
	if keyval == markerKeysym {
		if state&releaseMask == 0 && e.waiting {
			e.markers = markersWork
			e.finish()
			return true // finish unlocked mu
		}
		e.mu.Unlock()
		return true
	}
	if state&releaseMask != 0 || e.password() {
		e.mu.Unlock()
		return false
	}
	k, ok := keysym.Key(keyval, mods(state))
	if !ok {
		e.mu.Unlock()
		return false
	}
	if e.waiting {
		e.held = append(e.held, heldItem{keyval: keyval, keycode: keycode, state: state, key: k})
		e.mu.Unlock()
		return true
	}
	e.mu.Unlock()
	v := e.b.verdict(k)
	if v.Edit.Empty() {
		return v.Consume
	}
	e.mu.Lock()
	e.apply(v.Edit)
	e.mu.Unlock()
	return v.Consume
}

// apply makes an edit in the client; mu is held.
//
// The edit must land after every key the engine let through before it,
// but a client may not have applied those yet: GTK 3 hands a key the
// engine let through back to its event queue and types it only when it
// gets there, while a commit or a DeleteSurroundingText is applied as soon
// as it arrives. So the engine first forwards the BackSpaces (where the
// client has no surrounding text) and a marker key, which the client
// queues behind those keys and hands back to the input method when it gets
// to it; only then (finish) does the reply go in. Clients that do not hand
// forwarded keys back are found out by a timeout and then get edits at
// once.
func (e *engine) apply(ed expander.Edit) {
	surrounding := e.caps&capSurroundingText != 0 && !e.forceForward
	if !surrounding {
		for range ed.Delete {
			e.forward(ksBackSpace, kcBackSpace, forwardMask)
			e.forward(ksBackSpace, kcBackSpace, forwardMask|releaseMask)
		}
	}
	if e.markers == markersNever {
		if surrounding && ed.Delete > 0 {
			e.emit("DeleteSurroundingText", int32(-ed.Delete), uint32(ed.Delete))
		}
		e.commit(ed.Insert, ed.Left)
		return
	}
	e.forward(markerKeysym, 0, 0)
	e.waiting = true
	e.gen++
	e.pending = ed
	e.pendingSurrounding = surrounding
	gen := e.gen
	time.AfterFunc(markerTimeout, func() { e.markerLate(gen) })
}

func (e *engine) commit(text string, left int) {
	if text != "" {
		e.emit("CommitText", newText(text))
	}
	for range left {
		e.forward(ksLeft, kcLeft, forwardMask)
		e.forward(ksLeft, kcLeft, forwardMask|releaseMask)
	}
}

func (e *engine) forward(keyval, keycode, state uint32) {
	e.emit("ForwardKeyEvent", uint32(keyval), uint32(keycode), uint32(state))
}

func (e *engine) emit(signal string, args ...any) {
	if err := e.b.conn.Emit(e.path, engineIface+"."+signal, args...); err != nil {
		e.b.logf("ibus: %s: %v", signal, err)
	}
}

// finish commits the pending reply once the BackSpaces before it are
// applied, then replays what was held, in order. mu is held on entry and
// released on return.
func (e *engine) finish() {
	e.waiting = false
	if e.pendingSurrounding && e.pending.Delete > 0 {
		e.emit("DeleteSurroundingText", int32(-e.pending.Delete), uint32(e.pending.Delete))
	}
	e.commit(e.pending.Insert, e.pending.Left)
	e.pending = expander.Edit{}
	for len(e.held) > 0 && !e.waiting {
		h := e.held[0]
		e.held = e.held[1:]
		if h.edit != nil {
			e.apply(*h.edit)
			continue
		}
		e.mu.Unlock()
		v := e.b.verdict(h.key)
		e.mu.Lock()
		if !v.Edit.Empty() {
			e.apply(v.Edit)
		}
		if !v.Consume {
			// The key was taken from the app while it waited: give it
			// back now, after the reply.
			e.forward(h.keyval, h.keycode, h.state|forwardMask)
			e.forward(h.keyval, h.keycode, h.state|forwardMask|releaseMask)
		}
	}
	e.mu.Unlock()
}

// markerLate ends a wait whose marker did not come back in time.
func (e *engine) markerLate(gen int) {
	done := e.b.seq.internal()
	defer done()
	e.mu.Lock()
	if !e.waiting || e.gen != gen || e.destroyed {
		e.mu.Unlock()
		return
	}
	if e.markers == markersUnknown {
		// This client does not hand forwarded keys back: from now on,
		// edits go in at once.
		e.markers = markersNever
		e.b.logf("ibus: %s does not hand forwarded keys back to the input method; replies go in without waiting", e.app().Class)
	}
	e.finish()
}

// commitIn applies an edit decided after the fact (a fill-in answered, a
// reply picked) if the engine has the focus in context ctx now (after
// what is on its way, if anything); ok is false when it has not.
func (e *engine) commitIn(ctx string, ed expander.Edit) (ok bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	switch {
	case e.destroyed || !e.focused || e.contextID != ctx:
		return false
	case e.waiting:
		e.held = append(e.held, heldItem{edit: &ed})
	default:
		e.apply(ed)
	}
	return true
}

func (e *engine) focusIn(contextID, client string) {
	e.mu.Lock()
	e.focused = true
	e.contextID = contextID
	if client != "" {
		e.client = client
	}
	app := e.app()
	real := e.client != "fake"
	e.mu.Unlock()
	e.b.focus(e, app, real)
}

func (e *engine) focusOut() {
	e.mu.Lock()
	e.focused = false
	e.mu.Unlock()
	e.b.focusOut(e)
}

// setContentType records the field's input purpose; a change on the
// focused field is reported as a focus change (a password field now).
func (e *engine) setContentType(purpose, hints uint32) {
	e.mu.Lock()
	changed := e.password() != (purpose == purposePassword || purpose == purposePIN)
	e.purpose = purpose
	focused := e.focused
	app := e.app()
	e.mu.Unlock()
	if changed && focused {
		e.b.send(hooks.Event{Kind: hooks.FocusEvent, App: app})
	}
}

func (e *engine) ctxID() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.contextID
}
