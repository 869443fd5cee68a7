package x11

import (
	"time"

	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/hooks/keysym"
)

// Raw event kinds, as gohook (libuiohook) numbers them.
const (
	rawHookEnabled  = 1
	rawHookDisabled = 2
	rawKeyTyped     = 3
	rawKeyPressed   = 4
	rawMousePressed = 7
)

// gohook modifier mask bits.
const (
	maskShiftL = 1 << 0
	maskCtrlL  = 1 << 1
	maskMetaL  = 1 << 2
	maskAltL   = 1 << 3
	maskShiftR = 1 << 4
	maskCtrlR  = 1 << 5
	maskMetaR  = 1 << 6
	maskAltR   = 1 << 7
)

// markerKeysym is the last of the keysyms the injector maps onto spare
// keycodes and presses to put a marker into the key stream: the Unicode
// keysyms of U+F8FC to U+F8FF (private use), which no keyboard layout
// types. Marker id i is U+F8FC+i. gohook reports the keysym truncated to 16
// bits, so the markers arrive as rawcodes 0xF8FC to 0xF8FF.
const (
	markerKeysym  = 0x0100F8FF
	markerRawcode = 0xF8FF
	markerKinds   = 4
)

// isMarker reports a marker's rawcode (or keychar).
func isMarker(code uint32) bool { return code <= markerRawcode && code > markerRawcode-markerKinds }

// rawEvent is one event from the hook, as plain values.
type rawEvent struct {
	Kind    uint8
	Mask    uint16
	Keycode uint16 // libuiohook virtual code
	Rawcode uint16 // X11: the keysym, truncated to 16 bits
	Keychar uint32 // typed events: one UTF-16 code unit
	Button  uint16
}

// translator turns raw hook events into engine Keys. Every key press gives
// gohook a "pressed" event (with the keysym) and, for keys that type text, a
// "typed" event (with the character, Shift and layout applied). Text comes
// from typed events, named keys and shortcuts from pressed events, so each
// non-modifier key press becomes exactly one Key; the conductor counts on
// that to tell the injector's echo from the user's keys.
type translator struct {
	high rune // pending UTF-16 high surrogate
}

func mods(mask uint16) expander.Mods {
	var m expander.Mods
	if mask&(maskShiftL|maskShiftR) != 0 {
		m |= expander.Shift
	}
	if mask&(maskCtrlL|maskCtrlR) != 0 {
		m |= expander.Ctrl
	}
	if mask&(maskAltL|maskAltR) != 0 {
		m |= expander.Alt
	}
	if mask&(maskMetaL|maskMetaR) != 0 {
		m |= expander.Meta
	}
	return m
}

// translate returns the Key for ev, or ok=false when ev adds nothing (a
// pressed event whose text arrives as a typed event, a release, a modifier).
func (t *translator) translate(ev rawEvent, at time.Time) (k expander.Key, ok bool) {
	m := mods(ev.Mask)
	switch ev.Kind {
	case rawMousePressed:
		return expander.Key{Special: expander.Click, Mods: m, At: at}, true
	case rawKeyPressed:
		ks := ev.Rawcode
		if isMarker(uint32(ks)) {
			return expander.Key{Special: expander.Marker, Marker: uint32(ks) - (markerRawcode - markerKinds + 1), At: at}, true
		}
		if keysym.Modifier(uint32(ks)) {
			return k, false
		}
		if sp, named := keysym.Named(uint32(ks)); named {
			return expander.Key{Special: sp, Mods: m, At: at}, true
		}
		if ks >= 0xff00 || ks == 0 { // function, media and unmapped keys
			return expander.Key{Special: expander.OtherKey, Mods: m, At: at}, true
		}
		if shortcut(ev.Mask) {
			r := rune(ks)
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			return expander.Key{Rune: r, Mods: m, At: at}, true
		}
		return k, false // its text comes as a typed event
	case rawKeyTyped:
		c := rune(ev.Keychar)
		if shortcut(ev.Mask) || c < 0x20 || c == 0x7f || isMarker(uint32(c)) {
			return k, false
		}
		switch {
		case c >= 0xd800 && c < 0xdc00:
			t.high = c
			return k, false
		case c >= 0xdc00 && c < 0xe000:
			if t.high == 0 {
				return k, false
			}
			c = (t.high-0xd800)<<10 + (c - 0xdc00) + 0x10000
			t.high = 0
		}
		return expander.Key{Rune: c, Mods: m &^ (expander.Ctrl | expander.Alt | expander.Meta), At: at}, true
	}
	return k, false
}

// shortcut reports modifiers that make a key a shortcut. Right Alt alone is
// AltGr on most layouts: it types text, so it does not count.
func shortcut(mask uint16) bool {
	return mask&(maskCtrlL|maskCtrlR|maskMetaL|maskMetaR|maskAltL) != 0
}
