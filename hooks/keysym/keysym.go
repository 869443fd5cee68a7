// Package keysym is the pure table of X keysyms kindly's backends share: X11
// reports keys as keysyms, and IBus hands an input method the same values
// (its keyvals are X keysyms). It maps a keysym to the character it types, a
// character to the keysym that types it, and names the keys the engine
// treats specially (Backspace, Enter, arrows…). No system library, no cgo.
package keysym

import "github.com/kindly-support/kindly/expander"

// Keysyms kindly names.
const (
	BackSpace  = 0xff08
	Tab        = 0xff09
	Return     = 0xff0d
	Escape     = 0xff1b
	Delete     = 0xffff
	Home       = 0xff50
	Left       = 0xff51
	Up         = 0xff52
	Right      = 0xff53
	Down       = 0xff54
	PageUp     = 0xff55
	PageDown   = 0xff56
	End        = 0xff57
	Insert     = 0xff63
	KPEnter    = 0xff8d
	ShiftL     = 0xffe1
	CapsLock   = 0xffe5
	ISOLeftTab = 0xfe20
)

// named are the keys the engine treats specially.
var named = map[uint32]expander.Special{
	BackSpace: expander.Backspace, Tab: expander.Tab, ISOLeftTab: expander.Tab, Return: expander.Enter,
	KPEnter: expander.Enter, Escape: expander.Escape, Delete: expander.Delete, Home: expander.Home,
	Left: expander.Left, Up: expander.Up, Right: expander.Right, Down: expander.Down, PageUp: expander.PageUp,
	PageDown: expander.PageDown, End: expander.End, Insert: expander.Insert,
	0xff95: expander.Home, 0xff96: expander.Left, 0xff97: expander.Up, 0xff98: expander.Right, // keypad
	0xff99: expander.Down, 0xff9a: expander.PageUp, 0xff9b: expander.PageDown, 0xff9c: expander.End,
	0xff9e: expander.Insert, 0xff9f: expander.Delete,
}

// Named returns the special key ks is (ok false for text and other keys).
func Named(ks uint32) (expander.Special, bool) {
	s, ok := named[ks]
	return s, ok
}

// Modifier reports a modifier or lock key (Shift, Control, Alt, Super,
// AltGr, Caps Lock, Num Lock…): pressing one types nothing.
func Modifier(ks uint32) bool {
	switch {
	case ks >= 0xffe1 && ks <= 0xffee: // Shift_L … Hyper_R
		return true
	case ks >= 0xfe01 && ks <= 0xfe0f: // ISO_Lock, ISO_Level3_Shift (AltGr), group shifts…
		return true
	case ks == 0xff7e || ks == 0xff7f || ks == 0xff14: // Mode_switch, Num_Lock, Scroll_Lock
		return true
	}
	return false
}

// Dead reports a dead key (a compose accent such as dead_acute): it types
// nothing by itself.
func Dead(ks uint32) bool { return ks >= 0xfe50 && ks <= 0xfe93 }

// ToRune returns the character keysym ks types (ok false: ks types no
// character, such as a function key or a modifier). Keypad digits and
// operators type their characters.
func ToRune(ks uint32) (rune, bool) {
	switch {
	case ks >= 0x20 && ks <= 0x7e, ks >= 0xa0 && ks <= 0xff:
		return rune(ks), true
	case ks >= 0x01000100 && ks <= 0x0110ffff:
		return rune(ks - 0x01000000), true
	case ks >= 0xffb0 && ks <= 0xffb9: // KP_0 … KP_9
		return rune('0' + ks - 0xffb0), true
	}
	switch ks {
	case 0xff80: // KP_Space
		return ' ', true
	case 0xffaa:
		return '*', true
	case 0xffab:
		return '+', true
	case 0xffac:
		return ',', true
	case 0xffad:
		return '-', true
	case 0xffae:
		return '.', true
	case 0xffaf:
		return '/', true
	case 0xffbd:
		return '=', true
	}
	r, ok := legacy[ks]
	return r, ok
}

// FromRune returns the keysym that types r: its Latin-1 keysym, Return and
// Tab for newline and tab, else the Unicode keysym (0x1000000 + r), which
// every X server and IBus accept.
func FromRune(r rune) uint32 {
	switch {
	case r == '\n':
		return Return
	case r == '\t':
		return Tab
	case r >= 0x20 && r < 0x7f, r >= 0xa0 && r < 0x100:
		return uint32(r)
	}
	return 0x01000000 | uint32(r)
}

// Key translates a key press with keysym ks and modifiers mods into the
// engine's Key (ok false for a modifier, a dead key, or a keysym that types
// nothing and is not named: callers report those as expander.OtherKey when
// they reset the buffer).
func Key(ks uint32, mods expander.Mods) (expander.Key, bool) {
	if Modifier(ks) || Dead(ks) {
		return expander.Key{}, false
	}
	if s, ok := named[ks]; ok {
		return expander.Key{Special: s, Mods: mods}, true
	}
	if r, ok := ToRune(ks); ok {
		return expander.Key{Rune: r, Mods: mods}, true
	}
	return expander.Key{Special: expander.OtherKey, Mods: mods}, true
}

// X modifier state bits (the core protocol's, which IBus passes on; IBus
// adds its own Super and Meta bits above them).
const (
	ShiftMask   = 1 << 0
	LockMask    = 1 << 1
	ControlMask = 1 << 2
	Mod1Mask    = 1 << 3 // Alt
	Mod4Mask    = 1 << 6 // Super
	IBusSuper   = 1 << 26
	IBusMeta    = 1 << 28
)

// Mods turns a modifier state (X's, or IBus's) into the engine's. Mod5
// (AltGr) types characters, so it is not a modifier here.
func Mods(state uint32) expander.Mods {
	var m expander.Mods
	if state&ShiftMask != 0 {
		m |= expander.Shift
	}
	if state&ControlMask != 0 {
		m |= expander.Ctrl
	}
	if state&Mod1Mask != 0 {
		m |= expander.Alt
	}
	if state&(Mod4Mask|IBusSuper|IBusMeta) != 0 {
		m |= expander.Meta
	}
	return m
}
