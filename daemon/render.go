package daemon

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"github.com/kindly-support/kindly/cmd"
	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/hooks"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/placeholder"
)

// compile turns a library into the engine's rules. A reply without
// placeholders is rendered once here (escapes undone, the caret marked) and
// fires from the engine's pre-rendered index; a reply with placeholders is
// kept as a template and rendered when it fires.
func compile(lib *snippets.Library) ([]expander.Rule, []*placeholder.Template) {
	rules := cmd.Rules(lib)
	dynamic := make([]*placeholder.Template, len(rules))
	for i, s := range lib.Snippets {
		t, errs := placeholder.Parse(s.Replace)
		if len(errs) > 0 {
			continue // kindly check reports it; the reply is typed as written
		}
		if renderedAtFire(&lib.Snippets[i], t.Static()) {
			dynamic[i] = t
			continue
		}
		text, caret, err := t.Render(placeholder.Env{})
		if err != nil {
			continue
		}
		rules[i].Replace = placeholder.MarkCaret(s.Replace, text, caret)
	}
	return rules, dynamic
}

// renderer renders replies with placeholders when they fire: it asks the
// agent for the fill-ins in one dialog and never types a half-filled reply.
type renderer struct {
	disp    hooks.Display
	lib     *library
	profile map[string]string
	logf    func(string, ...any)
	now     func() time.Time
	// plain reports whether the focused app is set `rich: false` (nil: no
	// app is): it gets formatted replies as their plain twin.
	plain func() bool
}

// prepare is the conductor's Prepare hook.
func (r *renderer) prepare(e expander.Edit, f expander.Fired) (expander.Edit, bool, time.Time) {
	if f.Rule >= len(r.lib.dynamic) || r.lib.dynamic[f.Rule] == nil {
		return e, true, time.Time{}
	}
	t := r.lib.dynamic[f.Rule]
	env := placeholder.Env{
		Profile:   r.profile,
		Now:       r.now,
		Location:  time.Local,
		Clipboard: r.disp.ClipboardText,
		Include: func(trigger string) (string, bool) {
			if s, ok := r.lib.find(trigger); ok {
				return s.Replace, true
			}
			return "", false
		},
	}
	var until time.Time
	if fields := t.Fields(env); len(fields) > 0 {
		values, ok, err := r.disp.Ask(f.Trigger, dialogFields(fields))
		until = r.now()
		if err != nil {
			r.notify(fmt.Sprintf("%s: %v", f.Trigger, err))
			return e, false, until
		}
		if !ok {
			return e, false, until // Esc: the abbreviation stays as typed
		}
		env.Values = values
	}
	rd, err := r.lib.snippets[f.Rule].Render(env)
	if err != nil {
		var missing *placeholder.MissingError
		if errors.As(err, &missing) {
			r.notify(fmt.Sprintf("%s not expanded: no value for %s", f.Trigger, strings.Join(missing.Names, ", ")))
		} else {
			r.notify(fmt.Sprintf("%s not expanded: %v", f.Trigger, err))
		}
		return e, false, until
	}
	return formattedEdit(e, rd, f, r.plain == nil || !r.plain()), true, until
}

// notify tells the agent why a reply was not expanded (desktop notification
// when there is one) and logs it. It never includes typed text: only the
// trigger and field names from the library.
func (r *renderer) notify(msg string) {
	r.logf("%s", msg)
	if p, err := exec.LookPath("notify-send"); err == nil {
		exec.Command(p, "--app-name=kindly", "kindly", msg).Start()
	}
}

// dialogFields maps template fields to the dialog's.
func dialogFields(fs []placeholder.Field) []hooks.Field {
	out := make([]hooks.Field, len(fs))
	for i, f := range fs {
		h := hooks.Field{Name: f.Name, Label: f.Label, Default: f.Default, Choices: f.Choices}
		switch f.Kind {
		case placeholder.Multiline:
			h.Multiline = true
		case placeholder.Toggle:
			h.Check = true
			if on, ok := placeholder.ParseToggle(f.Default); ok && on {
				h.Default = "true"
			} else {
				h.Default = "false"
			}
		}
		if h.Label == "" {
			h.Label = strings.ReplaceAll(f.Name, "_", " ")
		}
		out[i] = h
	}
	return out
}
