//go:build linux

package x11

import (
	"fmt"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
	"github.com/jezek/xgb/xtest"
)

// Typist presses keys the way a real keyboard does: each character on the
// key and level where the layout in force has it, in the group in force,
// with no remapping and no group switching (xdotool does both: it types by
// keysym, switches the group for a key it finds in another one and remaps a
// spare key for a character the layout lacks). The end-to-end tests type with
// it to check kindly under each layout as a user's keyboard would drive it.
type Typist struct {
	c    *xgb.Conn
	kb   *xkbExt
	root xproto.Window
	mods [8][]xproto.Keycode
}

// NewTypist connects to display.
func NewTypist(display string) (*Typist, error) {
	c, err := xgb.NewConnDisplay(display)
	if err != nil {
		return nil, fmt.Errorf("connect to the X display %q: %w", display, err)
	}
	if err := xtest.Init(c); err != nil {
		c.Close()
		return nil, fmt.Errorf("XTEST: %w", err)
	}
	kb, err := initXKB(c)
	if err != nil {
		c.Close()
		return nil, err
	}
	return &Typist{c: c, kb: kb, root: xproto.Setup(c).DefaultScreen(c).Root}, nil
}

// Close closes the connection.
func (t *Typist) Close() { t.c.Close() }

// Type types text, waiting delay after each character. It fails on a
// character the layout in force does not have.
func (t *Typist) Type(text string, delay time.Duration) error {
	lay, err := t.kb.getMap()
	if err != nil {
		return err
	}
	if err := t.loadMods(); err != nil {
		return err
	}
	st, err := t.kb.state()
	if err != nil {
		return err
	}
	km := keymap{lay: lay, mods: t.mods}
	km.setGroup(st.group)
	for _, r := range text {
		var p position
		var ok bool
		switch r {
		case '\n':
			p, ok = km.syms[ksReturn]
		case '\t':
			p, ok = km.syms[ksTab]
		default:
			p, ok = km.runes[r]
		}
		if !ok {
			return fmt.Errorf("type %q: not on the keyboard in group %d", r, st.group+1)
		}
		var mods []xproto.Keycode
		for m := range 8 {
			if p.mods&(1<<m) != 0 && len(t.mods[m]) > 0 {
				mods = append(mods, t.mods[m][0])
			}
		}
		t.chord(append(mods, p.code))
		if delay > 0 {
			time.Sleep(delay)
		}
	}
	return nil
}

// Chord presses the keys that have keysyms (in any group) together and lets
// them go in reverse order: {Shift_L, Alt_L} toggles a layout with the
// grp:alt_shift_toggle option.
func (t *Typist) Chord(keysyms ...uint32) error {
	lay, err := t.kb.getMap()
	if err != nil {
		return err
	}
	var codes []xproto.Keycode
	for _, ks := range keysyms {
		found := false
		for g := range uint8(4) {
			if p, ok := lay.positions(g)[ks]; ok && p.mods == 0 {
				codes, found = append(codes, p.code), true
				break
			}
		}
		if !found {
			return fmt.Errorf("chord: keysym %#x is on no key", ks)
		}
	}
	t.chord(codes)
	return nil
}

func (t *Typist) chord(codes []xproto.Keycode) {
	for _, kc := range codes {
		xtest.FakeInput(t.c, xproto.KeyPress, byte(kc), 0, t.root, 0, 0, 0)
	}
	for i := len(codes) - 1; i >= 0; i-- {
		xtest.FakeInput(t.c, xproto.KeyRelease, byte(codes[i]), 0, t.root, 0, 0, 0)
	}
	xproto.GetInputFocus(t.c).Reply() // processed before the next one
}

func (t *Typist) loadMods() error {
	mr, err := xproto.GetModifierMapping(t.c).Reply()
	if err != nil {
		return err
	}
	n := int(mr.KeycodesPerModifier)
	for m := range 8 {
		t.mods[m] = t.mods[m][:0]
		for _, kc := range mr.Keycodes[m*n : (m+1)*n] {
			if kc != 0 {
				t.mods[m] = append(t.mods[m], kc)
			}
		}
	}
	return nil
}
