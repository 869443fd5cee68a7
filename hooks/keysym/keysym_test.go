package keysym

import (
	"testing"

	"github.com/kindly-support/kindly/expander"
)

func TestToRune(t *testing.T) {
	for _, tt := range []struct {
		ks   uint32
		want rune
		ok   bool
	}{
		{'a', 'a', true}, {0xe9, 'é', true}, {0x6d6, 'ж', true}, // Cyrillic_zhe
		{0x7e1, 'α', true}, {0x1ea, 'ę', true}, {0xaa9, '—', true}, // Greek alpha, Latin-2 eogonek, emdash
		{0xad0, '‘', true}, {0x20ac, '€', true}, {0x100263a, '☺', true}, {0x101f600, '😀', true},
		{0xffb7, '7', true}, {Return, 0, false}, {0xffbe, 0, false}, // F1
		{0xfe51, 0, false}, // dead_acute
	} {
		got, ok := ToRune(tt.ks)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ToRune(%#x) = %q %v, want %q %v", tt.ks, got, ok, tt.want, tt.ok)
		}
	}
}

// Every character FromRune gives a keysym for comes back from ToRune.
func TestRoundTrip(t *testing.T) {
	for _, r := range "az AZ09~éßñäÿ€—’жЖαΩ✓😀" {
		if got, ok := ToRune(FromRune(r)); !ok || got != r {
			t.Errorf("%q: keysym %#x gives %q %v", r, FromRune(r), got, ok)
		}
	}
	if FromRune('\n') != Return || FromRune('\t') != Tab {
		t.Error("newline and tab must be Return and Tab")
	}
}

func TestKey(t *testing.T) {
	for _, tt := range []struct {
		ks   uint32
		want expander.Key
		ok   bool
	}{
		{'x', expander.Key{Rune: 'x'}, true},
		{BackSpace, expander.Key{Special: expander.Backspace}, true},
		{KPEnter, expander.Key{Special: expander.Enter}, true},
		{ShiftL, expander.Key{}, false},
		{0xfe03, expander.Key{}, false}, // ISO_Level3_Shift (AltGr)
		{0xfe51, expander.Key{}, false}, // dead_acute
		{0xffbe, expander.Key{Special: expander.OtherKey}, true},
	} {
		got, ok := Key(tt.ks, 0)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Key(%#x) = %+v %v, want %+v %v", tt.ks, got, ok, tt.want, tt.ok)
		}
	}
}
