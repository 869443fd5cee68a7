// Package termtext makes text from a library or a team pack safe to show on
// a terminal. A reply, a label or a pack's title can hold escape sequences
// (ESC [ 8 m hides what follows, ESC ] 0 ; … sets the window title, ESC [ 2 K
// and a carriage return wipe the line) and bidirectional overrides that
// reorder what is shown. Printed raw, they let a pack update hide the words
// it will type from the person reviewing it. [Visible] writes every such
// character as a visible escape instead, so what is shown is every
// character that will be typed.
package termtext

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Visible returns s with every control character (C0 other than line feed
// and tab, DEL, C1), bidirectional control, invisible separator and invalid
// byte written as a Go-style escape: ESC as \x1b, CR as \r, U+202E as
// \u202e, an invalid byte as \xff. Text without them is returned as it is.
func Visible(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\r':
			b.WriteString(`\r`)
		case hidden(r) && r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		case hidden(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// Line is Visible for one line of output: line feeds and tabs are escaped
// too (\n, \t), so the text cannot start a line of its own.
func Line(s string) string {
	return strings.NewReplacer("\n", `\n`, "\t", `\t`).Replace(Visible(s))
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 || r == '\r' || hidden(r) {
			return true
		}
		i += n
	}
	return false
}

// hidden reports whether r changes what a terminal shows instead of being
// shown: controls, bidirectional controls and invisible separators.
func hidden(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true // bidirectional marks, embeddings, overrides, isolates
	case r == 0x2028 || r == 0x2029 || r == 0xfeff || r == 0x200b:
		return true // line/paragraph separators, byte order mark, zero-width space
	}
	return false
}
