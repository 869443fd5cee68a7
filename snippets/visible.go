package snippets

import (
	"fmt"
	"strings"
	"unicode"
)

// Whitespace a trigger may end with: the keys Space, Tab and Enter, which
// complete it like any other character ("\\alpha " expands when Space is
// pressed after it).
const trailingKeys = " \t\n"

// VisibleTrigger spells a trigger so that every character can be seen: a
// space becomes "␠", a Tab `\t`, a newline `\n`, other invisible characters
// their \u escape. Listings and messages print triggers this way, so that
// "\\fr " and "\\fr" never look alike.
func VisibleTrigger(t string) string {
	if !strings.ContainsFunc(t, invisible) {
		return t
	}
	var b strings.Builder
	for _, r := range t {
		switch {
		case r == ' ':
			b.WriteString("␠")
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case invisible(r):
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// QuoteTrigger is VisibleTrigger in double quotes, for messages.
func QuoteTrigger(t string) string { return `"` + VisibleTrigger(t) + `"` }

// invisible reports whether r prints as nothing or as blank space.
func invisible(r rune) bool {
	return unicode.IsSpace(r) || !unicode.IsPrint(r)
}
