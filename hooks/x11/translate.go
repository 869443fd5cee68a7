package x11

import (
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/hooks/keysym"
)

// Core X modifier bits of a key event's state (the XKB group is in bits 13
// and 14).
const (
	stateShift   = 1 << 0
	stateLock    = 1 << 1
	stateControl = 1 << 2
	stateMod1    = 1 << 3 // Alt
	stateMod4    = 1 << 6 // Super
	stateMod5    = 1 << 7 // AltGr (ISO_Level3_Shift) on most layouts
)

// markerKeysym is the last of the keysyms the injector maps onto spare
// keycodes and presses to put a marker into the key stream: the Unicode
// keysyms of U+F8FC to U+F8FF (private use), which no keyboard layout
// types. Marker id i is U+F8FC+i.
const (
	markerKeysym = 0x0100F8FF
	markerKinds  = 4
)

// isMarker reports a marker's keysym.
func isMarker(ks uint32) bool { return ks <= markerKeysym && ks > markerKeysym-markerKinds }

// press is one recorded key or button press, its key already looked up in
// the layout in force when it was pressed.
type press struct {
	click bool
	sym   uint32 // the keysym the key typed (group and level applied)
	state uint16 // core state before the press: modifiers, group
	// lock says Caps Lock is on and the key's type leaves it to the
	// character (the key types its capital, as Xlib's lookup does).
	lock bool
	at   time.Time
}

// translator turns recorded presses into engine Keys: each press of a key
// that is not a modifier becomes exactly one Key (the conductor counts on
// that to tell the injector's echo from the user's keys). It keeps the one
// piece of state text needs beyond the press itself: a dead key waiting for
// the letter it accents.
type translator struct {
	dead rune // combining mark of a pending dead key, 0 if none
}

// deadKeys maps dead-key keysyms to the combining mark they put on the
// next letter.
var deadKeys = map[uint32]rune{
	0xfe50: 0x300, 0xfe51: 0x301, 0xfe52: 0x302, 0xfe53: 0x303, 0xfe54: 0x304,
	0xfe55: 0x306, 0xfe56: 0x307, 0xfe57: 0x308, 0xfe58: 0x30a, 0xfe59: 0x30b,
	0xfe5a: 0x30c, 0xfe5b: 0x327, 0xfe5c: 0x328,
}

// spacingAccent is what a dead key types when the next key does not take
// its accent (space, or a letter with no accented form).
var spacingAccent = map[rune]rune{
	0x300: '`', 0x301: '´', 0x302: '^', 0x303: '~', 0x304: '¯', 0x306: '˘',
	0x307: '˙', 0x308: '¨', 0x30a: '°', 0x30b: '˝', 0x30c: 'ˇ', 0x327: '¸', 0x328: '˛',
}

// translate returns the Key for p, or ok=false when p adds nothing (a
// modifier, a dead key waiting for its letter, a wheel turn).
func (t *translator) translate(p press) (k expander.Key, ok bool) {
	m := keysym.Mods(uint32(p.state))
	if p.click {
		t.dead = 0
		return expander.Key{Special: expander.Click, Mods: m, At: p.at}, true
	}
	ks := p.sym
	if isMarker(ks) {
		return expander.Key{Special: expander.Marker, Marker: ks - (markerKeysym - markerKinds + 1), At: p.at}, true
	}
	if keysym.Modifier(ks) {
		return k, false
	}
	if sp, named := keysym.Named(ks); named {
		t.dead = 0
		return expander.Key{Special: sp, Mods: m, At: p.at}, true
	}
	if mark, dead := deadKeys[ks]; dead && !shortcut(p.state) {
		if t.dead != 0 { // the same dead key twice types its accent
			acc := spacingAccent[t.dead]
			t.dead = 0
			return expander.Key{Rune: acc, At: p.at}, true
		}
		t.dead = mark
		return k, false
	}
	r, text := keysym.ToRune(ks)
	if !text {
		t.dead = 0
		return expander.Key{Special: expander.OtherKey, Mods: m, At: p.at}, true
	}
	if shortcut(p.state) {
		t.dead = 0
		return expander.Key{Rune: unicode.ToLower(r), Mods: m, At: p.at}, true
	}
	if p.lock {
		r = unicode.ToUpper(r)
	}
	if t.dead != 0 {
		mark := t.dead
		t.dead = 0
		if r == ' ' {
			r = spacingAccent[mark]
		} else if c := []rune(norm.NFC.String(string([]rune{r, mark}))); len(c) == 1 {
			r = c[0]
		}
	}
	return expander.Key{Rune: r, Mods: m &^ (expander.Ctrl | expander.Alt | expander.Meta), At: p.at}, true
}

// shortcut reports modifiers that make a key a shortcut: Control, Alt (Mod1)
// or Super (Mod4). AltGr (Mod5) types text.
func shortcut(state uint16) bool {
	return state&(stateControl|stateMod1|stateMod4) != 0
}
