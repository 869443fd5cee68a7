//go:build linux

package x11

import (
	"testing"

	"github.com/jezek/xgb/xproto"
)

// A two-group layout (us,ru) as XKB reports it: the group in the state picks
// the symbol, Shift the level, and a key given by a core request (xdotool's
// remapping of a spare key) has the symbols the request gave it.
func TestLayoutLookup(t *testing.T) {
	l := &layout{types: []keyType{
		{mask: 0, levels: 1},
		{mask: stateShift, levels: 2, entries: []typeEntry{{mods: stateShift, level: 1}}},
		{mask: stateShift | stateLock, levels: 2, entries: []typeEntry{{mods: stateShift, level: 1}, {mods: stateLock, level: 1}}},
		{mask: stateShift | stateMod5, levels: 4, entries: []typeEntry{{mods: stateShift, level: 1}, {mods: stateMod5, level: 2}, {mods: stateShift | stateMod5, level: 3}}},
	}}
	l.keys[38] = keySyms{types: [4]uint8{2, 2}, groupInfo: 2, width: 2, syms: []uint32{'a', 'A', 0x6c6, 0x6e6}}
	l.keys[24] = keySyms{types: [4]uint8{3}, groupInfo: 1, width: 4, syms: []uint32{'q', 'Q', '@', 0x7d9}}
	l.keys[200] = coreKey([]uint32{0x6d6, 0x6d6})
	for _, c := range []struct {
		code  uint8
		state uint16
		want  uint32
		lock  bool
	}{
		{38, 0, 'a', false},
		{38, stateShift, 'A', false},
		{38, stateLock, 'A', false},
		{38, 1 << 13, 0x6c6, false},
		{38, 1<<13 | stateShift, 0x6e6, false},
		{38, 2 << 13, 'a', false}, // wraps
		{24, stateMod5, '@', false},
		{24, 1 << 13, 'q', false}, // one group: wraps
		{24, stateLock, 'q', true},
		{200, 0, 0x6d6, false},
		{200, 1 << 13, 0x6d6, false},
	} {
		got, lock := l.lookup(xproto.Keycode(c.code), c.state)
		if got != c.want || lock != c.lock {
			t.Errorf("lookup(%d, %#x) = %#x, %v; want %#x, %v", c.code, c.state, got, lock, c.want, c.lock)
		}
	}
	pos := l.positions(1)
	if p := pos[0x6c6]; p.code != 38 || p.mods != 0 {
		t.Errorf("ф in group 2: %+v", p)
	}
	if p := pos[0x6e6]; p.code != 38 || p.mods != stateShift {
		t.Errorf("Ф in group 2: %+v", p)
	}
	if p := l.positions(0)['@']; p.code != 24 || p.mods != stateMod5 {
		t.Errorf("@ (AltGr+q): %+v", p)
	}
}
