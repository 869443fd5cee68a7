package windows

import (
	"unicode/utf16"

	"github.com/kindly-support/kindly/expander"
)

// This file is the system-independent half of typing: which key events a
// batch becomes. It builds on every system so its tests run without wine.

// Virtual-key codes kindly reads or sends.
const (
	vkBack     = 0x08
	vkTab      = 0x09
	vkReturn   = 0x0D
	vkShift    = 0x10
	vkControl  = 0x11
	vkMenu     = 0x12
	vkCapital  = 0x14
	vkEscape   = 0x1B
	vkSpace    = 0x20
	vkPrior    = 0x21
	vkNext     = 0x22
	vkEnd      = 0x23
	vkHome     = 0x24
	vkLeft     = 0x25
	vkUp       = 0x26
	vkRight    = 0x27
	vkDown     = 0x28
	vkInsert   = 0x2D
	vkDelete   = 0x2E
	vkLWin     = 0x5B
	vkRWin     = 0x5C
	vkNumLock  = 0x90
	vkScroll   = 0x91
	vkLShift   = 0xA0
	vkRShift   = 0xA1
	vkLControl = 0xA2
	vkRControl = 0xA3
	vkLMenu    = 0xA4
	vkRMenu    = 0xA5
	vkPacket   = 0xE7
	// vkMask is an unassigned key kindly taps before letting go of a held
	// Alt or Win, so that the release does not open the app's menu (or the
	// Start menu) as a lone Alt/Win tap would.
	vkMask = 0xE8
	// vkKindly is an unassigned key that carries kindly's private events
	// (hold, release, marker, watchdog ping); the hook swallows them.
	vkKindly = 0x9F
)

// KEYEVENTF flags.
const (
	keyeventfExtended = 0x0001
	keyeventfKeyUp    = 0x0002
	keyeventfUnicode  = 0x0004
)

// LLKHF flags of a hook event.
const (
	llkhfExtended = 0x01
	llkhfInjected = 0x10
	llkhfUp       = 0x80
)

// kindly's mark in dwExtraInfo: the top byte is 'k', then the operation
// (4 bits) and an id (20 bits). It fits 32 bits, so it survives on 32-bit
// Windows too.
const (
	markMagic = 0x6B000000
	markMask  = 0xFF000000
)

// Operations a marked event carries. Holding the keyboard, letting go and
// the conductor's markers are one event each where they go together
// ("marker, then let go"): the hook handles one event at a time, so no key
// of the user's can fall between a marker and the release (it would be
// swallowed by the hold yet sit after the marker, where the conductor takes
// it for a key the app got). Wine does not keep a SendInput call's events
// together the way Windows does, so kindly never relies on that either.
const (
	opType        = 1 // kindly's own typing: the app gets it, the hook does not report it
	opHold        = 2 // from here on the hook swallows the user's keys (and reports them)
	opRelease     = 3 // from here on the user's keys reach the app again
	opMarker      = 4 // the conductor's marker (id), reported as an expander.Marker key
	opHoldMarker  = 5 // a marker, then hold
	opReleaseMark = 6 // a marker, then let go
	opPing        = 7 // the watchdog's check that the hook still runs
	// opLift lets go of a modifier for the app before kindly types (a held
	// Shift would select, a held Ctrl would make shortcuts); the hook lets
	// it through only if the app has that modifier down.
	opLift = 8
	// opAbandon lets go like opRelease after the conductor gave up on an
	// expansion (a marker came too late): the user's keys the hook swallowed
	// before it that the conductor never got to replay are typed by the
	// backend itself, late rather than never.
	opAbandon = 9
	// opSync, after kindly lets go, gives the app the user's modifiers as
	// they are now: a down event goes through if the user holds the key and
	// the app has it up, an up event if the app has it down and the user
	// does not. The hook decides, where the event sits in the stream.
	opSync = 10
)

// modifierVKs are the modifier keys a low-level hook reports.
var modifierVKs = []uint16{vkLShift, vkRShift, vkLControl, vkRControl, vkLMenu, vkRMenu, vkLWin, vkRWin}

func mark(op, id uint32) uintptr { return uintptr(markMagic | op<<20 | id&0xFFFFF) }

// ownOp returns the operation of an event kindly sent (0 for any other).
func ownOp(flags uint32, extra uintptr) (op, id uint32) {
	if flags&llkhfInjected == 0 || uint32(extra)&markMask != markMagic || uint64(extra)>>32 != 0 {
		return 0, 0
	}
	e := uint32(extra)
	return e >> 20 & 0xF, e & 0xFFFFF
}

// event is one keyboard event kindly sends (a KEYBDINPUT).
type event struct {
	vk    uint16
	scan  uint16 // the UTF-16 unit for KEYEVENTF_UNICODE
	flags uint32
	extra uintptr
}

// extendedVK are keys that must be sent with KEYEVENTF_EXTENDEDKEY (else
// they are their numeric keypad twins, which type digits with Num Lock on).
var extendedVK = map[uint16]bool{
	vkPrior: true, vkNext: true, vkEnd: true, vkHome: true, vkLeft: true, vkUp: true,
	vkRight: true, vkDown: true, vkInsert: true, vkDelete: true, vkRControl: true,
	vkRMenu: true, vkLWin: true, vkRWin: true,
}

// specialVK is the key that types each special key.
var specialVK = map[expander.Special]uint16{
	expander.Backspace: vkBack, expander.Enter: vkReturn, expander.Tab: vkTab,
	expander.Escape: vkEscape, expander.Left: vkLeft, expander.Right: vkRight,
	expander.Up: vkUp, expander.Down: vkDown, expander.Home: vkHome, expander.End: vkEnd,
	expander.PageUp: vkPrior, expander.PageDown: vkNext, expander.Delete: vkDelete,
	expander.Insert: vkInsert,
}

// vkSpecial is specialVK the other way round (what a hook event means).
var vkSpecial = func() map[uint16]expander.Special {
	m := map[uint16]expander.Special{}
	for s, vk := range specialVK {
		m[vk] = s
	}
	return m
}()

// isModifierVK reports whether vk is a modifier or lock key: no key to the
// engine.
func isModifierVK(vk uint32) bool {
	switch vk {
	case vkShift, vkControl, vkMenu, vkLShift, vkRShift, vkLControl, vkRControl,
		vkLMenu, vkRMenu, vkLWin, vkRWin, vkCapital, vkNumLock, vkScroll:
		return true
	}
	return false
}

// isLockVK reports whether vk is a lock key: the hook never holds those
// (they type nothing, and what they switch does not change kindly's
// Unicode typing).
func isLockVK(vk uint32) bool { return vk == vkCapital || vk == vkNumLock || vk == vkScroll }

// plan is the key events of one SendInput call.
type plan struct {
	ev []event
}

func (p *plan) key(vk uint16, up bool) {
	f := uint32(0)
	if up {
		f |= keyeventfKeyUp
	}
	if extendedVK[vk] {
		f |= keyeventfExtended
	}
	p.ev = append(p.ev, event{vk: vk, flags: f, extra: mark(opType, 0)})
}

// tap presses vk with mods held.
func (p *plan) tap(vk uint16, mods ...uint16) {
	for _, m := range mods {
		p.key(m, false)
	}
	p.key(vk, false)
	p.key(vk, true)
	for i := len(mods) - 1; i >= 0; i-- {
		p.key(mods[i], true)
	}
}

// control adds one of kindly's private events (hold, release, marker).
func (p *plan) control(op, id uint32) {
	p.ev = append(p.ev,
		event{vk: vkKindly, extra: mark(op, id)},
		event{vk: vkKindly, flags: keyeventfKeyUp, extra: mark(op, id)})
}

// unicode types one UTF-16 unit as a character, whatever the layout.
func (p *plan) unicode(u uint16) {
	p.ev = append(p.ev,
		event{scan: u, flags: keyeventfUnicode, extra: mark(opType, 0)},
		event{scan: u, flags: keyeventfUnicode | keyeventfKeyUp, extra: mark(opType, 0)})
}

// text types s: newlines as Enter (Shift+Enter when shiftEnter), tabs as
// Tab, everything else as Unicode characters (two units for characters
// beyond the BMP: emoji).
func (p *plan) text(s string, shiftEnter bool) {
	for _, r := range s {
		switch r {
		case '\r':
		case '\n':
			if shiftEnter {
				p.tap(vkReturn, vkLShift)
			} else {
				p.tap(vkReturn)
			}
		case '\t':
			p.tap(vkTab)
		default:
			if r1, r2 := utf16.EncodeRune(r); r1 != 0xFFFD {
				p.unicode(uint16(r1))
				p.unicode(uint16(r2))
			} else {
				p.unicode(uint16(r))
			}
		}
	}
}

// replay types one of the user's keys again. vkFor finds the key (and
// whether it needs Shift) that types r in the layout, for shortcuts.
func (p *plan) replay(k expander.Key, vkFor func(rune) (vk uint16, shift, ok bool)) {
	var mods []uint16
	if k.Mods&expander.Ctrl != 0 {
		mods = append(mods, vkLControl)
	}
	if k.Mods&expander.Alt != 0 {
		mods = append(mods, vkLMenu)
	}
	if k.Mods&expander.Meta != 0 {
		mods = append(mods, vkLWin)
	}
	if k.Special == expander.None {
		if len(mods) == 0 {
			p.text(string(k.Rune), false)
			return
		}
		if vk, shift, ok := vkFor(k.Rune); ok {
			if shift || k.Mods&expander.Shift != 0 {
				mods = append(mods, vkLShift)
			}
			p.tap(vk, mods...)
		}
		return
	}
	vk, ok := specialVK[k.Special]
	if !ok {
		return // clicks, window changes and unknown keys cannot be replayed
	}
	if k.Mods&expander.Shift != 0 {
		mods = append(mods, vkLShift)
	}
	p.tap(vk, mods...)
}

// pasteKeys presses the paste shortcut.
func (p *plan) pasteKeys(shortcut string) {
	switch shortcut {
	case "shift+insert":
		p.tap(vkInsert, vkLShift)
	case "ctrl+shift+v":
		p.tap('V', vkLControl, vkLShift)
	default:
		p.tap('V', vkLControl)
	}
}

// lift lets go, for the app, of every modifier it has down, so that none
// changes what kindly types. An Alt or Win release is masked first, or it
// would open the app's menu (the Start menu) as a lone tap does.
func (p *plan) lift(altOrWin bool) {
	if altOrWin {
		p.tap(vkMask)
	}
	for _, vk := range modifierVKs {
		p.key(vk, true)
		p.ev[len(p.ev)-1].extra = mark(opLift, 0)
	}
}

// sync gives the app the user's modifiers as they are (see opSync).
func (p *plan) sync() {
	for _, vk := range modifierVKs {
		p.key(vk, false)
		p.ev[len(p.ev)-1].extra = mark(opSync, 0)
		p.key(vk, true)
		p.ev[len(p.ev)-1].extra = mark(opSync, 0)
	}
}
