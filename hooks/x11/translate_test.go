package x11

import (
	"testing"
	"time"

	"github.com/kindly-support/kindly/expander"
)

// The events gohook gives for real key presses on X11 (measured under Xvfb:
// a press event with the keysym, then a typed event with the character).
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
		ev   rawEvent
		want want
	}{
		{"press of a letter waits for its typed event", rawEvent{Kind: rawKeyPressed, Rawcode: 'a'}, none},
		{"typed letter", rawEvent{Kind: rawKeyTyped, Rawcode: 'a', Keychar: 'a'}, k('a', 0)},
		{"typed capital with shift", rawEvent{Kind: rawKeyTyped, Mask: maskShiftL, Rawcode: 'A', Keychar: 'A'}, k('A', expander.Shift)},
		{"typed é", rawEvent{Kind: rawKeyTyped, Rawcode: 0xe9, Keychar: 0xe9}, k('é', 0)},
		{"AltGr (right Alt) still types text", rawEvent{Kind: rawKeyTyped, Mask: maskAltR, Keychar: '@'}, k('@', 0)},
		{"Ctrl+V is a shortcut from the press", rawEvent{Kind: rawKeyPressed, Mask: maskCtrlL, Rawcode: 'v'}, k('v', expander.Ctrl)},
		{"Ctrl+Shift+V lowercases", rawEvent{Kind: rawKeyPressed, Mask: maskCtrlL | maskShiftL, Rawcode: 'V'}, k('v', expander.Ctrl|expander.Shift)},
		{"its typed control character is dropped", rawEvent{Kind: rawKeyTyped, Mask: maskCtrlL, Keychar: 0x16}, none},
		{"Alt+f typed event dropped", rawEvent{Kind: rawKeyTyped, Mask: maskAltL, Keychar: 'f'}, none},
		{"BackSpace", rawEvent{Kind: rawKeyPressed, Rawcode: 0xff08}, sp(expander.Backspace, 0)},
		{"BackSpace's typed \\b dropped", rawEvent{Kind: rawKeyTyped, Rawcode: 0xff08, Keychar: 8}, none},
		{"Return", rawEvent{Kind: rawKeyPressed, Rawcode: 0xff0d}, sp(expander.Enter, 0)},
		{"Shift+Return", rawEvent{Kind: rawKeyPressed, Mask: maskShiftR, Rawcode: 0xff0d}, sp(expander.Enter, expander.Shift)},
		{"KP_Enter", rawEvent{Kind: rawKeyPressed, Rawcode: 0xff8d}, sp(expander.Enter, 0)},
		{"Tab", rawEvent{Kind: rawKeyPressed, Rawcode: 0xff09}, sp(expander.Tab, 0)},
		{"Shift+Tab", rawEvent{Kind: rawKeyPressed, Mask: maskShiftL, Rawcode: 0xfe20}, sp(expander.Tab, expander.Shift)},
		{"Escape", rawEvent{Kind: rawKeyPressed, Rawcode: 0xff1b}, sp(expander.Escape, 0)},
		{"Left", rawEvent{Kind: rawKeyPressed, Rawcode: 0xff51}, sp(expander.Left, 0)},
		{"KP_Left", rawEvent{Kind: rawKeyPressed, Rawcode: 0xff96}, sp(expander.Left, 0)},
		{"Home", rawEvent{Kind: rawKeyPressed, Rawcode: 0xff50}, sp(expander.Home, 0)},
		{"Delete", rawEvent{Kind: rawKeyPressed, Rawcode: 0xffff}, sp(expander.Delete, 0)},
		{"Shift+Insert", rawEvent{Kind: rawKeyPressed, Mask: maskShiftL, Rawcode: 0xff63}, sp(expander.Insert, expander.Shift)},
		{"F5", rawEvent{Kind: rawKeyPressed, Rawcode: 0xffc2}, sp(expander.OtherKey, 0)},
		{"a key with no symbol", rawEvent{Kind: rawKeyPressed, Rawcode: 0}, sp(expander.OtherKey, 0)},
		{"Shift alone", rawEvent{Kind: rawKeyPressed, Rawcode: 0xffe1}, none},
		{"Control alone", rawEvent{Kind: rawKeyPressed, Rawcode: 0xffe3}, none},
		{"ISO_Level3_Shift alone", rawEvent{Kind: rawKeyPressed, Rawcode: 0xfe03}, none},
		{"Caps_Lock", rawEvent{Kind: rawKeyPressed, Rawcode: 0xffe5}, none},
		{"Num_Lock", rawEvent{Kind: rawKeyPressed, Rawcode: 0xff7f}, none},
		{"marker 3 press", rawEvent{Kind: rawKeyPressed, Rawcode: markerRawcode}, want{true, expander.Key{Special: expander.Marker, Marker: 3, At: at}}},
		{"marker 0 press", rawEvent{Kind: rawKeyPressed, Rawcode: markerRawcode - 3}, want{true, expander.Key{Special: expander.Marker, Marker: 0, At: at}}},
		{"marker 0 typed event dropped", rawEvent{Kind: rawKeyTyped, Rawcode: markerRawcode - 3, Keychar: markerRawcode - 3}, none},
		{"marker typed event dropped", rawEvent{Kind: rawKeyTyped, Rawcode: markerRawcode, Keychar: markerRawcode}, none},
		{"mouse press", rawEvent{Kind: rawMousePressed, Button: 1}, sp(expander.Click, 0)},
		{"hook enabled is not a key", rawEvent{Kind: rawHookEnabled}, none},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tr translator
			got, ok := tr.translate(tt.ev, at)
			if ok != tt.want.ok || got != tt.want.key {
				t.Fatalf("translate(%+v) = %+v, %v; want %+v, %v", tt.ev, got, ok, tt.want.key, tt.want.ok)
			}
		})
	}
}

// Characters outside the BMP arrive as two typed events (UTF-16).
func TestTranslateSurrogatePair(t *testing.T) {
	var tr translator
	at := time.Unix(1, 0)
	if _, ok := tr.translate(rawEvent{Kind: rawKeyTyped, Keychar: 0xd83d}, at); ok {
		t.Fatal("high surrogate alone must not make a key")
	}
	got, ok := tr.translate(rawEvent{Kind: rawKeyTyped, Keychar: 0xde00}, at)
	if !ok || got.Rune != '😀' {
		t.Fatalf("got %q %v, want 😀", got.Rune, ok)
	}
	if _, ok := tr.translate(rawEvent{Kind: rawKeyTyped, Keychar: 0xde00}, at); ok {
		t.Fatal("a lone low surrogate must not make a key")
	}
}

// Each non-modifier key press must become exactly one Key: the conductor
// counts the injector's echo that way.
func TestOneKeyPerPress(t *testing.T) {
	presses := [][]rawEvent{
		{{Kind: rawKeyPressed, Rawcode: 'x'}, {Kind: rawKeyTyped, Rawcode: 'x', Keychar: 'x'}},
		{{Kind: rawKeyPressed, Rawcode: 0xff08}, {Kind: rawKeyTyped, Rawcode: 0xff08, Keychar: 8}},
		{{Kind: rawKeyPressed, Rawcode: 0xff0d}, {Kind: rawKeyTyped, Rawcode: 0xff0d, Keychar: 13}},
		{{Kind: rawKeyPressed, Rawcode: 0xff09}, {Kind: rawKeyTyped, Rawcode: 0xff09, Keychar: 9}},
		{{Kind: rawKeyPressed, Mask: maskCtrlL, Rawcode: 'v'}, {Kind: rawKeyTyped, Mask: maskCtrlL, Keychar: 0x16}},
		{{Kind: rawKeyPressed, Mask: maskShiftL, Rawcode: 0xff63}},
		{{Kind: rawKeyPressed, Rawcode: 0xff51}},
	}
	for i, evs := range presses {
		var tr translator
		n := 0
		for _, ev := range evs {
			if _, ok := tr.translate(ev, time.Time{}); ok {
				n++
			}
		}
		if n != 1 {
			t.Errorf("press %d gave %d keys, want 1", i, n)
		}
	}
}
