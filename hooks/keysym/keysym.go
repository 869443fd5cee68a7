// Package keysym turns X11 keysyms into what kindly's engine understands:
// the character a key types, or the named key it is. IBus hands engines X
// keysyms (already translated by the user's layout), so the IBus backend
// reads keys through it; any other backend that sees keysyms can share it.
//
// The table of legacy keysyms (table.go) is generated from X11's
// keysymdef.h by gen.go.
package keysym

import "github.com/kindly-support/kindly/expander"

//go:generate go run gen.go

// Rune returns the character keysym ks types, or 0 when it types none
// (a named key, a modifier, a dead key, an unknown keysym).
func Rune(ks uint32) rune {
	switch {
	case ks >= 0x20 && ks <= 0x7e, ks >= 0xa0 && ks <= 0xff:
		return rune(ks) // Latin-1 keysyms are their code points
	case ks >= 0x01000100 && ks <= 0x0110ffff:
		return rune(ks - 0x01000000) // Unicode keysyms
	case ks >= 0xffb0 && ks <= 0xffb9:
		return rune('0' + ks - 0xffb0) // KP_0…KP_9
	}
	switch ks {
	case 0xff80: // KP_Space
		return ' '
	case 0xffaa:
		return '*'
	case 0xffab:
		return '+'
	case 0xffac:
		return ','
	case 0xffad:
		return '-'
	case 0xffae:
		return '.'
	case 0xffaf:
		return '/'
	case 0xffbd:
		return '='
	}
	return legacy[ks]
}

// named maps keysyms of non-text keys to the engine's Specials.
var named = map[uint32]expander.Special{
	0xff08: expander.Backspace,
	0xff09: expander.Tab, 0xfe20: expander.Tab, 0xff89: expander.Tab, // Tab, ISO_Left_Tab, KP_Tab
	0xff0d: expander.Enter, 0xff8d: expander.Enter, // Return, KP_Enter
	0xff1b: expander.Escape,
	0xff51: expander.Left, 0xff96: expander.Left,
	0xff52: expander.Up, 0xff97: expander.Up,
	0xff53: expander.Right, 0xff98: expander.Right,
	0xff54: expander.Down, 0xff99: expander.Down,
	0xff50: expander.Home, 0xff95: expander.Home,
	0xff57: expander.End, 0xff9c: expander.End,
	0xff55: expander.PageUp, 0xff9a: expander.PageUp,
	0xff56: expander.PageDown, 0xff9b: expander.PageDown,
	0xffff: expander.Delete, 0xff9f: expander.Delete,
	0xff63: expander.Insert, 0xff9e: expander.Insert,
}

// Modifier reports keysyms that only change modifier or lock state
// (Shift, Control, Caps Lock, AltGr, Num Lock…): they are no key of their
// own for the engine.
func Modifier(ks uint32) bool {
	switch {
	case ks >= 0xffe1 && ks <= 0xffee: // Shift_L … Hyper_R
		return true
	case ks >= 0xfe01 && ks <= 0xfe0f: // ISO_Lock, ISO_Level3_Shift, ISO_Group_Shift…
		return true
	case ks == 0xff7e || ks == 0xff7f || ks == 0xff14: // Mode_switch, Num_Lock, Scroll_Lock
		return true
	}
	return false
}

// Dead reports dead keys (dead_acute…): they type nothing themselves; the
// composed character arrives later as a keysym of its own.
func Dead(ks uint32) bool { return ks >= 0xfe50 && ks <= 0xfe93 }

// Key returns the engine key for keysym ks with modifiers m, and ok false
// when ks is no key for the engine (a modifier, a dead key). A keysym that
// types nothing and names no key the engine knows is OtherKey, which
// resets the typed buffer.
func Key(ks uint32, m expander.Mods) (k expander.Key, ok bool) {
	if Modifier(ks) || Dead(ks) || ks == 0 || ks == 0xffffff { // VoidSymbol
		return k, false
	}
	if sp, isNamed := named[ks]; isNamed {
		return expander.Key{Special: sp, Mods: m}, true
	}
	if r := Rune(ks); r != 0 {
		if m.Shortcut() && 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return expander.Key{Rune: r, Mods: m}, true
	}
	return expander.Key{Special: expander.OtherKey, Mods: m}, true
}
