package keysym

import (
	"testing"

	"github.com/kindly-support/kindly/expander"
)

func TestKey(t *testing.T) {
	cases := []struct {
		ks   uint32
		mods expander.Mods
		want expander.Key
		ok   bool
	}{
		{0x61, 0, expander.Key{Rune: 'a'}, true},
		{0x41, expander.Shift, expander.Key{Rune: 'A', Mods: expander.Shift}, true},
		{0x41, expander.Ctrl | expander.Shift, expander.Key{Rune: 'a', Mods: expander.Ctrl | expander.Shift}, true},
		{0x3b, 0, expander.Key{Rune: ';'}, true},
		{0xe9, 0, expander.Key{Rune: 'é'}, true},
		{0x0ad1, 0, expander.Key{Rune: '’'}, true}, // rightsinglequotemark
		{0x0aa9, 0, expander.Key{Rune: '—'}, true}, // emdash
		{0x06c1, 0, expander.Key{Rune: 'а'}, true}, // Cyrillic_a
		{0x20ac, 0, expander.Key{Rune: '€'}, true}, // EuroSign
		{0x0100263a, 0, expander.Key{Rune: '☺'}, true},
		{0x0101f600, 0, expander.Key{Rune: '😀'}, true},
		{0xffb7, 0, expander.Key{Rune: '7'}, true}, // KP_7
		{0xffaa, 0, expander.Key{Rune: '*'}, true}, // KP_Multiply
		{0xff08, 0, expander.Key{Special: expander.Backspace}, true},
		{0xff0d, expander.Shift, expander.Key{Special: expander.Enter, Mods: expander.Shift}, true},
		{0xff8d, 0, expander.Key{Special: expander.Enter}, true},
		{0xfe20, expander.Shift, expander.Key{Special: expander.Tab, Mods: expander.Shift}, true},
		{0xff51, 0, expander.Key{Special: expander.Left}, true},
		{0xffbe, 0, expander.Key{Special: expander.OtherKey}, true}, // F1
		{0xffe1, expander.Shift, expander.Key{}, false},             // Shift_L
		{0xffe5, 0, expander.Key{}, false},                          // Caps_Lock
		{0xfe03, 0, expander.Key{}, false},                          // ISO_Level3_Shift
		{0xfe51, 0, expander.Key{}, false},                          // dead_acute
		{0xffffff, 0, expander.Key{}, false},                        // VoidSymbol
	}
	for _, c := range cases {
		got, ok := Key(c.ks, c.mods)
		if got != c.want || ok != c.ok {
			t.Errorf("Key(%#x, %v) = %+v, %v; want %+v, %v", c.ks, c.mods, got, ok, c.want, c.ok)
		}
	}
}

// Every keysym that types a character maps back to it: the table holds no
// control characters, surrogates or invalid code points.
func TestTableValid(t *testing.T) {
	for ks, r := range legacy {
		if r < 0x20 || r >= 0xd800 && r < 0xe000 || r > 0x10ffff {
			t.Errorf("keysym %#x maps to %U", ks, r)
		}
	}
}
