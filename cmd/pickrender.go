package cmd

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kindly-support/kindly/reply"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/placeholder"
	"github.com/kindly-support/kindly/snippets/profile"
)

// renderPicked renders the reply of trigger as the daemon would insert it
// from the search hotkey: profile values, dates, the clipboard, includes,
// and fill-ins asked on the terminal (one question each). The caret marker
// is dropped. It never returns a reply with placeholders left in it: a
// value nobody gave is an error naming it.
func renderPicked(d *Deps, lib *snippets.Library, trigger string) (string, error) {
	prof, err := d.profile()
	if err != nil {
		return "", err
	}
	set := reply.Compile(lib, prof)
	edit, fired, ok := set.Picked(trigger)
	if !ok {
		return "", fmt.Errorf("no reply for %s", trigger)
	}
	t := set.Template(fired.Rule)
	if t == nil {
		return edit.Insert, nil
	}
	env := set.Env(d.Now, func() (string, error) { return readClipboard(d) })
	values := map[string]string{}
	if d.IO.InTTY {
		fmt.Fprintf(d.IO.Err, "%s needs a few details:\n", trigger)
		var fields []placeholder.Field
		for _, f := range t.Fields(env) {
			// A profile value with a fallback ({{help_center|…}}) is not
			// asked, as in the hotkey's dialog.
			if !(profile.Standard(f.Name) && !f.Required && f.Kind == placeholder.Text) {
				fields = append(fields, f)
			}
		}
		if err := ask(d, fields, values); err != nil {
			return "", err
		}
	}
	env.Values = values
	out, err := set.Finish(t, env, edit, fired, false) // the plain text: the clipboard gets text
	var missing *reply.MissingError
	if errors.As(err, &missing) {
		var sets []string
		for _, n := range missing.Names {
			sets = append(sets, "--set "+n+"=…")
		}
		return "", fmt.Errorf("%s has no value for %s: pick it on a terminal to be asked, or use 'kindly expand %s %s'",
			trigger, strings.Join(missing.Names, ", "), trigger, strings.Join(sets, " "))
	}
	if err != nil {
		return "", err
	}
	return out.Insert, nil
}

// noteUnsetProfile says, after `kindly try` showed a reply, which profile
// values it showed as "[agent]" because the profile lacks them, and the
// command that sets each: the playground is where a newcomer first sees it.
func noteUnsetProfile(d *Deps, shown string) {
	prof, err := d.profile()
	if err != nil {
		return
	}
	for _, k := range profile.StandardKeys() {
		if strings.Contains(shown, "["+k+"]") && strings.TrimSpace(prof[k]) == "" {
			fmt.Fprintf(d.IO.Err, "[%s] is %s, which your profile does not have yet: %s\n", k, profile.Describe(k), profile.SetCommand(k))
		}
	}
}
