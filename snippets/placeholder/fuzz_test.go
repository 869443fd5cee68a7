package placeholder

import (
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzParse checks that Parse never panics, that every error points inside
// the reply with a consistent line and column, and that a reply without
// errors renders (or fails cleanly) with a full environment, the caret
// inside the text.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"Hi {{customer|there}},\n\n{{> ;sig}}",
		`{{plan:Basic|Pro|"Enter|prise"}} {{date +2bd "Monday, January 2"}} {{time -30min}}`,
		`{{#refund "Include refund details" on}}{{multiline notes|}}{{/refund}}`,
		`\{{literal}} {{"{{"}} $|$ {{random:a|b}} {{clipboard|none}}`,
		"{{", "}}", "{{}}", "{{#a}}{{/b}}", `{{x|"`, "{{> ;a}}", "{{cursor}}{{cursor}}",
	} {
		f.Add(s)
	}
	env := testEnv()
	env.Values = map[string]string{"customer": "Maria", "plan": "Pro", "refund": "yes", "a": "no"}
	f.Fuzz(func(t *testing.T, reply string) {
		tpl, errs := Parse(reply)
		if tpl == nil {
			t.Fatal("nil template")
		}
		for _, e := range errs {
			if e.Offset < 0 || e.Offset > len(reply) {
				t.Fatalf("error %q at offset %d outside the reply (%d bytes)", e.Msg, e.Offset, len(reply))
			}
			if utf8.ValidString(reply) && !utf8.RuneStart(reply[min(e.Offset, len(reply)-1)]) && e.Offset < len(reply) {
				t.Fatalf("error %q at offset %d inside a character", e.Msg, e.Offset)
			}
			if l, c := Position(reply, e.Offset); l != e.Line || c != e.Col || l < 1 || c < 1 {
				t.Fatalf("error %q at offset %d says %d:%d, is %d:%d", e.Msg, e.Offset, e.Line, e.Col, l, c)
			}
			if e.Msg == "" {
				t.Fatal("error without a message")
			}
		}
		for _, r := range tpl.Refs() {
			if r.Offset < 0 || r.Offset >= len(reply) || reply[r.Offset:r.Offset+2] != "{{" {
				t.Fatalf("ref %+v does not point at {{", r)
			}
		}
		_ = tpl.Fields(env)
		_ = tpl.Static()
		if len(errs) > 0 {
			return
		}
		text, caret, err := tpl.Render(env)
		if err != nil {
			if text != "" {
				t.Fatalf("text %q with error %v", text, err)
			}
			return
		}
		if caret < 0 || caret > utf8.RuneCountInString(text) {
			t.Fatalf("caret %d outside %q", caret, text)
		}
		if tpl.Static() {
			again, _, err := tpl.Render(Env{Now: func() time.Time { return time.Time{} }})
			if err != nil || again != text {
				t.Fatalf("static template renders %q, %v without an env, %q with one", again, err, text)
			}
		}
	})
}
