package expander

import (
	"strings"
	"testing"
)

func TestParseKeys(t *testing.T) {
	got, err := ParseKeys("a{Backspace}{enter}{TAB}{{}{Ctrl+a}{ctrl+shift+Left}{Ctrl++}{}}{Other}é{x}")
	if err != nil {
		t.Fatal(err)
	}
	want := []Key{
		{Rune: 'a'}, {Special: Backspace}, {Special: Enter}, {Special: Tab}, {Rune: '{'}, {Rune: '}'},
		{Rune: 'a', Mods: Ctrl}, {Special: Left, Mods: Ctrl | Shift}, {Rune: '+', Mods: Ctrl},
		{Rune: '}'}, {Special: OtherKey}, {Rune: 'é'}, {Rune: 'x'},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d keys %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("key %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestParseKeysEverySpecial(t *testing.T) {
	for sp := Backspace; sp <= OtherKey; sp++ {
		keys, err := ParseKeys("{" + strings.ToLower(sp.String()) + "}")
		if sp == Marker {
			if err == nil {
				t.Error("{marker} parsed")
			}
			continue
		}
		if err != nil || len(keys) != 1 || keys[0].Special != sp {
			t.Errorf("%s: %+v %v", sp, keys, err)
		}
	}
}

func TestParseKeysErrors(t *testing.T) {
	for in, want := range map[string]string{
		"ab{Bakspace}":  `keys: unknown key {Bakspace} at position 3`,
		"é{Ctrl+":       `keys: unclosed { at position 2`,
		"{Hyper+a}":     `keys: unknown modifier "Hyper" in {Hyper+a} at position 1`,
		"xx{}":          `keys: missing key in {} at position 3`,
		"{Ctrl+}":       `keys: missing key in {Ctrl+} at position 1`,
		"{{x{Marker}":   `keys: marker cannot be typed: {Marker} at position 4`,
		"ok\xff":        `keys: invalid UTF-8 at position 3`,
		"{Left}{Lefty}": `keys: unknown key {Lefty} at position 7`,
	} {
		_, err := ParseKeys(in)
		if err == nil || err.Error() != want {
			t.Errorf("ParseKeys(%q) = %v, want %s", in, err, want)
		}
	}
}

func TestScreen(t *testing.T) {
	for _, c := range []struct {
		keys, text string
		caret      int
	}{
		{"hello", "hello", 5},
		{"helo{Left}l", "hello", 4},
		{"ab{Backspace}c", "ac", 2},
		{"abc{Left}{Left}{Delete}", "ac", 1},
		{"abc{Home}x", "xabc", 1},
		{"ab{Enter}cd{Home}x{End}y", "ab\nxcdy", 7},
		{"ab{Enter}cd{Left}{Left}{Left}{Home}x", "xab\ncd", 1},
		{"a{Tab}b", "a\tb", 3},
		{"{Left}{Backspace}{Delete}{Right}", "", 0},
		{"ab{Right}{Right}", "ab", 2},
		{"ab{Ctrl+a}{Escape}{Click}{Up}{PageDown}{Window}{Insert}{Other}", "ab", 2},
		{"é🎉{Left}x", "éx🎉", 2},
	} {
		keys, err := ParseKeys(c.keys)
		if err != nil {
			t.Fatal(err)
		}
		var s Screen
		for _, k := range keys {
			s.Type(k)
		}
		if s.Text() != c.text || s.Caret() != c.caret {
			t.Errorf("%q: got %q caret %d, want %q caret %d", c.keys, s.Text(), s.Caret(), c.text, c.caret)
		}
	}
}

func TestScreenApply(t *testing.T) {
	var s Screen
	for _, r := range "x;tyz" {
		s.Type(Key{Rune: r})
	}
	s.Type(Key{Special: Left})
	s.Apply(Edit{Delete: 3, Insert: "Thank $you", Left: 3})
	if s.Text() != "xThank $youz" || s.Caret() != 8 {
		t.Errorf("got %q caret %d", s.Text(), s.Caret())
	}
	s.Apply(Edit{Delete: 100, Left: 100}) // clamped
	if s.Text() != "youz" || s.Caret() != 0 {
		t.Errorf("got %q caret %d", s.Text(), s.Caret())
	}
}

// FuzzParseKeys: never panics, and text without braces is its own keys.
func FuzzParseKeys(f *testing.F) {
	for _, s := range []string{"hello ;ty{Backspace}", "{{", "{Ctrl++}{}}", "{ctrl+shift+Left}é", "{", "{Marker}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		keys, err := ParseKeys(s)
		if err != nil || strings.ContainsRune(s, '{') {
			return
		}
		if want := []rune(s); len(keys) != len(want) {
			t.Fatalf("%q: %d keys, want %d", s, len(keys), len(want))
		}
	})
}
