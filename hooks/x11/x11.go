//go:build linux

package x11

import (
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
	"github.com/jezek/xgb/xtest"

	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/hooks"
	"github.com/kindly-support/kindly/hooks/keysym"
)

// X11 is the injector for X11 displays. It speaks the X protocol directly
// (jezek/xgb, pure Go) so that each expander.Batch goes out as one atomic
// run of requests on a single connection under a server grab: no other
// client's keys can land between the deletes, the reply and the replayed
// keys. Text is typed with XTest key events when it is short and every
// character is on the keyboard map, and pasted otherwise: kindly becomes the
// selection owner, presses the app's paste shortcut, waits until the app has
// fetched the text, then gives the user's clipboard back.
//
// It also puts markers into the key stream (a private keysym on a spare
// keycode, pressed while kindly holds the keyboard, so no app sees it) and
// reports the focused window's class for per-app settings.
type X11 struct {
	c    *xgb.Conn
	root xproto.Window
	win  xproto.Window // selection owner and property target
	apps *hooks.Apps

	atomClipboard, atomPrimary, atomTargets, atomUTF8, atomText, atomPlain, atomPlainUTF8,
	atomIncr, atomProp, atomWMClass, atomActive, atomNetWMName xproto.Atom

	mu           sync.Mutex // Inject and Close
	kb           *xkbExt
	hook         *keys // the key hook, once started
	km           keymap
	stale        atomic.Bool      // the keyboard map changed: reload before the next batch
	markerKCs    []xproto.Keycode // marker keycodes; the i-th types marker id i
	ownedMarkers []xproto.Keycode // the keys this X11 mapped (markers, v; unmapped on Close)
	markerIDs    []uint32         // the id the i-th keycode's marker carries
	markerSeq    uint32
	early        *earlyOffer
	lastFocus    window
	focusAt      time.Time
	focusWin     xproto.Window // the window that had the input focus at focusAt
	// focusGen counts events that may mean the focus moved (focus and
	// active-window changes, new windows, renames); focusSeen is the count
	// the last focused() answer is good for.
	focusGen, focusSeen atomic.Uint64
	held                bool
	holding             atomic.Bool                   // held, for readers without mu (the key pump)
	dialogs             atomic.Int32                  // kindly's own dialogs and pickers on screen
	cacheMu             sync.Mutex                    // focusCache, shared with the event goroutine
	focusCache          map[xproto.Window]*windowInfo // focus window → its top-level's class and title
	closeOnce           sync.Once
	dead                chan struct{} // closed when the X connection is gone

	sel selections
	// known names the atoms interned at start (selections and the formats
	// kept), so the clipboard handoff can name them after the connection is
	// gone.
	known map[xproto.Atom]string
	// logf, when set, reports what goes wrong outside a call (the handoff).
	logf func(string, ...any)
	// notify delivers SelectionNotify events to readSelection.
	notify chan xproto.SelectionNotifyEvent
	// props delivers PropertyNotify events on kindly's own window (INCR reads).
	props chan xproto.PropertyNotifyEvent
	// windows gets a value when the active window changes (EWMH window managers).
	windows chan struct{}
	// hotkeys maps grabbed (keycode, modifiers) to the name sent on hotkeyC.
	hotkeyMu sync.Mutex
	hotkeys  map[hotkey]string
	hotkeyC  chan string
}

type hotkey struct {
	code xproto.Keycode
	mods uint16
}

// keymap is the keyboard as the injector types on it: the layout (every
// group) and, for the group in force, where each character and keysym is.
type keymap struct {
	lay   *layout
	group uint8
	runes map[rune]position   // characters the group types
	syms  map[uint32]position // keysyms in the group
	other map[uint32]position // keysyms of the other groups (shortcut keys)
	mods  [8][]xproto.Keycode // modifier map: Shift, Lock, Control, Mod1…Mod5
	per   byte
	spare []xproto.Keycode
}

// Keysyms kindly presses.
const (
	ksBackSpace = 0xff08
	ksTab       = 0xff09
	ksReturn    = 0xff0d
	ksEscape    = 0xff1b
	ksHome      = 0xff50
	ksLeft      = 0xff51
	ksUp        = 0xff52
	ksRight     = 0xff53
	ksDown      = 0xff54
	ksPrior     = 0xff55
	ksNext      = 0xff56
	ksEnd       = 0xff57
	ksInsert    = 0xff63
	ksDelete    = 0xffff
	ksShiftL    = 0xffe1
	ksControlL  = 0xffe3
	ksAltL      = 0xffe9
	ksSuperL    = 0xffeb
	ksCapsLock  = 0xffe5
)

var specialKeysyms = map[expander.Special]xproto.Keysym{
	expander.Backspace: ksBackSpace, expander.Enter: ksReturn, expander.Tab: ksTab,
	expander.Escape: ksEscape, expander.Left: ksLeft, expander.Right: ksRight,
	expander.Up: ksUp, expander.Down: ksDown, expander.Home: ksHome, expander.End: ksEnd,
	expander.PageUp: ksPrior, expander.PageDown: ksNext, expander.Delete: ksDelete,
	expander.Insert: ksInsert,
}

// xgb would print connection chatter ("Could not get authority info") to stderr.
func init() { xgb.Logger = log.New(io.Discard, "", 0) }

// OpenX11 connects to the display named by DISPLAY and prepares the injector:
// keyboard map, marker keycode, selection window.
func OpenX11(apps *hooks.Apps) (*X11, error) {
	if apps == nil {
		apps = hooks.NewApps(nil, DefaultApps)
	}
	c, err := xgb.NewConn()
	if err != nil {
		return nil, fmt.Errorf("connect to the X display %q: %w", displayName(), err)
	}
	if err := xtest.Init(c); err != nil {
		c.Close()
		return nil, fmt.Errorf("the X server has no XTEST extension, which kindly needs to type: %w", err)
	}
	x := &X11{c: c, apps: apps, focusCache: map[xproto.Window]*windowInfo{},
		dead: make(chan struct{}), notify: make(chan xproto.SelectionNotifyEvent, 4),
		windows: make(chan struct{}, 1), hotkeys: map[hotkey]string{}, hotkeyC: make(chan string, 4)}
	x.sel.owned = map[xproto.Atom]*content{}
	x.sel.saved = map[xproto.Atom]*savedSel{}
	x.sel.incr = map[incrKey]*incrTransfer{}
	x.props = make(chan xproto.PropertyNotifyEvent, 64)
	x.sel.pending = map[xproto.Atom]chan struct{}{}
	x.sel.restore = map[xproto.Atom]*time.Timer{}
	setup := xproto.Setup(c)
	x.root = setup.DefaultScreen(c).Root
	if err := x.init(); err != nil {
		c.Close()
		return nil, err
	}
	go x.events()
	return x, nil
}

func displayName() string {
	return os.Getenv("DISPLAY")
}

func (x *X11) init() error {
	if err := x.initWindow(); err != nil {
		return err
	}
	var err error
	if x.kb, err = initXKB(x.c); err != nil {
		return err
	}
	// Active-window changes (EWMH) reset the typed buffer; focus changes,
	// new and renamed top-level windows say the focus must be looked up
	// again before the next key.
	x.focusGen.Store(1)
	xproto.ChangeWindowAttributes(x.c, x.root, xproto.CwEventMask, []uint32{xproto.EventMaskPropertyChange |
		xproto.EventMaskSubstructureNotify | xproto.EventMaskFocusChange})
	if tree, err := xproto.QueryTree(x.c, x.root).Reply(); err == nil {
		for _, w := range tree.Children {
			x.watchTop(w)
		}
	}
	if err := x.loadKeymap(); err != nil {
		return err
	}
	return x.mapMarker()
}

// initWindow interns the atoms kindly uses and creates its window, the
// selection owner and property target.
func (x *X11) initWindow() error {
	for _, a := range []struct {
		p    *xproto.Atom
		name string
	}{
		{&x.atomClipboard, "CLIPBOARD"}, {&x.atomPrimary, "PRIMARY"}, {&x.atomTargets, "TARGETS"},
		{&x.atomUTF8, "UTF8_STRING"}, {&x.atomText, "TEXT"}, {&x.atomPlain, "text/plain"},
		{&x.atomPlainUTF8, "text/plain;charset=utf-8"}, {&x.atomIncr, "INCR"},
		{&x.atomProp, "KINDLY_SELECTION"}, {&x.atomWMClass, "WM_CLASS"},
		{&x.atomActive, "_NET_ACTIVE_WINDOW"}, {&x.atomNetWMName, "_NET_WM_NAME"},
	} {
		r, err := xproto.InternAtom(x.c, false, uint16(len(a.name)), a.name).Reply()
		if err != nil {
			return fmt.Errorf("intern atom %s: %w", a.name, err)
		}
		*a.p = r.Atom
	}
	wid, err := xproto.NewWindowId(x.c)
	if err != nil {
		return fmt.Errorf("create window: %w", err)
	}
	x.win = wid
	if err := xproto.CreateWindowChecked(x.c, 0, wid, x.root, -10, -10, 1, 1, 0,
		xproto.WindowClassInputOnly, 0, xproto.CwEventMask,
		[]uint32{xproto.EventMaskPropertyChange}).Check(); err != nil {
		return fmt.Errorf("create window: %w", err)
	}
	x.known = map[xproto.Atom]string{}
	for _, name := range append([]string{"CLIPBOARD", "PRIMARY", "TEXT", "text/plain"}, keepTargets...) {
		if a := x.atom(name); a != xproto.AtomNone {
			x.known[a] = name
		}
	}
	return nil
}

// loadKeymap reads the keyboard map (XKB: every group), the group in force,
// the modifier map and the spare key codes.
func (x *X11) loadKeymap() error {
	setup := xproto.Setup(x.c)
	min, max := setup.MinKeycode, setup.MaxKeycode
	r, err := xproto.GetKeyboardMapping(x.c, min, byte(max-min+1)).Reply()
	if err != nil {
		return fmt.Errorf("read the keyboard map: %w", err)
	}
	km := keymap{per: r.KeysymsPerKeycode}
	per := int(r.KeysymsPerKeycode)
	for i := 0; i <= int(max-min); i++ {
		code := xproto.Keycode(int(min) + i)
		empty := true
		for _, s := range r.Keysyms[i*per : (i+1)*per] {
			if s != 0 {
				empty = false
			}
		}
		if empty {
			km.spare = append(km.spare, code)
		}
	}
	if km.lay, err = x.kb.getMap(); err != nil {
		return err
	}
	st, err := x.kb.state()
	if err != nil {
		return err
	}
	km.setGroup(st.group)
	mr, err := xproto.GetModifierMapping(x.c).Reply()
	if err != nil {
		return fmt.Errorf("read the modifier map: %w", err)
	}
	n := int(mr.KeycodesPerModifier)
	for m := 0; m < 8; m++ {
		for _, kc := range mr.Keycodes[m*n : (m+1)*n] {
			if kc != 0 {
				km.mods[m] = append(km.mods[m], kc)
			}
		}
	}
	x.km = km
	return nil
}

// setGroup makes group the one the injector types in.
func (km *keymap) setGroup(group uint8) {
	km.group = group
	km.syms = km.lay.positions(group)
	km.runes = make(map[rune]position, len(km.syms))
	km.other = map[uint32]position{}
	for ks, p := range km.syms {
		if r, ok := keysym.ToRune(ks); ok {
			if old, seen := km.runes[r]; !seen || bitsSet(p.mods) < bitsSet(old.mods) {
				km.runes[r] = p
			}
		}
	}
	for g := range uint8(4) {
		if g == group {
			continue
		}
		for ks, p := range km.lay.positions(g) {
			if _, ok := km.syms[ks]; !ok {
				if _, ok := km.other[ks]; !ok {
					km.other[ks] = p
				}
			}
		}
	}
}

// followGroup switches the injector to the group in force now (a layout
// toggled with a key since the last batch).
func (x *X11) followGroup() error {
	st, err := x.kb.state()
	if err != nil {
		return err
	}
	if st.group != x.km.group {
		x.km.setGroup(st.group)
	}
	return nil
}

// mapMarker puts the marker keysyms on spare keycodes (up to markerKinds of
// them: consecutive markers carry different ids, so a late marker is not
// taken for the next one). It must run before the key hook starts: the hook
// reads the keyboard map once.
func (x *X11) mapMarker() error {
	x.markerKCs, x.markerIDs = x.markerKCs[:0], x.markerIDs[:0]
	mapped := false
	for i := range markerKinds {
		ks := xproto.Keysym(markerKeysym - markerKinds + 1 + i)
		if p, ok := x.code(ks); ok {
			// Mapped by a running daemon (or left over from one that died):
			// share it, and leave it mapped on Close.
			x.markerKCs, x.markerIDs = append(x.markerKCs, p.code), append(x.markerIDs, uint32(i))
			continue
		}
		if len(x.km.spare) == 0 {
			break
		}
		kc := x.km.spare[len(x.km.spare)-1]
		syms := make([]xproto.Keysym, x.km.per)
		syms[0] = ks
		if len(syms) > 1 {
			syms[1] = ks
		}
		if err := xproto.ChangeKeyboardMappingChecked(x.c, 1, kc, x.km.per, syms).Check(); err != nil {
			return fmt.Errorf("map the marker key: %w", err)
		}
		x.markerKCs, x.markerIDs = append(x.markerKCs, kc), append(x.markerIDs, uint32(i))
		if !slices.Contains(x.ownedMarkers, kc) {
			x.ownedMarkers = append(x.ownedMarkers, kc)
		}
		mapped = true
		x.km.spare = x.km.spare[:len(x.km.spare)-1]
	}
	if len(x.markerKCs) == 0 {
		return errors.New("the keyboard map has no spare keycode for kindly's marker")
	}
	// The paste shortcut is Ctrl+V: a layout with no Latin letters at all
	// (ru alone) has no v to press, so kindly gives v a spare key of its own.
	if _, ok := x.code('v'); !ok && len(x.km.spare) > 0 {
		kc := x.km.spare[len(x.km.spare)-1]
		syms := make([]xproto.Keysym, x.km.per)
		syms[0] = 'v'
		if len(syms) > 1 {
			syms[1] = 'V'
		}
		if err := xproto.ChangeKeyboardMappingChecked(x.c, 1, kc, x.km.per, syms).Check(); err != nil {
			return fmt.Errorf("map a key for v: %w", err)
		}
		if !slices.Contains(x.ownedMarkers, kc) {
			x.ownedMarkers = append(x.ownedMarkers, kc)
		}
		x.km.spare = x.km.spare[:len(x.km.spare)-1]
		mapped = true
	}
	if mapped {
		return x.loadKeymap() // as XKB now has them
	}
	return nil
}

// pressMarker puts the next marker into the key stream and returns its id.
func (x *X11) pressMarker() uint32 {
	i := x.markerSeq % uint32(len(x.markerKCs))
	x.markerSeq++
	kc := byte(x.markerKCs[i])
	xtest.FakeInput(x.c, xproto.KeyPress, kc, 0, x.root, 0, 0, 0)
	xtest.FakeInput(x.c, xproto.KeyRelease, kc, 0, x.root, 0, 0, 0)
	return x.markerIDs[i]
}

// Close gives the marker keycode back, lets go of the keyboard and closes the
// connection.
func (x *X11) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.closeOnce.Do(func() {
		x.stopKeys()
		select {
		case <-x.dead:
			x.handOff(false)
		default:
			x.handOff(true)
		}
		if x.held {
			xproto.UngrabKeyboard(x.c, xproto.TimeCurrentTime)
		}
		for _, kc := range x.ownedMarkers {
			xproto.ChangeKeyboardMapping(x.c, 1, kc, x.km.per, make([]xproto.Keysym, x.km.per))
		}
		xproto.GetInputFocus(x.c).Reply() // flush
		x.c.Close()
	})
	return nil
}

// Modifiers a hotkey ignores: Caps Lock, Num Lock (Mod2) and Scroll Lock (Mod3).
const ignoredMods = xproto.ModMaskLock | xproto.ModMask2 | xproto.ModMask3

// GrabHotkey makes spec ("ctrl+alt+shift+p") a global hotkey: apps no longer
// see it, and a HotkeyEvent named name arrives when it is pressed.
func (x *X11) GrabHotkey(name, spec string) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	var mods uint16
	var ks xproto.Keysym
	for _, part := range strings.Split(strings.ToLower(spec), "+") {
		switch part {
		case "ctrl", "control":
			mods |= xproto.ModMaskControl
		case "shift":
			mods |= xproto.ModMaskShift
		case "alt":
			mods |= xproto.ModMask1
		case "super", "meta", "win":
			mods |= xproto.ModMask4
		case "space":
			ks = ' '
		default:
			r := []rune(part)
			if len(r) != 1 || ks != 0 {
				return fmt.Errorf("hotkey %q: %q is not a modifier (ctrl, shift, alt, super) or a single key", spec, part)
			}
			ks = keysymFor(r[0])
		}
	}
	if ks == 0 || mods == 0 {
		return fmt.Errorf("hotkey %q: needs at least one modifier and one key", spec)
	}
	pos, ok := x.code(ks)
	if !ok {
		return fmt.Errorf("hotkey %q: the key is not on the keyboard map", spec)
	}
	for _, extra := range []uint16{0, xproto.ModMaskLock, xproto.ModMask2, xproto.ModMaskLock | xproto.ModMask2} {
		err := xproto.GrabKeyChecked(x.c, true, x.root, mods|extra, pos.code,
			xproto.GrabModeAsync, xproto.GrabModeAsync).Check()
		if err != nil {
			return fmt.Errorf("hotkey %q is taken by another program: %v", spec, err)
		}
	}
	x.hotkeyMu.Lock()
	x.hotkeys[hotkey{pos.code, mods}] = name
	x.hotkeyMu.Unlock()
	return nil
}

// SetApps replaces the per-app settings.
func (x *X11) SetApps(a *hooks.Apps) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.apps = a
}

// heldNow reports whether kindly holds the keyboard right now.
func (x *X11) heldNow() bool { return x.holding.Load() }

// events serves selection requests and watches for keymap and window changes.
func (x *X11) events() {
	defer close(x.dead)
	for {
		ev, err := x.c.WaitForEvent()
		if ev == nil && err == nil {
			return // connection closed
		}
		if err != nil {
			continue // an X error for a request nobody waits on
		}
		switch e := ev.(type) {
		case xproto.SelectionRequestEvent:
			x.serve(e)
		case xproto.SelectionClearEvent:
			x.sel.Lock()
			delete(x.sel.owned, e.Selection)
			cleared := x.sel.cleared
			x.sel.Unlock()
			if cleared != nil {
				select {
				case cleared <- struct{}{}:
				default:
				}
			}
		case xproto.SelectionNotifyEvent:
			select {
			case x.notify <- e:
			default:
			}
		case xproto.KeyPressEvent:
			// A grabbed hotkey (keys held during an expansion come here too:
			// they are ignored, the key stream has them).
			x.hotkeyMu.Lock()
			name, ok := x.hotkeys[hotkey{e.Detail, e.State &^ ignoredMods}]
			x.hotkeyMu.Unlock()
			if ok {
				select {
				case x.hotkeyC <- name:
				default:
				}
			}
		case xproto.MappingNotifyEvent:
			x.stale.Store(true)
		case xproto.FocusInEvent:
			if e.Mode == xproto.NotifyModeNormal || e.Mode == xproto.NotifyModeWhileGrabbed {
				x.focusGen.Add(1)
			}
		case xproto.EnterNotifyEvent:
			x.focusGen.Add(1) // focus may follow the pointer
		case xproto.CreateNotifyEvent:
			if e.Parent == x.root && e.Window != x.win {
				x.watchTop(e.Window)
			}
		case xproto.MapNotifyEvent:
			x.focusGen.Add(1)
		case xproto.DestroyNotifyEvent:
			x.forgetWindow(e.Window)
			x.focusGen.Add(1)
		case xproto.PropertyNotifyEvent:
			if e.Window == x.win {
				select {
				case x.props <- e:
				default:
				}
				continue
			}
			if e.State == xproto.PropertyDelete && x.incrStep(e) {
				continue
			}
			if e.Atom == xproto.AtomWmName || e.Atom == x.atomNetWMName || e.Atom == x.atomWMClass {
				x.forgetWindow(e.Window)
				x.focusGen.Add(1)
			}
			if e.Window == x.root && e.Atom == x.atomActive {
				select {
				case x.windows <- struct{}{}:
				default:
				}
			}
		}
	}
}

// infoTTL bounds how long a window's class and title are trusted. kindly
// also hears when a window is renamed (a browser switching to a private
// window changes only its title) or destroyed (its id can be given to a new
// window) and forgets it at once; the TTL covers windows it could not watch.
const infoTTL = 2 * time.Second

type windowInfo struct {
	window
	at time.Time
}

// focused returns the focused top-level window: the nearest ancestor of the
// focus (or, with focus following the pointer, of the window under it) that
// has a WM_CLASS.
func (x *X11) focused() window {
	gen := x.focusGen.Load()
	f, err := xproto.GetInputFocus(x.c).Reply()
	if err != nil {
		return window{}
	}
	w := f.Focus
	if w == xproto.InputFocusPointerRoot || w == x.root || w == xproto.WindowNone {
		p, err := xproto.QueryPointer(x.c, x.root).Reply()
		if err != nil || p.Child == xproto.WindowNone {
			return window{}
		}
		w = p.Child
	}
	// Window ids are reused once a window is gone, so nothing is trusted for
	// longer than infoTTL.
	now := time.Now()
	x.cacheMu.Lock()
	info, ok := x.focusCache[w]
	x.cacheMu.Unlock()
	if !ok || now.Sub(info.at) > infoTTL {
		info = &windowInfo{at: now}
		top := w
		for cur, depth := w, 0; cur != xproto.WindowNone && cur != x.root && depth < 8; depth++ {
			r, err := xproto.GetProperty(x.c, false, cur, x.atomWMClass, xproto.AtomString, 0, 256).Reply()
			if err == nil && r.ValueLen > 0 {
				parts := strings.SplitN(strings.TrimRight(string(r.Value), "\x00"), "\x00", 2)
				info.Instance = parts[0]
				if len(parts) > 1 {
					info.Class = parts[1]
				}
				top = cur
				break
			}
			t, err := xproto.QueryTree(x.c, cur).Reply()
			if err != nil {
				break
			}
			cur = t.Parent
		}
		info.ID = uint32(top)
		info.Title = x.title(top)
		// Hear when it goes away or is renamed, to forget it at once.
		x.watchTop(top)
		x.cacheMu.Lock()
		if len(x.focusCache) > 256 {
			clear(x.focusCache)
		}
		x.focusCache[w] = info
		x.cacheMu.Unlock()
	}
	x.lastFocus, x.focusAt, x.focusWin = info.window, time.Now(), w
	x.focusSeen.Store(gen)
	return info.window
}

// topEvents is what kindly hears from top-level windows: the focus coming
// in (or the pointer, for focus that follows it), and renames and the end of
// the window, which the focus cache must know.
const topEvents = xproto.EventMaskStructureNotify | xproto.EventMaskPropertyChange |
	xproto.EventMaskFocusChange | xproto.EventMaskEnterWindow

// watchTop selects topEvents on w. Focus set anywhere inside a top-level
// window reaches it as a FocusIn (X sends it to the focus window's
// ancestors), so no request per key is needed to follow the focus.
func (x *X11) watchTop(w xproto.Window) {
	xproto.ChangeWindowAttributes(x.c, w, xproto.CwEventMask, []uint32{topEvents})
	x.focusGen.Add(1)
}

// focusMoved reports whether the focus may have moved since focused() last
// answered.
func (x *X11) focusMoved() bool { return x.focusGen.Load() != x.focusSeen.Load() }

// forgetWindow drops what the focus cache knows about top-level window w.
func (x *X11) forgetWindow(w xproto.Window) {
	x.cacheMu.Lock()
	defer x.cacheMu.Unlock()
	for k, info := range x.focusCache {
		if xproto.Window(info.ID) == w || k == w {
			delete(x.focusCache, k)
		}
	}
}

// title reads _NET_WM_NAME (UTF-8), else WM_NAME.
func (x *X11) title(w xproto.Window) string {
	for _, a := range []xproto.Atom{x.atomNetWMName, xproto.AtomWmName} {
		r, err := xproto.GetProperty(x.c, false, w, a, xproto.GetPropertyTypeAny, 0, 1024).Reply()
		if err == nil && r.ValueLen > 0 {
			return string(r.Value)
		}
	}
	return ""
}

// Focused returns the focused top-level window.
func (x *X11) Focused() window {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.focused()
}

// plan is the list of XTest key events for one batch.
type plan struct {
	ev   []fake
	echo int
}

type fake struct {
	press bool
	code  xproto.Keycode
}

func (p *plan) tap(code xproto.Keycode, shift, modsCode []xproto.Keycode) {
	for _, m := range modsCode {
		p.ev = append(p.ev, fake{true, m})
	}
	p.ev = append(p.ev, fake{true, code}, fake{false, code})
	for i := len(modsCode) - 1; i >= 0; i-- {
		p.ev = append(p.ev, fake{false, modsCode[i]})
	}
	p.echo++
}

// code returns where keysym ks is: in the group in force, else in another
// group (good for shortcuts: apps match Ctrl+V by key when the group has no v).
func (x *X11) code(ks xproto.Keysym) (position, bool) {
	if p, ok := x.km.syms[uint32(ks)]; ok {
		return p, true
	}
	p, ok := x.km.other[uint32(ks)]
	return p, ok
}

// runeKey returns where the character r is typed in the group in force.
func (x *X11) runeKey(r rune) (position, bool) {
	switch r {
	case '\n':
		p, ok := x.km.syms[ksReturn]
		return p, ok
	case '\t':
		p, ok := x.km.syms[ksTab]
		return p, ok
	}
	p, ok := x.km.runes[r]
	return p, ok
}

// modKeys returns a key code for each real modifier in mods.
func (x *X11) modKeys(mods uint8) []xproto.Keycode {
	var out []xproto.Keycode
	for m := range 8 {
		if mods&(1<<m) != 0 && len(x.km.mods[m]) > 0 {
			kc := x.km.mods[m][0]
			if m == 0 {
				kc = x.modKey(ksShiftL, 0)
			}
			out = append(out, kc)
		}
	}
	return out
}

// keysymFor returns the keysym that types r.
func keysymFor(r rune) xproto.Keysym { return xproto.Keysym(keysym.FromRune(r)) }

// typable reports whether every rune of s is on the keyboard map.
func (x *X11) typable(s string) bool {
	for _, r := range s {
		if _, ok := x.runeKey(r); !ok {
			return false
		}
	}
	return true
}

// addRune adds the key presses that type r; false if r is not on the map.
func (x *X11) addRune(p *plan, r rune, cfg hooks.AppConfig) bool {
	pos, ok := x.runeKey(r)
	if !ok {
		return false
	}
	m := pos.mods
	if r == '\n' && cfg.ShiftEnter {
		m |= xproto.ModMaskShift
	}
	p.tap(pos.code, nil, x.modKeys(m))
	return true
}

// modKey returns a keycode for a modifier keysym, or the first keycode of
// modifier index m.
func (x *X11) modKey(ks xproto.Keysym, m int) xproto.Keycode {
	if p, ok := x.code(ks); ok && p.mods == 0 {
		return p.code
	}
	if len(x.km.mods[m]) > 0 {
		return x.km.mods[m][0]
	}
	return 0
}

// addKey adds one replayed user key.
func (x *X11) addKey(p *plan, k expander.Key, cfg hooks.AppConfig) {
	var mods []xproto.Keycode
	if k.Mods&expander.Ctrl != 0 {
		mods = append(mods, x.modKey(ksControlL, 2))
	}
	if k.Mods&expander.Alt != 0 {
		mods = append(mods, x.modKey(ksAltL, 3))
	}
	if k.Mods&expander.Meta != 0 {
		mods = append(mods, x.modKey(ksSuperL, 6))
	}
	if k.Special == expander.None {
		if len(mods) == 0 {
			x.addRune(p, k.Rune, hooks.AppConfig{})
			return
		}
		if pos, ok := x.runeKey(k.Rune); ok {
			p.tap(pos.code, nil, mods)
		} else if pos, ok := x.code(keysymFor(k.Rune)); ok {
			p.tap(pos.code, nil, mods)
		}
		return
	}
	ks, ok := specialKeysyms[k.Special]
	if !ok {
		return // clicks and unknown keys cannot be replayed
	}
	if k.Mods&expander.Shift != 0 {
		mods = append(mods, x.modKey(ksShiftL, 0))
	}
	if pos, ok := x.code(ks); ok {
		p.tap(pos.code, nil, mods)
	}
}

var errNotHeld = errors.New("could not hold the keyboard (another program has grabbed it)")

// Inject applies one batch; see expander.Batch.
func (x *X11) Inject(b expander.Batch) ([]expander.Mark, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	select {
	case <-x.dead:
		return nil, errors.New("the X connection is closed")
	default:
	}
	if x.stale.Swap(false) {
		if err := x.loadKeymap(); err != nil {
			return nil, err
		}
		// A new layout (setxkbmap) replaces the whole map, kindly's
		// markers included: put them back.
		if err := x.mapMarker(); err != nil {
			return nil, err
		}
	} else if err := x.followGroup(); err != nil {
		return nil, err
	}
	starting := b.Hold && !x.held && b.Edit.Empty() && len(b.Replay) == 0
	var cfg hooks.AppConfig
	if starting || !b.Edit.Empty() {
		cfg = x.apps.For(x.recentFocus().app())
		if starting && cfg.Off {
			return nil, expander.ErrSkip
		}
	}
	if starting && b.Next != "" && x.pastes(b.Next, cfg) {
		// Take the clipboard now, while the conductor waits for the marker.
		sel := x.pasteSelection(cfg)
		if fetched, err := x.offer(sel, expander.Edit{Insert: b.Next}); err == nil {
			x.early = &earlyOffer{sel: sel, text: b.Next, fetched: fetched}
		}
	}
	early := x.early
	x.early = nil

	// Part one: delete, then type or paste the reply. A formatted reply
	// (HTML, an image) is always pasted: typing would lose the formatting.
	var p plan
	text := b.Edit.Insert
	paste := x.pastes(text, cfg) || b.Edit.Formatted()
	if early != nil && (!paste || early.text != text || early.sel != x.pasteSelection(cfg)) {
		x.scheduleRestore(early.sel) // taken for nothing: give it back
		early = nil
	}
	bs, _ := x.code(ksBackSpace)
	for i := 0; i < b.Edit.Delete; i++ {
		p.tap(bs.code, nil, nil)
	}
	var pasteSel xproto.Atom
	var fetched chan struct{}
	if text != "" || b.Edit.Formatted() {
		if !paste {
			for _, r := range text {
				x.addRune(&p, r, cfg)
			}
		} else {
			pasteSel = x.pasteSelection(cfg)
			if early != nil {
				fetched = early.fetched
				if b.Edit.Formatted() {
					// Still ours and not fetched yet: serve the formatted reply.
					x.sel.Lock()
					x.sel.owned[pasteSel] = x.replyContent(b.Edit)
					x.sel.Unlock()
				}
			} else {
				var err error
				if fetched, err = x.offer(pasteSel, b.Edit); err != nil {
					return nil, err
				}
			}
			x.addPaste(&p, cfg)
		}
	}
	// Part two: the caret and the user's keys. After a paste they must wait
	// until the app has the text, or they would land before it; the keyboard
	// stays held meanwhile.
	partTwo := func(left int) plan {
		var q plan
		if !cfg.NoCaret {
			lk, _ := x.code(ksLeft)
			for i := 0; i < left; i++ {
				q.tap(lk.code, nil, nil)
			}
		}
		for _, k := range b.Replay {
			x.addKey(&q, k, cfg)
		}
		return q
	}
	q := partTwo(b.Edit.Left)
	if fetched == nil {
		p.ev = append(p.ev, q.ev...)
		id, err := x.run(p.ev, b.Hold, b.Mark)
		return marks(b.Mark, []uint32{id}, p.echo+q.echo), err
	}
	// Hold (and mark) while the app fetches the text: keys typed meanwhile
	// are held, and the marker separates them from the first part's echo.
	id1, _ := x.run(p.ev, true, b.Mark)
	select {
	case <-fetched:
		if b.Edit.HTML != "" && x.fetchedHTML(pasteSel) {
			// A rich field took the HTML: it counts the caret in its own
			// steps (no list numbers, one press per paragraph).
			q = partTwo(b.Edit.HTMLLeft)
		}
	case <-time.After(time.Second):
		x.sel.Lock()
		delete(x.sel.pending, pasteSel)
		x.sel.Unlock()
		x.scheduleRestore(pasteSel)
		id2, err := x.run(q.ev, b.Hold, b.Mark)
		return marks(b.Mark, []uint32{id1, id2}, p.echo, q.echo),
			errors.Join(errors.New("the app did not fetch the pasted reply within 1s (check its paste shortcut in the apps settings)"), err)
	}
	x.scheduleRestore(pasteSel)
	if len(q.ev) == 0 && b.Hold {
		// Nothing to type after the paste and the keyboard stays held: the
		// first part's marker is the batch's. (Each grab and ungrab is a
		// focus change the app does work for.)
		return marks(b.Mark, []uint32{id1}, p.echo), nil
	}
	id2, err := x.run(q.ev, b.Hold, b.Mark)
	return marks(b.Mark, []uint32{id1, id2}, p.echo, q.echo), err
}

// marks returns the Marks of a batch's markers: their ids (as run
// returned them) and echo counts.
func marks(mark bool, ids []uint32, counts ...int) []expander.Mark {
	if !mark {
		return nil
	}
	m := make([]expander.Mark, len(counts))
	for i := range counts {
		m[i] = expander.Mark{ID: ids[i], Echo: counts[i]}
	}
	return m
}

// run sends key events as one uninterruptible unit (a server grab): let go
// of the keyboard if held, release modifiers the user holds and keys still
// down that the events press, send the events, press the modifiers again,
// hold the keyboard again if hold, and put a marker in the key stream if
// mark. It returns once the server has processed it all, with the marker's id.
func (x *X11) run(ev []fake, hold, mark bool) (id uint32, err error) {
	if x.held && !hold && mark && len(ev) == 0 {
		// Letting go: the marker goes in while still held (it reaches no
		// app), then the keyboard is free. No second grab, no second focus
		// change for the app.
		// Under a server grab, so that no other client's key can come between
		// the marker and the release: it would be swallowed by the hold yet
		// look, in the key stream, like a key typed after it (lost).
		xproto.GrabServer(x.c)
		id = x.pressMarker()
		xproto.UngrabKeyboard(x.c, xproto.TimeCurrentTime)
		xproto.UngrabServer(x.c)
		x.held = false
		x.holding.Store(false)
		if _, err := xproto.GetInputFocus(x.c).Reply(); err != nil {
			return id, fmt.Errorf("X connection: %w", err)
		}
		return id, nil
	}
	xproto.GrabServer(x.c)
	if x.held {
		xproto.UngrabKeyboard(x.c, xproto.TimeCurrentTime)
		x.held = false
		x.holding.Store(false)
	}
	var down []xproto.Keycode
	capsLock := xproto.Keycode(0)
	if len(ev) > 0 {
		var stuck []xproto.Keycode
		down, stuck = x.pressedKeys(ev)
		for _, kc := range append(down, stuck...) {
			xtest.FakeInput(x.c, xproto.KeyRelease, byte(kc), 0, x.root, 0, 0, 0)
		}
		// Caps Lock on would turn what kindly types upside down: switch it
		// off for the batch and back on after.
		if p, err := xproto.QueryPointer(x.c, x.root).Reply(); err == nil && p.Mask&xproto.ModMaskLock != 0 {
			if pos, ok := x.code(ksCapsLock); ok {
				capsLock = pos.code
				xtest.FakeInput(x.c, xproto.KeyPress, byte(capsLock), 0, x.root, 0, 0, 0)
				xtest.FakeInput(x.c, xproto.KeyRelease, byte(capsLock), 0, x.root, 0, 0, 0)
			}
		}
	}
	for _, f := range ev {
		t := byte(xproto.KeyRelease)
		if f.press {
			t = xproto.KeyPress
		}
		xtest.FakeInput(x.c, t, byte(f.code), 0, x.root, 0, 0, 0)
	}
	if capsLock != 0 {
		xtest.FakeInput(x.c, xproto.KeyPress, byte(capsLock), 0, x.root, 0, 0, 0)
		xtest.FakeInput(x.c, xproto.KeyRelease, byte(capsLock), 0, x.root, 0, 0, 0)
	}
	for _, kc := range down {
		xtest.FakeInput(x.c, xproto.KeyPress, byte(kc), 0, x.root, 0, 0, 0)
	}
	var holdErr error
	if hold {
		if x.grab() {
			x.held = true
			x.holding.Store(true)
		} else {
			holdErr = errNotHeld
		}
	}
	if mark {
		// The marker must reach no app: without a hold, hold just for it.
		temp := false
		if !x.held {
			temp = x.grab()
		}
		if x.held || temp {
			id = x.pressMarker()
		} else if holdErr == nil {
			holdErr = errNotHeld
		}
		if temp {
			xproto.UngrabKeyboard(x.c, xproto.TimeCurrentTime)
		}
	}
	xproto.UngrabServer(x.c)
	if mark && holdErr == nil {
		return id, nil // the marker's arrival in the key stream says it is done
	}
	if _, err := xproto.GetInputFocus(x.c).Reply(); err != nil {
		return id, fmt.Errorf("X connection: %w", err)
	}
	return id, holdErr
}

// pastes reports whether text goes in by paste rather than typed.
func (x *X11) pastes(text string, cfg hooks.AppConfig) bool {
	return text != "" && !(cfg.TypeMax >= 0 && utf8.RuneCountInString(text) <= cfg.TypeMax && x.typable(text))
}

// pasteSelection is the selection cfg's paste shortcut reads.
func (x *X11) pasteSelection(cfg hooks.AppConfig) xproto.Atom {
	if cfg.Primary {
		return x.atomPrimary
	}
	return x.atomClipboard
}

// earlyOffer is a selection taken for the reply of the expansion under way,
// before its edit batch.
type earlyOffer struct {
	sel     xproto.Atom
	text    string
	fetched chan struct{}
}

// grab holds the keyboard (see grabWindow), falling back to the root window
// when the focus window cannot take the grab (not viewable any more).
func (x *X11) grab() bool {
	for _, w := range []xproto.Window{x.grabWindow(), x.root} {
		r, err := xproto.GrabKeyboard(x.c, false, w, xproto.TimeCurrentTime,
			xproto.GrabModeAsync, xproto.GrabModeAsync).Reply()
		if err == nil && r.Status == xproto.GrabStatusSuccess {
			return true
		}
		if err == nil && r.Status != xproto.GrabStatusNotViewable {
			return false // AlreadyGrabbed, Frozen, InvalidTime: the root would not help
		}
		if w == x.root {
			break
		}
	}
	return false
}

// grabWindow is the window kindly holds the keyboard on: the focus window
// itself when it is known, so that for the app the focus does not move (X
// sends focus events "as if the focus moved to the grab window"; a GTK window
// that loses the focus restyles itself, which cost about 0.7 ms per grab),
// else the root.
func (x *X11) grabWindow() xproto.Window {
	if x.focusWin != 0 && !x.focusMoved() {
		return x.focusWin
	}
	return x.root
}

// recentFocus is focused(), reusing the answer of the last few milliseconds
// (the daemon asked for each key; an expansion follows at once).
func (x *X11) recentFocus() window {
	if !x.focusMoved() && x.focusWin != 0 {
		return x.lastFocus
	}
	return x.focused()
}

func (x *X11) addPaste(p *plan, cfg hooks.AppConfig) {
	ctrl, shift := x.modKey(ksControlL, 2), x.modKey(ksShiftL, 0)
	switch cfg.Paste {
	case hooks.PasteShiftIns:
		if ins, ok := x.code(ksInsert); ok {
			p.tap(ins.code, nil, []xproto.Keycode{shift})
		}
	case hooks.PasteCtrlShiftV:
		if v, ok := x.code('v'); ok {
			p.tap(v.code, nil, []xproto.Keycode{ctrl, shift})
		}
	default:
		if v, ok := x.code('v'); ok {
			p.tap(v.code, nil, []xproto.Keycode{ctrl})
		}
	}
}

// pressedKeys returns the modifier keys that are down now (the user holding
// Shift, say), which would change what kindly types and are pressed again
// after the batch, and the other keys of the batch that are still down (the
// user's last key, not yet released): pressing a key that is already down
// types nothing, so those are released first.
func (x *X11) pressedKeys(ev []fake) (mods, stuck []xproto.Keycode) {
	r, err := xproto.QueryKeymap(x.c).Reply()
	if err != nil {
		return nil, nil
	}
	isDown := func(kc xproto.Keycode) bool { return r.Keys[kc/8]&(1<<(kc%8)) != 0 }
	isMod := map[xproto.Keycode]bool{}
	for m, codes := range x.km.mods {
		for _, kc := range codes {
			isMod[kc] = true
			if m != 1 && isDown(kc) { // Lock: Caps Lock's key being down is harmless
				mods = append(mods, kc)
			}
		}
	}
	seen := map[xproto.Keycode]bool{}
	for _, f := range ev {
		if f.press && !isMod[f.code] && !seen[f.code] && isDown(f.code) {
			stuck = append(stuck, f.code)
		}
		seen[f.code] = true
	}
	return mods, stuck
}
