package cmd

import (
	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/placeholder"
	"github.com/kindly-support/kindly/snippets/profile"
)

// previewRules is Rules with placeholders rendered the way a quick look
// wants them, without asking anything: profile values, each fill-in's
// fallback (or its default choice), "[name]" for a value nobody gave, the
// date from d.Now, "[clipboard]" for the clipboard; formatted replies as
// their plain twin. `kindly try` uses it.
func (d *Deps) previewRules(lib *snippets.Library) []expander.Rule {
	rules := Rules(lib)
	prof, _ := profile.Load(d.Home())
	find := func(trigger string) (string, bool) {
		if s, ok := lib.Find(trigger); ok {
			return s.Replace, true
		}
		return "", false
	}
	for i, s := range lib.Snippets {
		t, errs := placeholder.Parse(s.Replace)
		if len(errs) > 0 {
			continue
		}
		env := placeholder.Env{Profile: prof, Now: d.Now, Include: find,
			Clipboard: func() (string, error) { return "[clipboard]", nil }}
		values := map[string]string{}
		for _, f := range t.Fields(env) {
			switch {
			case f.Default != "":
				values[f.Name] = f.Default
			case f.Required:
				values[f.Name] = "[" + f.Name + "]"
			}
		}
		env.Values = values
		r, err := lib.Snippets[i].Render(env)
		if err != nil || s.ImagePath != "" {
			continue
		}
		rules[i].Replace = placeholder.MarkCaret(s.Replace, r.Text, r.Left)
	}
	return rules
}
