package daemon

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kindly-support/kindly/hooks"
	"github.com/kindly-support/kindly/reply"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/placeholder"
	"github.com/kindly-support/kindly/snippets/profile"
)

// blockedNotice words why a reply was not expanded for the agent: which
// reply (trigger and label), what is missing and how to fix it. It holds
// only names from the library and the profile's keys, never typed text.
func blockedNotice(trigger, label string, err error) (title, body string) {
	trigger = snippets.VisibleTrigger(trigger) // a trailing space shows as ␠
	which := trigger
	if label != "" {
		which = fmt.Sprintf("%s (%s)", trigger, label)
	}
	title = "kindly: " + trigger + " not expanded"
	var missing *reply.MissingError
	if !errors.As(err, &missing) {
		return title, fmt.Sprintf("%s was not expanded: %v.", which, err)
	}
	var needs, fixes []string
	for _, n := range missing.Names {
		if profile.Standard(n) {
			needs = append(needs, fmt.Sprintf("%s ({{%s}}), which your profile does not have", profile.Describe(n), n))
			fixes = append(fixes, profile.SetCommand(n))
		} else {
			needs = append(needs, fmt.Sprintf("a value for %s, which has no fallback", n))
		}
	}
	body = fmt.Sprintf("%s needs %s.", which, strings.Join(needs, "; and "))
	if len(fixes) > 0 {
		body += " Fix: run " + strings.Join(fixes, " and ") + ", or fill it in and tick Remember."
	} else {
		body += " Fill it in when the dialog asks."
	}
	return title, body
}

// rememberPrefix names the dialog's tick boxes that offer to save a
// profile value: "remember:agent" goes with the field "agent".
const rememberPrefix = "remember:"

// withRemember adds, after each field for a profile key (agent, company,
// team, signature), a tick box that saves the answer to the profile, ticked.
func withRemember(fs []hooks.Field) []hooks.Field {
	var out []hooks.Field
	for _, f := range fs {
		out = append(out, f)
		if profile.Standard(f.Name) {
			out = append(out, hooks.Field{Name: rememberPrefix + f.Name, Check: true, Default: "true",
				Label: "Remember " + profile.Describe(f.Name) + " (saved to your profile)"})
		}
	}
	return out
}

// remembered saves the profile values whose Remember box is ticked and
// returns the answers without the tick boxes. A value that cannot be saved
// is still used for this reply, and the log says why it was not kept.
func (r *renderer) remembered(values map[string]string) map[string]string {
	out := make(map[string]string, len(values))
	for k, v := range values {
		if !strings.HasPrefix(k, rememberPrefix) {
			out[k] = v
		}
	}
	for k, v := range values {
		key, ok := strings.CutPrefix(k, rememberPrefix)
		if !ok || v != "true" || strings.TrimSpace(out[key]) == "" || r.remember == nil {
			continue
		}
		if err := r.remember(key, out[key]); err != nil {
			r.logf("remember %s: %v", key, err)
			continue
		}
		r.logf("remembered %s in the profile", key)
	}
	return out
}

// pauseNotice is what the agent sees when the pause hotkey (key) toggles
// expansion: the pause is otherwise invisible.
func pauseNotice(paused bool, key string) (title, body string) {
	if paused {
		return "kindly paused", "Triggers are not expanded until you press " + key + " again (or run kindly resume)."
	}
	return "kindly resumed", "Triggers expand again."
}

// askable leaves out of the fill-in dialog the profile values that have a
// fallback ({{help_center|https://help.example.com}}): they are the agent's
// once-for-all settings, not something to answer for each customer, so the
// fallback is used until the profile sets them. The starter replies then
// ask for at most the customer's name.
func askable(fs []placeholder.Field) []placeholder.Field {
	out := fs[:0:0]
	for _, f := range fs {
		if profile.Standard(f.Name) && !f.Required && f.Kind == placeholder.Text {
			continue
		}
		out = append(out, f)
	}
	return out
}
