package format

import (
	"html"
	"strings"

	"github.com/kindly-support/kindly/snippets/placeholder"
)

// Escape returns value written so that a reply of kind k shows it literally:
// a customer name holding *, _ or < cannot start emphasis, a link or a tag.
// Line breaks stay line breaks. Plain values are returned as they are.
//
// In markdown, the characters that can open formatting are backslash-escaped
// (\ ` * _ [ ] < > # ~ | &, and -, +, = or "1." at the start of a line), and
// the characters URLs need (: / . ? = %) are left alone, so a profile value
// such as {{help_center}} still works as a link destination and is still
// linked when it stands alone.
func Escape(k Kind, value string) string {
	value = strings.ReplaceAll(value, Caret, "")
	switch k {
	case Markdown:
		return escapeMarkdown(value)
	case HTML:
		return strings.ReplaceAll(html.EscapeString(value), "\n", "<br>\n")
	}
	return value
}

func escapeMarkdown(v string) string {
	var b strings.Builder
	lineStart := true
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case strings.IndexByte("\\`*_[]<>#~|&", c) >= 0:
			b.WriteByte('\\')
		case lineStart && (c == '-' || c == '+' || c == '='):
			b.WriteByte('\\')
		case lineStart && c >= '0' && c <= '9':
			// "12." or "12)" at a line's start would begin a numbered list.
			j := i
			for j < len(v) && v[j] >= '0' && v[j] <= '9' {
				j++
			}
			b.WriteString(v[i:j])
			if j < len(v) && (v[j] == '.' || v[j] == ')') {
				b.WriteByte('\\')
			}
			i = j - 1
			lineStart = false
			continue
		}
		b.WriteByte(c)
		switch {
		case c == '\n':
			lineStart = true
		case c == ' ' || c == '\t':
			// indentation: still the line's start
		default:
			lineStart = false
		}
	}
	return b.String()
}

// Render renders a parsed reply of kind k with env (every value from outside
// the library escaped for k) and converts it: the formatted HTML, its twin,
// and the caret's place in each.
func Render(k Kind, tpl *placeholder.Template, env placeholder.Env) (Reply, error) {
	if k != Plain {
		env.Escape = func(v string) string { return Escape(k, v) }
	}
	src, caret, err := tpl.Render(env)
	if err != nil {
		return Reply{}, err
	}
	if k == Plain {
		return Reply{Text: src, Left: caret}, nil
	}
	if caret > 0 && !strings.Contains(src, Caret) {
		src = withCaret(src, caret)
	}
	return Convert(k, src), nil
}

// withCaret puts Caret caretFromEnd characters before the end of src.
func withCaret(src string, caretFromEnd int) string {
	r := []rune(src)
	at := max(0, len(r)-caretFromEnd)
	return string(r[:at]) + Caret + string(r[at:])
}
