//go:build linux

package x11

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// The XKB requests kindly needs, spoken on its xgb connection by hand (xgb
// has no XKEYBOARD package): use the extension, read the keyboard's key types
// and symbols (GetMap) and its state (GetState). With them the layout is the
// one in force now: every group (layout) of a multi-layout keyboard, and the
// levels that Shift and AltGr pick, as the X server itself maps keys.

const (
	xkbUseCoreKbd      = 0x100
	xkbUseExtension    = 0
	xkbGetState        = 4
	xkbLatchLockState  = 5
	xkbGetMap          = 8
	xkbSetMap          = 9
	xkbGetKbdByName    = 23
	xkbKeyTypesMask    = 1 << 0
	xkbKeySymsMask     = 1 << 1
	xkbModifierMapMask = 1 << 2
)

// xkbExt is the XKEYBOARD extension on one connection.
type xkbExt struct {
	c     *xgb.Conn
	major byte
}

// initXKB enables XKB on c.
func initXKB(c *xgb.Conn) (*xkbExt, error) {
	const name = "XKEYBOARD"
	q, err := xproto.QueryExtension(c, uint16(len(name)), name).Reply()
	if err != nil {
		return nil, fmt.Errorf("query the XKEYBOARD extension: %w", err)
	}
	if !q.Present {
		return nil, errors.New("the X server has no XKEYBOARD extension")
	}
	k := &xkbExt{c: c, major: q.MajorOpcode}
	req := make([]byte, 8)
	req[0], req[1] = k.major, xkbUseExtension
	binary.LittleEndian.PutUint16(req[2:], 2)
	binary.LittleEndian.PutUint16(req[4:], 1) // wanted version 1.0
	rep, err := k.request(req)
	if err != nil {
		return nil, fmt.Errorf("use the XKEYBOARD extension: %w", err)
	}
	if rep[1] == 0 {
		return nil, errors.New("the X server's XKEYBOARD extension does not support version 1.0")
	}
	return k, nil
}

// request sends one XKB request and waits for its reply.
func (k *xkbExt) request(req []byte) ([]byte, error) {
	cookie := k.c.NewCookie(true, true)
	k.c.NewRequest(req, cookie)
	return cookie.Reply()
}

// xkbState is the part of the keyboard state that picks a key's symbol.
type xkbState struct {
	group uint8 // effective group (layout), 0 to 3
	mods  uint8 // effective modifiers
}

// state reads the core keyboard's state.
func (k *xkbExt) state() (xkbState, error) {
	req := make([]byte, 8)
	req[0], req[1] = k.major, xkbGetState
	binary.LittleEndian.PutUint16(req[2:], 2)
	binary.LittleEndian.PutUint16(req[4:], xkbUseCoreKbd)
	rep, err := k.request(req)
	if err != nil {
		return xkbState{}, fmt.Errorf("read the keyboard state: %w", err)
	}
	if len(rep) < 13 {
		return xkbState{}, errors.New("read the keyboard state: short reply")
	}
	return xkbState{mods: rep[8], group: rep[12] & 3}, nil
}

// keyType is an XKB key type: which modifiers pick which level.
type keyType struct {
	mask    uint8
	entries []typeEntry
	levels  uint8
}

type typeEntry struct {
	mods  uint8 // real modifiers (virtual ones resolved by the server)
	level uint8
}

// keySyms is one key's symbols: width levels for each of its groups.
type keySyms struct {
	types     [4]uint8
	groupInfo uint8
	width     uint8
	syms      []uint32
}

func (s *keySyms) groups() uint8 { return s.groupInfo & 0x0f }

// layout is the keyboard map as XKB has it: key types and every key's
// symbols, in all groups.
type layout struct {
	types []keyType
	keys  [256]keySyms
}

// getMap reads the key types and symbols of every key.
func (k *xkbExt) getMap() (*layout, error) {
	req := make([]byte, 28)
	req[0], req[1] = k.major, xkbGetMap
	binary.LittleEndian.PutUint16(req[2:], 7)
	binary.LittleEndian.PutUint16(req[4:], xkbUseCoreKbd)
	binary.LittleEndian.PutUint16(req[6:], xkbKeyTypesMask|xkbKeySymsMask)
	rep, err := k.request(req)
	if err != nil {
		return nil, fmt.Errorf("read the keyboard map: %w", err)
	}
	l, err := parseMap(rep)
	if err != nil {
		return nil, fmt.Errorf("read the keyboard map: %w", err)
	}
	return l, nil
}

// parseMap decodes an XkbGetMap reply with key types and key symbols.
func parseMap(rep []byte) (*layout, error) {
	short := errors.New("short XkbGetMap reply")
	if len(rep) < 40 {
		return nil, short
	}
	nTypes := int(rep[15])
	firstSym, nSyms := int(rep[17]), int(rep[20])
	b := rep[40:]
	l := &layout{types: make([]keyType, 0, nTypes)}
	for range nTypes {
		if len(b) < 8 {
			return nil, short
		}
		t := keyType{mask: b[0], levels: b[4]}
		n, preserve := int(b[5]), b[6] != 0
		b = b[8:]
		if len(b) < n*8 {
			return nil, short
		}
		for i := range n {
			e := b[i*8:]
			if e[0] != 0 { // active
				t.entries = append(t.entries, typeEntry{mods: e[1], level: e[2]})
			}
		}
		b = b[n*8:]
		if preserve {
			if len(b) < n*4 {
				return nil, short
			}
			b = b[n*4:]
		}
		l.types = append(l.types, t)
	}
	for i := range nSyms {
		if len(b) < 8 {
			return nil, short
		}
		var s keySyms
		copy(s.types[:], b[:4])
		s.groupInfo, s.width = b[4], b[5]
		n := int(binary.LittleEndian.Uint16(b[6:]))
		b = b[8:]
		if len(b) < n*4 {
			return nil, short
		}
		s.syms = make([]uint32, n)
		for j := range n {
			s.syms[j] = binary.LittleEndian.Uint32(b[j*4:])
		}
		b = b[n*4:]
		if code := firstSym + i; code < 256 {
			l.keys[code] = s
		}
	}
	return l, nil
}

// effectiveGroup brings group into the key's range the way XKB does
// (wrap, clamp or redirect, by the key's groupInfo).
func (s *keySyms) effectiveGroup(group uint8) (uint8, bool) {
	n := s.groups()
	if n == 0 {
		return 0, false
	}
	if group < n {
		return group, true
	}
	switch s.groupInfo & 0xc0 {
	case 0x40: // clamp
		return n - 1, true
	case 0x80: // redirect
		g := (s.groupInfo >> 4) & 3
		if g >= n {
			g = 0
		}
		return g, true
	}
	return group % n, true
}

// level picks the shift level that mods select on a key of type t.
func (t *keyType) level(mods uint8) uint8 {
	m := mods & t.mask
	for _, e := range t.entries {
		if e.mods == m {
			return e.level
		}
	}
	return 0
}

// keysym is the symbol key code types with modifiers mods in group.
func (l *layout) keysym(code xproto.Keycode, group, mods uint8) uint32 {
	s := &l.keys[code]
	g, ok := s.effectiveGroup(group)
	if !ok {
		return 0
	}
	lv := uint8(0)
	if int(s.types[g]) < len(l.types) {
		lv = l.types[s.types[g]].level(mods)
	}
	i := int(g)*int(s.width) + int(lv)
	if lv >= s.width || i >= len(s.syms) {
		return 0
	}
	return s.syms[i]
}

// position is where a keysym is on the keyboard in one group: the key and the
// real modifiers that select its level.
type position struct {
	code xproto.Keycode
	mods uint8
}

// positions lists, for group, every keysym the keyboard types and the
// simplest way to type it (fewest modifiers, lowest key code). Levels that
// need Lock or Num Lock are left out: pressing those keys would change the
// lock state.
func (l *layout) positions(group uint8) map[uint32]position {
	pos := make(map[uint32]position, 256)
	for code := range 256 {
		s := &l.keys[code]
		g, ok := s.effectiveGroup(group)
		if !ok || int(s.types[g]) >= len(l.types) {
			continue
		}
		t := &l.types[s.types[g]]
		for lv := range s.width {
			i := int(g)*int(s.width) + int(lv)
			if i >= len(s.syms) || s.syms[i] == 0 {
				continue
			}
			mods, ok := t.modsFor(lv)
			if !ok {
				continue
			}
			ks := s.syms[i]
			if old, seen := pos[ks]; seen && bitsSet(old.mods) <= bitsSet(mods) {
				continue
			}
			pos[ks] = position{code: xproto.Keycode(code), mods: mods}
		}
	}
	return pos
}

// modsFor returns the real modifiers that select level lv (none for level 0
// when no entry names it), avoiding Lock and Mod2 (Num Lock).
func (t *keyType) modsFor(lv uint8) (uint8, bool) {
	const avoid = xproto.ModMaskLock | xproto.ModMask2
	best, found := uint8(0), false
	for _, e := range t.entries {
		if e.level != lv || e.mods&avoid != 0 {
			continue
		}
		if !found || bitsSet(e.mods) < bitsSet(best) {
			best, found = e.mods, true
		}
	}
	if !found && lv == 0 {
		// Level 0 is what no entry matches: no modifiers of the mask.
		return 0, true
	}
	if found && lv == 0 && best != 0 {
		return 0, t.level(0) == 0
	}
	return best, found
}

func bitsSet(m uint8) int {
	n := 0
	for ; m != 0; m &= m - 1 {
		n++
	}
	return n
}
