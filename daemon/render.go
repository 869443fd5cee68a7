package daemon

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/hooks"
	"github.com/kindly-support/kindly/reply"
	"github.com/kindly-support/kindly/snippets/placeholder"
)

// renderer is the Core's Prepare: it renders replies with placeholders when
// they fire and never types a half-filled reply. Fill-ins are asked in one
// dialog, off the engine's goroutine.
type renderer struct {
	set       *reply.Set // the library in force (replaced on reload)
	ask       func(title string, fields []hooks.Field) (hooks.Answer, error)
	clipboard func() (string, error)
	now       func() time.Time
	logf      func(string, ...any)
	// notify shows a notice where the agent looks (nil: the log only).
	notify func(title, msg string)
	// remember saves a profile value the agent gave in a fill-in and
	// ticked Remember for (nil: no tick box).
	remember func(key, value string) error
	// rich reports whether the focused app takes formatted replies (false:
	// it is set `rich: false` and gets their plain twin; nil: every app does).
	rich func() bool
}

var errNoClipboard = errors.New("this desktop gives kindly no clipboard")

// prepare is the core's Prepare hook.
func (r *renderer) prepare(e expander.Edit, f expander.Fired) expander.Prepared {
	set := r.set
	t := set.Template(f.Rule)
	if t == nil {
		return expander.Prepared{Edit: e}
	}
	clip := r.clipboard
	if clip == nil {
		clip = func() (string, error) { return "", errNoClipboard }
	}
	env := set.Env(r.now, clip)
	rich := r.rich == nil || r.rich() // the app the trigger was typed in
	fields := askable(t.Fields(env))
	if len(fields) == 0 {
		out, err := set.Finish(t, env, e, f, rich)
		if err != nil {
			r.tell(f, err)
			return expander.Prepared{Skip: true}
		}
		return expander.Prepared{Edit: out}
	}
	if r.ask == nil {
		r.tell(f, errors.New("this desktop has no fill-in dialog"))
		return expander.Prepared{Skip: true}
	}
	title := "Fill in " + f.Trigger
	if s := set.Snippets[f.Rule]; s.Label != "" {
		title = fmt.Sprintf("Fill in %s (%s)", f.Trigger, s.Label)
	}
	asked := dialogFields(fields)
	if r.remember != nil {
		asked = withRemember(asked)
	}
	return expander.Prepared{Ask: func() expander.Answered {
		ans, err := r.ask(title, asked)
		a := expander.Answered{Focused: ans.Focused, Closed: ans.Closed}
		if err != nil {
			r.tell(f, err)
			return a
		}
		if !ans.OK {
			return a // Esc: the abbreviation stays as typed
		}
		env.Values = r.remembered(ans.Values)
		out, err := set.Finish(t, env, e, f, rich)
		if err != nil {
			r.tell(f, err)
			return a
		}
		a.Edit, a.OK = out, true
		return a
	}}
}

// tell says why a reply was not expanded: in the log, and where the agent
// looks when there is a notifier, naming the reply, what is missing and the
// fix. It never includes typed text: only the trigger, label and field
// names from the library.
func (r *renderer) tell(f expander.Fired, err error) {
	r.logf("%s not expanded: %v", f.Trigger, err)
	if r.notify != nil {
		label := ""
		if f.Rule >= 0 && f.Rule < len(r.set.Snippets) {
			label = r.set.Snippets[f.Rule].Label
		}
		r.notify(blockedNotice(f.Trigger, label, err))
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
