// Package reply turns a library into what the engine fires and renders a
// reply when it fires. It is the one place where snippets become
// expander.Rules (for the daemon, `kindly try`, `kindly pick` and the search
// hotkey alike): a reply without placeholders is rendered once at load (escapes
// undone, the caret marked) and fires from the engine's pre-rendered index; a
// reply with placeholders is kept as a template and rendered when it fires,
// with the profile, the clock, the clipboard and the agent's fill-ins.
//
// A formatted reply (markdown:, html:) or an image reply is always rendered
// when it fires: the index holds its plain twin, and the edit gets the HTML
// (or the image) beside it (see snippets/format).
package reply

import (
	"errors"
	"strings"
	"time"

	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/format"
	"github.com/kindly-support/kindly/snippets/placeholder"
)

// Set is a library compiled for the engine: immutable once built, so a
// reload builds a new one and swaps it in.
type Set struct {
	Index    *expander.Index
	Snippets []snippets.Snippet
	// Rules are what Index was built from, one per snippet in library
	// order, so expander.Fired.Rule indexes Snippets.
	Rules   []expander.Rule
	Profile map[string]string
	dynamic []*placeholder.Template // per rule: the template of a reply with placeholders, else nil
}

// Rules turns a library into the engine's rules as written (no placeholder
// rendered): one Rule per snippet, in library order.
func Rules(lib *snippets.Library) []expander.Rule {
	if lib == nil {
		return nil
	}
	rules := make([]expander.Rule, len(lib.Snippets))
	for i, s := range lib.Snippets {
		rules[i] = expander.Rule{
			Triggers:      append([]string(nil), s.Triggers...),
			Replace:       ruleReply(&lib.Snippets[i]),
			Word:          s.Word,
			PropagateCase: s.PropagateCase,
		}
	}
	return rules
}

// Compile builds the Set of lib with the agent's profile values.
func Compile(lib *snippets.Library, profile map[string]string) *Set {
	rules := Rules(lib)
	set := &Set{Rules: rules, Profile: profile, dynamic: make([]*placeholder.Template, len(rules))}
	if lib != nil {
		set.Snippets = lib.Snippets
	}
	for i, s := range set.Snippets {
		t, errs := placeholder.Parse(s.Replace)
		if len(errs) > 0 {
			continue // kindly check reports it; the reply is typed as written
		}
		if !t.Static() || s.Format != format.Plain || s.ImagePath != "" {
			set.dynamic[i] = t
			continue
		}
		text, caret, err := t.Render(placeholder.Env{})
		if err != nil {
			continue
		}
		rules[i].Replace = placeholder.MarkCaret(s.Replace, text, caret)
	}
	set.Index = expander.NewIndex(rules)
	return set
}

// Empty is a Set with no replies.
func Empty() *Set { return Compile(nil, nil) }

// Find returns the rule number of trigger.
func (s *Set) Find(trigger string) (int, bool) {
	for i := range s.Snippets {
		for _, t := range s.Snippets[i].Triggers {
			if t == trigger {
				return i, true
			}
		}
	}
	return 0, false
}

// Template returns the template of rule i when its reply has placeholders
// (nil: the rule's Replace is final).
func (s *Set) Template(i int) *placeholder.Template {
	if i < 0 || i >= len(s.dynamic) {
		return nil
	}
	return s.dynamic[i]
}

// Picked is the edit and Fired that insert the reply of trigger where no
// trigger was typed (the search picker): the reply as the engine would
// insert it; a reply with placeholders is rendered by Prepare on the way.
func (s *Set) Picked(trigger string) (expander.Edit, expander.Fired, bool) {
	i, ok := s.Find(trigger)
	if !ok {
		return expander.Edit{}, expander.Fired{}, false
	}
	text, left, _ := expander.SplitCaret(s.Rules[i].Replace)
	return expander.Edit{Insert: text, Left: left}, expander.Fired{Rule: i, Trigger: trigger}, true
}

// Env is the placeholder environment of this set: its profile, includes
// from its replies, now and clipboard as given.
func (s *Set) Env(now func() time.Time, clipboard func() (string, error)) placeholder.Env {
	return placeholder.Env{
		Profile:   s.Profile,
		Now:       now,
		Location:  time.Local,
		Clipboard: clipboard,
		Include: func(trigger string) (string, bool) {
			if i, ok := s.Find(trigger); ok {
				return s.Snippets[i].Replace, true
			}
			return "", false
		},
	}
}

// MissingError is Finish's error for fill-ins and profile values left
// without a value and without a fallback: the reply does not go out half
// filled. Names are in the order the reply uses them.
type MissingError struct{ Names []string }

func (e *MissingError) Error() string { return "no value for " + strings.Join(e.Names, ", ") }

// Finish renders template t with env and shapes it into e, the edit of f:
// the typed trigger's case, a word trigger's separator, the caret.
func Finish(t *placeholder.Template, env placeholder.Env, e expander.Edit, f expander.Fired) (expander.Edit, error) {
	text, caret, err := t.Render(env)
	if err != nil {
		var missing *placeholder.MissingError
		if errors.As(err, &missing) {
			return e, &MissingError{Names: missing.Names}
		}
		return e, err
	}
	text = f.Case.Shape(text)
	e.Insert, e.Left = text, caret
	if f.Sep != 0 {
		e.Insert += string(f.Sep)
		if caret > 0 {
			e.Left++
		}
	}
	return e, nil
}

// previewEnv is the environment of a quick look at template t: each
// fill-in's fallback (or default choice), "[name]" for a value nobody gave,
// "[clipboard]" for the clipboard.
func (s *Set) previewEnv(t *placeholder.Template, now func() time.Time) placeholder.Env {
	env := s.Env(now, func() (string, error) { return "[clipboard]", nil })
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
	return env
}

// PreviewHTML is rule i's formatted reply as a help-desk editor would get
// it, placeholders rendered as Preview renders them (ok false: the reply is
// not formatted, or does not render).
func (s *Set) PreviewHTML(i int, now func() time.Time) (string, bool) {
	t := s.Template(i)
	if t == nil || s.Snippets[i].Format == format.Plain {
		return "", false
	}
	r, err := s.Snippets[i].Render(s.previewEnv(t, now))
	return r.HTML, err == nil && r.HTML != ""
}

// Preview returns the set's rules with placeholders rendered the way a quick
// look wants them, without asking anything: profile values, each fill-in's
// fallback (or its default choice), "[name]" for a value nobody gave, the
// date from now, "[clipboard]" for the clipboard. `kindly try` uses it.
func (s *Set) Preview(now func() time.Time) []expander.Rule {
	rules := append([]expander.Rule(nil), s.Rules...)
	for i, t := range s.dynamic {
		if t == nil {
			continue
		}
		r, err := s.Snippets[i].Render(s.previewEnv(t, now)) // a formatted reply: its plain twin
		if err != nil || s.Snippets[i].ImagePath != "" {
			continue
		}
		rules[i].Replace = placeholder.MarkCaret(s.Snippets[i].Replace, r.Text, r.Left)
	}
	return rules
}
