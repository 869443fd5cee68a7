package expander

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ParseKeys reads the `kindly try --keys` notation: text stands for itself,
// a name in braces is a special key ({Backspace}, {enter}, {Left}, {Click}…:
// every Special name, case-insensitive, except Marker), modifiers go before
// the key with '+' ({Ctrl+a}, {ctrl+shift+Left}, {Alt+Tab}, {Ctrl++}), a
// single character in braces is that character, and "{{" is a literal '{'.
// A '}' outside braces is literal. Errors name the 1-based character
// position of the offending brace.
func ParseKeys(s string) ([]Key, error) {
	keys := make([]Key, 0, len(s))
	pos := 0 // characters (runes) read so far
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		pos++
		if r == utf8.RuneError && size == 1 {
			return nil, errors.New("keys: invalid UTF-8 at position " + strconv.Itoa(pos))
		}
		if r != '{' {
			keys = append(keys, Key{Rune: r})
			i += size
			continue
		}
		if strings.HasPrefix(s[i:], "{{") {
			keys = append(keys, Key{Rune: '{'})
			i += 2
			pos++
			continue
		}
		end := strings.IndexByte(s[i+1:], '}')
		if end == 0 && strings.HasPrefix(s[i+1:], "}}") {
			end = 1 // {}} is the key '}'
		}
		if end < 0 {
			return nil, errors.New("keys: unclosed { at position " + strconv.Itoa(pos))
		}
		name := s[i+1 : i+1+end]
		k, problem := parseKeyName(name)
		if problem != "" {
			return nil, errors.New("keys: " + problem + " {" + name + "} at position " + strconv.Itoa(pos))
		}
		keys = append(keys, k)
		pos += utf8.RuneCountInString(name) + 1
		i += end + 2
	}
	return keys, nil
}

// parseKeyName reads "Backspace", "a", "Ctrl+Shift+Left", "Ctrl++", or
// says what is wrong with name.
func parseKeyName(name string) (Key, string) {
	var k Key
	key, mods := name, ""
	switch {
	case name == "+":
	case strings.HasSuffix(name, "++"):
		key, mods = "+", name[:len(name)-2]
	default:
		if i := strings.LastIndexByte(name, '+'); i >= 0 {
			key, mods = name[i+1:], name[:i]
		}
	}
	if mods != "" {
		for m := range strings.SplitSeq(mods, "+") {
			bit, ok := modByName(m)
			if !ok {
				return Key{}, "unknown modifier " + strconv.Quote(m) + " in"
			}
			k.Mods |= bit
		}
	}
	if key == "" {
		return Key{}, "missing key in"
	}
	if r, size := utf8.DecodeRuneInString(key); size == len(key) && r != utf8.RuneError {
		k.Rune = r
		return k, ""
	}
	sp, ok := SpecialByName(key)
	switch {
	case !ok:
		return Key{}, "unknown key"
	case sp == Marker:
		return Key{}, "marker cannot be typed:"
	}
	k.Special = sp
	return k, ""
}

func modByName(s string) (Mods, bool) {
	switch strings.ToLower(s) {
	case "shift":
		return Shift, true
	case "ctrl", "control":
		return Ctrl, true
	case "alt", "option":
		return Alt, true
	case "meta", "super", "cmd", "win":
		return Meta, true
	}
	return 0, false
}
