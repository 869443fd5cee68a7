package x11

import (
	"testing"
	"time"

	"github.com/kindly-support/kindly/expander"
)

// Presses as the hook gives them: the keysym looked up in the layout in
// force (group and level applied) and the core state before the key.
func TestTranslate(t *testing.T) {
	at := time.Unix(1, 0)
	type want struct {
		ok  bool
		key expander.Key
	}
	k := func(r rune, m expander.Mods) want { return want{true, expander.Key{Rune: r, Mods: m, At: at}} }
	sp := func(s expander.Special, m expander.Mods) want {
		return want{true, expander.Key{Special: s, Mods: m, At: at}}
	}
	none := want{}
	tests := []struct {
		name string
		p    press
		want want
	}{
		{"letter", press{sym: 'a'}, k('a', 0)},
		{"capital with shift", press{sym: 'A', state: stateShift}, k('A', expander.Shift)},
		{"é (Latin-1 keysym)", press{sym: 0xe9}, k('é', 0)},
		{"ж (legacy Cyrillic keysym)", press{sym: 0x6d6, state: 1 << 13}, k('ж', 0)},
		{"ß", press{sym: 0xdf, state: 2 << 13}, k('ß', 0)},
		{"Unicode keysym", press{sym: 0x1000000 + 0x20ac}, k('€', 0)},
		{"AltGr (Mod5) still types text", press{sym: '@', state: stateMod5}, k('@', 0)},
		{"Caps Lock left to the character", press{sym: 'ä', lock: true}, k('Ä', 0)},
		{"Ctrl+V is a shortcut", press{sym: 'v', state: stateControl}, k('v', expander.Ctrl)},
		{"Ctrl+Shift+V lowercases", press{sym: 'V', state: stateControl | stateShift}, k('v', expander.Ctrl|expander.Shift)},
		{"Alt+f", press{sym: 'f', state: stateMod1}, k('f', expander.Alt)},
		{"BackSpace", press{sym: 0xff08}, sp(expander.Backspace, 0)},
		{"Return", press{sym: 0xff0d}, sp(expander.Enter, 0)},
		{"Shift+Return", press{sym: 0xff0d, state: stateShift}, sp(expander.Enter, expander.Shift)},
		{"KP_Enter", press{sym: 0xff8d}, sp(expander.Enter, 0)},
		{"KP_7 with Num Lock", press{sym: 0xffb7}, k('7', 0)},
		{"Tab", press{sym: 0xff09}, sp(expander.Tab, 0)},
		{"Shift+Tab", press{sym: 0xfe20, state: stateShift}, sp(expander.Tab, expander.Shift)},
		{"Escape", press{sym: 0xff1b}, sp(expander.Escape, 0)},
		{"Left", press{sym: 0xff51}, sp(expander.Left, 0)},
		{"KP_Left", press{sym: 0xff96}, sp(expander.Left, 0)},
		{"Delete", press{sym: 0xffff}, sp(expander.Delete, 0)},
		{"Shift+Insert", press{sym: 0xff63, state: stateShift}, sp(expander.Insert, expander.Shift)},
		{"F5", press{sym: 0xffc2}, sp(expander.OtherKey, 0)},
		{"a key with no symbol", press{sym: 0}, sp(expander.OtherKey, 0)},
		{"Shift alone", press{sym: 0xffe1}, none},
		{"Control alone", press{sym: 0xffe3}, none},
		{"ISO_Level3_Shift alone", press{sym: 0xfe03}, none},
		{"ISO_Next_Group (layout toggle)", press{sym: 0xfe08, state: stateShift}, none},
		{"Caps_Lock", press{sym: 0xffe5}, none},
		{"Num_Lock", press{sym: 0xff7f}, none},
		{"marker 3", press{sym: markerKeysym}, want{true, expander.Key{Special: expander.Marker, Marker: 3, At: at}}},
		{"marker 0", press{sym: markerKeysym - 3}, want{true, expander.Key{Special: expander.Marker, Marker: 0, At: at}}},
		{"mouse press", press{click: true}, sp(expander.Click, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tr translator
			tt.p.at = at
			got, ok := tr.translate(tt.p)
			if ok != tt.want.ok || got != tt.want.key {
				t.Fatalf("translate(%+v) = %+v, %v; want %+v, %v", tt.p, got, ok, tt.want.key, tt.want.ok)
			}
		})
	}
}

// A dead key types nothing by itself and accents the next letter, as the
// app shows it (French ^ then e is ê, German ´ then e is é).
func TestTranslateDeadKeys(t *testing.T) {
	seqs := []struct {
		name string
		syms []uint32
		want string
	}{
		{"circumflex e", []uint32{0xfe52, 'e'}, "ê"},
		{"acute E", []uint32{0xfe51, 'E'}, "É"},
		{"diaeresis u", []uint32{0xfe57, 'u'}, "ü"},
		{"circumflex space", []uint32{0xfe52, ' '}, "^"},
		{"twice", []uint32{0xfe50, 0xfe50}, "`"},
		{"no accented form", []uint32{0xfe52, 'x'}, "x"},
	}
	for _, s := range seqs {
		var tr translator
		var got []rune
		for _, ks := range s.syms {
			if k, ok := tr.translate(press{sym: ks}); ok {
				got = append(got, k.Rune)
			}
		}
		if string(got) != s.want {
			t.Errorf("%s: got %q, want %q", s.name, string(got), s.want)
		}
	}
}
