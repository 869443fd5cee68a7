// Package yad builds kindly's fill-in dialog on yad (a GTK dialog tool):
// one form for every field of a reply, Tab between fields, Enter to
// accept, Esc to cancel. It only builds the command line and reads the
// answer; a backend runs it and handles the keyboard focus its way (X11
// gives it the focus itself, a Wayland compositor does that on its own).
package yad

import (
	"fmt"
	"strings"

	"github.com/kindly-support/kindly/hooks"
)

// Field and value separators: characters no answer contains.
const (
	sep     = "\x1f"
	itemSep = "\x1e"
)

// Args returns yad's arguments for a form titled title asking for fields.
func Args(title string, fields []hooks.Field) []string {
	args := []string{"--form", "--title=" + title, "--window-icon=edit-paste", "--center", "--on-top",
		"--separator=" + sep, "--item-separator=" + itemSep, "--button=Cancel:1", "--button=Insert:0", "--focus-field=1"}
	var vals []string
	for _, f := range fields {
		label := f.Label
		if label == "" {
			label = f.Name
		}
		label = strings.ReplaceAll(label, ":", "∶") // a ':' would start yad's field type
		switch {
		case f.Check:
			args = append(args, "--field="+label+":CHK")
			vals = append(vals, strings.ToUpper(fmt.Sprint(strings.EqualFold(f.Default, "true"))))
		case len(f.Choices) > 0:
			args = append(args, "--field="+label+":CB")
			items := make([]string, len(f.Choices))
			for i, c := range f.Choices {
				items[i] = c
				if c == f.Default {
					items[i] = "^" + c // yad's mark for the one shown first
				}
			}
			vals = append(vals, strings.Join(items, itemSep))
		case f.Multiline:
			args = append(args, "--field="+label+":TXT")
			vals = append(vals, f.Default)
		default:
			args = append(args, "--field="+label)
			vals = append(vals, f.Default)
		}
	}
	return append(args, vals...)
}

// Values reads what yad printed when the form was accepted: each field's
// answer by name (a tick box "true" or "false", a text box with its line
// breaks back).
func Values(out string, fields []hooks.Field) map[string]string {
	parts := strings.Split(strings.TrimSuffix(out, "\n"), sep)
	values := map[string]string{}
	for i, f := range fields {
		v := ""
		if i < len(parts) {
			v = parts[i]
		}
		switch {
		case f.Check:
			v = fmt.Sprint(v == "TRUE")
		case f.Multiline:
			v = unescape(v)
		}
		values[f.Name] = v
	}
	return values
}

// unescape undoes yad's escaping of text boxes ("\n", "\t", "\\").
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			if r, ok := map[byte]byte{'n': '\n', 't': '\t', '\\': '\\'}[s[i+1]]; ok {
				b.WriteByte(r)
				i++
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return strings.TrimSuffix(b.String(), "\n")
}
