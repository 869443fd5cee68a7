package ibus

import (
	"fmt"
	"slices"
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

// Keys the engine forwards: keysyms, and key code 0 so that the client
// finds the key in its own keyboard map (GTK does): a fixed evdev code is
// another key under a map that is not the usual one (a virtual keyboard's).
const (
	ksBackSpace = 0xff08
	ksLeft      = 0xff51
	ksReturn    = 0xff0d
	kcBackSpace = 0
	kcLeft      = 0
	kcReturn    = 0
	// markerKeysym is the key forwarded after BackSpaces on the forward
	// path. VoidSymbol types nothing and means nothing to any app, so one
	// that is not given back to the engine does no harm.
	markerKeysym = 0xffffff
)

// How long the engine waits before a reply goes in anyway: for its marker
// to come back (the first time: clients that never give it back are then
// known), for the surrounding text to show the abbreviation, and, for
// clients that never give the marker back, after forwarding BackSpaces.
var (
	markerTimeout      = 300 * time.Millisecond
	surroundingTimeout = 300 * time.Millisecond
	forwardDelay       = 40 * time.Millisecond
)

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
	// a11yName is the focused app as AT-SPI named it, where the client's
	// name does not (gnome-shell); set at each focus in.
	a11yName  string
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
	// passed is the text the engine let through since it last lost track
	// (at most maxPassed runes), to find it in the surrounding text; sur
	// and surCursor are the text around the caret the client reported
	// last. Neither is kept beyond that, logged or sent anywhere.
	passed    []rune
	sur       []rune
	surCursor int
	surSeen   bool // the client has reported its text at least once
	// The states the field goes through as the app types the keys let
	// through: conf is the last one a report showed (nil: none yet), pend
	// the ones after it, oldest first (each the last maxState runes of
	// passed). Reports come in order and only on a change, so the first
	// pending state a report shows is where the app is: a BackSpace that
	// brings the text back to an earlier state is not mistaken for it.
	conf      []rune
	pend      [][]rune
	noUpdates bool // it has the capability but never reports it
	// resets counts the Resets expected from GTK for BackSpaces (resetAt:
	// when the last was expected).
	resets  int
	resetAt time.Time
	// ackResets counts the Resets still to come for the BackSpaces of a
	// waiting edit (GTK 3 resets after applying each).
	ackResets int
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
	} else if e.a11yName != "" && needsA11y(e.client) {
		prog = e.a11yName
	}
	id := e.contextID
	if id == "" {
		id = string(e.path)
	}
	return hooks.App{ID: id, Class: prog, Password: e.password()}
}

// trace, set by tests only, follows what the engine does (it sees keysyms:
// never set outside tests).
var trace func(format string, args ...any)

// processKey decides about one key event. It runs in its turn.
func (e *engine) processKey(keyval, keycode, state uint32) bool {
	if state&forwardMask != 0 {
		return false // a key forwarded by an engine, given back: the app's
	}
	e.mu.Lock()
	if trace != nil {
		trace("key %#x state %#x waiting %v", keyval, state, e.waiting)
	}
	if keyval == markerKeysym {
		if state&releaseMask == 0 && e.waiting && !e.pendingSurrounding {
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
	k, ok := keysym.Key(keyval, keysym.Mods(state))
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
	e.mu.Lock()
	if v.Edit.Empty() {
		if !v.Consume {
			e.passedKey(k)
		}
		e.mu.Unlock()
		return v.Consume
	}
	if e.apply(v.Edit) {
		e.finish()
	} else {
		e.mu.Unlock()
	}
	return v.Consume
}

// passedKey records a key the app gets: its text, to recognise it in the
// surrounding text; an editing or caret key, which GTK answers with a
// Reset once it has applied it (too late to mean anything). mu is held.
func (e *engine) passedKey(k expander.Key) {
	r := k.Rune
	switch {
	case k.Special == expander.Backspace && !k.Mods.Shortcut():
		if len(e.passed) > 0 {
			e.passed = e.passed[:len(e.passed)-1]
		}
		e.expectReset(1)
		e.pushState()
		return
	case k.Special == expander.Enter && !k.Mods.Shortcut():
		r = '\n'
	case k.Special == expander.Tab && !k.Mods.Shortcut():
		r = '\t'
	case k.Special >= expander.Left && k.Special <= expander.Delete:
		e.lostTrack()
		e.expectReset(1)
		return
	case !k.Text() || r == 0:
		e.lostTrack()
		return
	}
	if len(e.passed) == maxPassed {
		copy(e.passed, e.passed[maxPassed/2:])
		e.passed = e.passed[:maxPassed/2]
	}
	e.passed = append(e.passed, r)
	e.pushState()
}

// maxState is how much of the text before the caret a state keeps, and
// maxStates how many states wait for a report.
const (
	maxState  = 64
	maxStates = 64
)

// pushState notes the state the field is in once the app has typed the
// key just let through.
func (e *engine) pushState() {
	if len(e.pend) == maxStates {
		e.pend = e.pend[1:]
	}
	e.pend = append(e.pend, slices.Clone(e.passed[max(0, len(e.passed)-maxState):]))
}

// lostTrack forgets the text before the caret: a caret key, a click, a
// focus change; what is typed next is matched on its own.
func (e *engine) lostTrack() {
	e.passed, e.conf, e.pend = e.passed[:0], nil, nil
}

// maxPassed bounds what the engine remembers of the text typed before the
// caret (about as much as the engine's own buffer).
const maxPassed = 256

// expectReset notes that GTK will answer n keys (BackSpace, Delete, caret
// keys) with Resets (a text view resets its input method on each), which
// must not count as clicks.
func (e *engine) expectReset(n int) {
	now := time.Now()
	if now.Sub(e.resetAt) > time.Second {
		e.resets = 0
	}
	e.resets += n
	e.resetAt = now
}

// reset handles IBus's Reset: the client's text changed in a way the
// engine cannot follow (a click), unless it answers a BackSpace.
func (e *engine) reset() {
	e.mu.Lock()
	if trace != nil {
		trace("reset (expected %d, acks %d, waiting %v)", e.resets, e.ackResets, e.waiting)
	}
	if e.resets > 0 && time.Since(e.resetAt) <= time.Second {
		e.b.debugf("Reset after a BackSpace or caret key: not a click")
		e.resets--
		if e.waiting && !e.pendingSurrounding && e.ackResets > 0 {
			// GTK 3 resets after applying each forwarded BackSpace: the
			// last one is there, the reply can go in.
			if e.ackResets--; e.ackResets == 0 {
				e.finish()
				return
			}
		}
		e.mu.Unlock()
		return
	}
	e.resets = 0
	e.lostTrack()
	waiting := e.waiting
	e.mu.Unlock()
	e.b.debugf("Reset (a click or an edit by the app; a reply on its way: %v)", waiting)
	e.b.reset(e)
}

// apply makes an edit in the client; mu is held. It reports whether the
// edit is ready to go in now (the caller then calls finish); otherwise
// the engine waits, holding keys, until it is.
//
// The edit must land after every key the engine let through before it,
// but the client may not have typed those yet: GTK 3 hands a key the
// engine let through back to its event queue and types it only when it
// gets there, while a commit or a DeleteSurroundingText is applied the
// moment it arrives.
//
//   - Where the client has surrounding text, the engine waits until the
//     client reports the last state the keys it let through bring the
//     field to (GTK reports the text after each change), then deletes and
//     commits.
//   - Elsewhere it forwards the BackSpaces and a marker key, and commits
//     when the marker comes back through the client's input method
//     (clients that filter forwarded keys again do), when GTK 3 has
//     answered the last BackSpace with a Reset, or after forwardDelay
//     (markerTimeout the first time) for clients that do neither.
func (e *engine) apply(ed expander.Edit) bool { return e.applyNext(ed, false) }

// applyNext is apply; newline says a Shift+Return forwarded just before
// must be applied first (the rest of a reply in a chat app).
func (e *engine) applyNext(ed expander.Edit, newline bool) bool {
	// A client that never reports its text cannot show a line break
	// applied: the marker (or the delay) tells instead.
	// A line break is waited for through the surrounding text wherever
	// the client reports it, even where BackSpaces are forwarded: GTK 3
	// neither hands a forwarded key back nor resets after a Return, so
	// the forward path could only wait forwardDelay and hope.
	surrounding := e.caps&capSurroundingText != 0 && (!e.forceForward || newline) && !(newline && e.noUpdates)
	e.pending = ed
	e.pendingSurrounding = surrounding
	e.waiting = true
	e.gen++
	gen := e.gen
	e.b.debugf("reply: delete %d, insert %d runes, left %d (surrounding text %v, markers %d)",
		ed.Delete, len([]rune(ed.Insert)), ed.Left, surrounding, e.markers)
	if surrounding {
		// Nothing let through since the engine lost track of the text
		// (a focus change) means nothing on its way to wait for.
		if e.noUpdates || len(e.pend) == 0 && e.conf == nil || e.typed(ed.Delete) {
			return true
		}
		time.AfterFunc(surroundingTimeout, func() { e.late(gen) })
		return false
	}
	for range ed.Delete {
		e.forward(ksBackSpace, kcBackSpace, forwardMask)
		e.forward(ksBackSpace, kcBackSpace, forwardMask|releaseMask)
	}
	e.expectReset(ed.Delete)
	e.ackResets = ed.Delete
	wait := forwardDelay
	if e.markers != markersNever {
		e.forward(markerKeysym, 0, 0)
		e.forward(markerKeysym, 0, releaseMask)
		if e.markers == markersUnknown {
			wait = markerTimeout
		}
	}
	if ed.Delete == 0 && e.markers == markersNever && !newline {
		return true
	}
	time.AfterFunc(wait, func() { e.late(gen) })
	return false
}

// typed reports whether the client's text before the caret ends with what
// the engine let through since it last lost track of the text (and, after
// a reply, the reply), so that the n runes of the abbreviation are there
// to delete. A client may report only the caret's line (GTK's text view
// does), and the text may have been changed under the engine (an app
// clearing its field): what was let through is matched from its last line
// break, and a report that is all of it matches at its start.
func (e *engine) typed(n int) bool {
	if len(e.pend) > 0 || e.conf == nil || e.surCursor > len(e.sur) {
		return false
	}
	return endsWith(e.sur[:e.surCursor], e.conf, n)
}

// endsWith reports whether before (the text before the caret, from the
// start of what the client reports) ends with the runes typed last, at
// least n of them.
func endsWith(before, typed []rune, n int) bool {
	need, lineStart := typed, false
	if i := slices.Index(reverse(need), '\n'); i >= 0 {
		need, lineStart = need[len(need)-i:], true
	}
	k := min(len(need), len(before))
	if k < n || !slices.Equal(before[len(before)-k:], need[len(need)-k:]) {
		return false
	}
	if k < len(need) {
		return true // the report starts within what was typed
	}
	at := len(before) - k
	return !lineStart || at == 0 || before[at-1] == '\n'
}

func reverse(rs []rune) []rune {
	out := slices.Clone(rs)
	slices.Reverse(out)
	return out
}

// surrounding records the text around the caret the client reports, and
// lets a waiting edit go in once its abbreviation is there.
func (e *engine) surrounding(text string, cursor uint32) {
	e.mu.Lock()
	e.sur = append(e.sur[:0], []rune(text)...)
	e.surCursor = int(cursor)
	if e.surCursor <= len(e.sur) {
		before := e.sur[:e.surCursor]
		for j, st := range e.pend {
			if endsWith(before, st, 0) {
				e.conf, e.pend = st, e.pend[j+1:]
				break
			}
		}
	}
	if e.waiting && e.pendingSurrounding && e.typed(e.pending.Delete) {
		e.finish()
		return
	}
	e.mu.Unlock()
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
	if trace != nil {
		trace("emit %s %v", signal, len(fmt.Sprint(args...)))
	}
	if err := e.b.conn.Emit(e.path, engineIface+"."+signal, args...); err != nil {
		e.b.logf("ibus: %s: %v", signal, err)
	}
}

// finish commits the pending reply once the BackSpaces before it are
// applied, then replays what was held, in order. mu is held on entry and
// released on return.
func (e *engine) finish() {
	e.b.debugf("reply goes in (%d keys held)", len(e.held))
	e.waiting = false
	if e.pendingSurrounding && e.pending.Delete > 0 {
		e.emit("DeleteSurroundingText", int32(-e.pending.Delete), uint32(e.pending.Delete))
	}
	ed := e.pending
	// In a chat app (its rule says shift_enter) Enter sends the message:
	// a reply's line breaks go in as Shift+Return, one piece at a time,
	// each once the app has applied the Shift+Return before it.
	piece, rest, split := ed.Insert, "", false
	if strings.Contains(ed.Insert, "\n") && e.b.appConfig(e.app()).ShiftEnter {
		piece, rest, split = strings.Cut(ed.Insert, "\n")
	}
	if split {
		e.commit(piece, 0)
	} else {
		e.commit(ed.Insert, ed.Left)
	}
	// Before the caret now is the reply (up to the caret): a report of
	// the text from before it went in cannot look like what comes next.
	reply := []rune(piece)
	if !split {
		reply = reply[:len(reply)-min(ed.Left, len(reply))]
	}
	e.passed = append(e.passed[:0], reply[max(0, len(reply)-maxPassed):]...)
	e.pending = expander.Edit{}
	// Reports sent before the client applied the reply say nothing about
	// what comes after it: the reply is the state to see first.
	e.conf, e.pend = nil, nil
	if len(reply) > 0 {
		e.pushState()
	}
	if split {
		if trace != nil {
			trace("line break as Shift+Return")
		}
		e.forward(ksReturn, kcReturn, shiftMask|forwardMask)
		e.forward(ksReturn, kcReturn, shiftMask|forwardMask|releaseMask)
		e.passedKey(expander.Key{Special: expander.Enter})
		// The rest waits until the app has the line break, the way a
		// reply waits for its BackSpaces; keys typed meanwhile are held
		// behind it.
		if e.applyNext(expander.Edit{Insert: rest, Left: ed.Left}, true) {
			e.finish()
		} else {
			e.mu.Unlock()
		}
		return
	}
	for len(e.held) > 0 && !e.waiting {
		h := e.held[0]
		e.held = e.held[1:]
		if h.edit != nil {
			if e.apply(*h.edit) {
				e.finish()
				return
			}
			continue
		}
		e.mu.Unlock()
		v := e.b.verdict(h.key)
		e.mu.Lock()
		if !v.Consume {
			// The key was taken from the app while it waited: give it
			// back now, after the reply.
			e.forward(h.keyval, h.keycode, h.state|forwardMask)
			e.forward(h.keyval, h.keycode, h.state|forwardMask|releaseMask)
			e.passedKey(h.key)
		}
		if !v.Edit.Empty() && e.apply(v.Edit) {
			e.finish()
			return
		}
	}
	e.mu.Unlock()
}

// late ends a wait that took too long: the marker did not come back, or
// the surrounding text did not show the abbreviation.
func (e *engine) late(gen int) {
	done := e.b.seq.internal()
	defer done()
	e.mu.Lock()
	if !e.waiting || e.gen != gen || e.destroyed {
		e.mu.Unlock()
		return
	}
	e.b.debugf("reply waited %v (surrounding text %v, %d states not seen, seen %v)", surroundingTimeout, e.pendingSurrounding, len(e.pend), e.surSeen)
	switch {
	case e.pendingSurrounding && !e.surSeen:
		// This client never reports its text: from now on, edits go in
		// at once.
		e.noUpdates = true
		e.b.logf("ibus: %s has surrounding text but does not report it; replies go in without waiting", e.app().Class)
	case !e.pendingSurrounding && e.markers == markersUnknown:
		e.markers = markersNever
		e.b.logf("ibus: %s does not hand forwarded keys back to the input method; replies go in %v after the BackSpaces", e.app().Class, forwardDelay)
	}
	e.finish()
}

// commitIn applies an edit decided after the fact (a fill-in answered, a
// reply picked) if the engine has the focus in context ctx now (after
// what is on its way, if anything); ok is false when it has not.
func (e *engine) commitIn(ctx string, ed expander.Edit) (ok bool) {
	e.mu.Lock()
	switch {
	case e.destroyed || !e.focused || e.contextID != ctx:
		e.mu.Unlock()
		return false
	case e.waiting:
		e.held = append(e.held, heldItem{edit: &ed})
	case e.apply(ed):
		e.finish()
		return true
	}
	e.mu.Unlock()
	return true
}

func (e *engine) focusIn(contextID, client string) {
	e.mu.Lock()
	e.b.debugf("focus in %s (a reply on its way: %v)", contextID, e.waiting)
	e.focused = true
	e.contextID = contextID
	if client != "" {
		e.client = client
	}
	cl := e.client
	e.mu.Unlock()
	// Asked without mu: the backend's lock comes first.
	a11y := ""
	if cl != "fake" && needsA11y(cl) {
		a11y = e.b.a11yApp(contextID)
	}
	e.mu.Lock()
	e.a11yName = a11y
	e.lostTrack()
	e.sur, e.surCursor = e.sur[:0], 0
	app := e.app()
	real := e.client != "fake"
	password := e.password()
	e.mu.Unlock()
	if !password {
		// Ask the client to report the text around the caret (IBus clients
		// send it only to engines that ask).
		e.emit("RequireSurroundingText")
	}
	e.b.focus(e, app, real)
}

func (e *engine) focusOut() {
	e.mu.Lock()
	e.b.debugf("focus out (a reply on its way: %v)", e.waiting)
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
