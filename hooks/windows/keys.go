//go:build windows

package windows

import (
	"time"
	"unicode"
	"unsafe"

	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/hooks"
)

// translator turns the hook's raw events into hooks.Events, in order. It
// owns the user's modifier state and the pending dead key.
type translator struct {
	// down is what the user holds, from the user's own key events only:
	// kindly's Ctrl+V or Shift+Enter says nothing about the keys the user
	// types (under wine those can come between kindly's events).
	down    [256]bool
	caps    bool
	dead    rune // a dead key waiting for the next character
	fg      window
	windows *windowCache
	// off tells whether kindly is off for an app (a title change matters
	// only when it turns kindly on or off: a private window).
	off     func(hooks.App) bool
	hotkeys func(id uint32) (string, bool)
	emit    func(hooks.Event)
	// held are the last keys the hook swallowed (for an abandoned
	// expansion); orphans types those the conductor never replayed.
	held    []expander.Key
	orphans func([]expander.Key)
}

func (t *translator) run(in <-chan raw) {
	for r := range in {
		t.step(r)
	}
}

func (t *translator) step(r raw) {
	switch r.kind {
	case rawMarker:
		t.emit(hooks.Event{Kind: hooks.KeyEvent, Key: expander.Key{Special: expander.Marker, Marker: r.id, At: r.at}})
		return
	case rawHotkey:
		if name, ok := t.hotkeys(r.id); ok {
			t.emit(hooks.Event{Kind: hooks.HotkeyEvent, Hotkey: name})
		}
		return
	case rawFocus:
		t.focus(r.hwnd, r.at)
		return
	case rawAbandon:
		if t.orphans != nil {
			t.orphans(t.held)
		}
		t.held = t.held[:0]
		return
	}
	vk := r.vk & 0xFF
	up := r.flags&llkhfUp != 0
	if up {
		t.setDown(vk, false)
		return
	}
	if vk == vkCapital {
		t.caps = !t.caps
	}
	t.setDown(vk, true)
	if isModifierVK(vk) || vk == vkPacket || vk == vkMask {
		return
	}
	t.focus(foregroundWindow(), r.at)
	k, ok := t.key(vk, r.scan, r.flags)
	if !ok {
		return
	}
	k.At = r.at
	if r.held {
		if len(t.held) >= 256 {
			t.held = append(t.held[:0], t.held[128:]...)
		}
		t.held = append(t.held, k)
	}
	t.emit(hooks.Event{Kind: hooks.KeyEvent, Key: k})
}

// focus reports a new foreground window, or a new title of the same one
// when it turns kindly on or off there (a browser going private); other
// title changes (an unread count, a modified-file star) are no new window.
func (t *translator) focus(hwnd uintptr, at time.Time) {
	w := t.windows.get(hwnd)
	if w.hwnd == t.fg.hwnd && (w.title == t.fg.title || t.off == nil || t.off(w.app()) == t.off(t.fg.app())) {
		t.fg.title = w.title
		return
	}
	if w.hwnd != t.fg.hwnd {
		t.dead = 0
	}
	t.fg = w
	t.emit(hooks.Event{Kind: hooks.FocusEvent, App: w.app(), Key: expander.Key{Special: expander.Window, At: at}})
}

func (t *translator) setDown(vk uint32, d bool) {
	t.down[vk] = d
	switch vk {
	case vkLShift, vkRShift:
		t.down[vkShift] = t.down[vkLShift] || t.down[vkRShift]
	case vkLControl, vkRControl:
		t.down[vkControl] = t.down[vkLControl] || t.down[vkRControl]
	case vkLMenu, vkRMenu:
		t.down[vkMenu] = t.down[vkLMenu] || t.down[vkRMenu]
	}
}

func (t *translator) mods() expander.Mods {
	var m expander.Mods
	if t.down[vkShift] {
		m |= expander.Shift
	}
	if t.down[vkControl] {
		m |= expander.Ctrl
	}
	if t.down[vkMenu] {
		m |= expander.Alt
	}
	if t.down[vkLWin] || t.down[vkRWin] {
		m |= expander.Meta
	}
	return m
}

// key translates one key press with the foreground window's layout.
func (t *translator) key(vk, scan, flags uint32) (expander.Key, bool) {
	mods := t.mods()
	if s, ok := vkSpecial[uint16(vk)]; ok {
		t.dead = 0
		return expander.Key{Special: s, Mods: mods}, true
	}
	layout := keyboardLayout(t.fg.tid)
	var state [256]byte
	set := func(vk int, on bool) {
		if on {
			state[vk] = 0x80
		}
	}
	for _, v := range []int{vkShift, vkLShift, vkRShift, vkControl, vkLControl, vkRControl, vkMenu, vkLMenu, vkRMenu} {
		set(v, t.down[v])
	}
	if t.caps {
		state[vkCapital] = 1
	}
	r, dead := toUnicode(vk, scan, &state, layout)
	altGr := mods&expander.Ctrl != 0 && mods&expander.Alt != 0 && r >= 0x20 && !dead
	if mods.Shortcut() && !altGr {
		// A shortcut: the key's plain character names it (Ctrl+V is 'v').
		t.dead = 0
		var plain [256]byte
		base, _ := toUnicode(vk, scan, &plain, layout)
		if base < 0x20 || base == 0x7f {
			return expander.Key{Special: expander.OtherKey, Mods: mods}, true
		}
		return expander.Key{Rune: unicode.ToLower(base), Mods: mods}, true
	}
	if dead {
		t.dead = r
		return expander.Key{}, false
	}
	if r < 0x20 || r == 0x7f {
		t.dead = 0
		return expander.Key{Special: expander.OtherKey, Mods: mods}, true
	}
	if t.dead != 0 {
		d := t.dead
		t.dead = 0
		if c, ok := compose(d, r); ok {
			r = c
		} else {
			// Windows types the dead key's character, then this one. Only
			// the last can be one Key: the engine misses the first, which
			// at worst means a trigger right after it does not match.
			_ = d
		}
	}
	return expander.Key{Rune: r, Mods: mods &^ expander.Shift}, true
}

// toUnicode asks the layout what vk types with state, without changing the
// system's dead-key state (flag 4, Windows 10 1607 and later): the app,
// not kindly, must get the dead key.
func toUnicode(vk, scan uint32, state *[256]byte, layout uintptr) (r rune, dead bool) {
	var buf [8]uint16
	n, _, _ := procToUnicodeEx.Call(uintptr(vk), uintptr(scan), uintptr(unsafe.Pointer(&state[0])),
		uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)), 4, layout)
	switch c := int32(n); {
	case c < 0:
		return rune(buf[0]), true
	case c == 0:
		return 0, false
	case c >= 2 && buf[0] >= 0xD800 && buf[0] < 0xDC00:
		return (rune(buf[0])-0xD800)<<10 + (rune(buf[1]) - 0xDC00) + 0x10000, false
	default:
		return rune(buf[c-1]), false
	}
}
