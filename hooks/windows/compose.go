package windows

import "golang.org/x/text/unicode/norm"

// deadMarks maps the character a dead key shows on its own to the
// combining mark it puts on the next letter.
var deadMarks = map[rune]rune{
	'`': 0x300, '´': 0x301, '\'': 0x301, '^': 0x302, '~': 0x303, '¯': 0x304,
	'˘': 0x306, '˙': 0x307, '¨': 0x308, '"': 0x308, '˚': 0x30A, '°': 0x30A,
	'˝': 0x30B, 'ˇ': 0x30C, '¸': 0x327, '˛': 0x328,
}

// compose returns the character a dead key (shown as dead) and the next key
// (r) give together, and false when they do not combine (Windows then types
// both: the dead key's own character, then r).
func compose(dead, r rune) (rune, bool) {
	if r == ' ' {
		return dead, true
	}
	m, ok := deadMarks[dead]
	if !ok {
		return 0, false
	}
	s := []rune(norm.NFC.String(string([]rune{r, m})))
	if len(s) != 1 {
		return 0, false
	}
	return s[0], true
}
