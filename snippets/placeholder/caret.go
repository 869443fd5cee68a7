package placeholder

import (
	"strings"
	"unicode/utf8"
)

// MarkCaret turns a rendering of reply (text, with the caret caretFromEnd
// characters before its end) into a reply for the engine's index: text with
// CaretMarker where the caret goes, when reply has a caret at all
// ({{cursor}} or $|$; at the very end Render reports 0, as for none).
func MarkCaret(reply, text string, caretFromEnd int) string {
	if caretFromEnd == 0 && !strings.Contains(reply, CaretMarker) && !strings.Contains(reply, "{{cursor}}") {
		return text
	}
	cut := len(text)
	for n := caretFromEnd; n > 0 && cut > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(text[:cut])
		cut -= size
	}
	return text[:cut] + CaretMarker + text[cut:]
}
