package reply

import (
	"reflect"
	"testing"
	"time"

	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/snippets"
)

func TestRules(t *testing.T) {
	lib := &snippets.Library{Snippets: []snippets.Snippet{
		{Triggers: []string{";a", ";b"}, Replace: "A$|$", Word: true},
		{Triggers: []string{";c"}, Replace: "C", PropagateCase: true, Label: "ignored"},
	}}
	want := []expander.Rule{
		{Triggers: []string{";a", ";b"}, Replace: "A$|$", Word: true},
		{Triggers: []string{";c"}, Replace: "C", PropagateCase: true},
	}
	if got := Rules(lib); !reflect.DeepEqual(got, want) {
		t.Errorf("Rules = %+v, want %+v", got, want)
	}
	if got := Rules(nil); len(got) != 0 {
		t.Errorf("Rules(nil) = %v", got)
	}
}

// Static replies are rendered once at compile time; replies with
// placeholders stay templates and render when they fire, shaped like the
// typed trigger.
func TestCompileAndFinish(t *testing.T) {
	lib := &snippets.Library{Snippets: []snippets.Snippet{
		{Triggers: []string{";st"}, Replace: `Hello \{{x}}, bye{{cursor}} now`},
		{Triggers: []string{";hi"}, Replace: "hi {{customer|there}}, {{agent}}", PropagateCase: true},
		{Triggers: []string{";inc"}, Replace: "[{{> ;st}}]"},
	}}
	set := Compile(lib, map[string]string{"agent": "Sam"})
	if set.Template(0) != nil || set.Template(1) == nil {
		t.Fatalf("templates: %v %v", set.Template(0), set.Template(1))
	}
	if got := set.Rules[0].Replace; got != "Hello {{x}}, bye$|$ now" {
		t.Errorf("static rule = %q", got)
	}
	env := set.Env(func() time.Time { return time.Unix(0, 0) }, nil)
	env.Values = map[string]string{"customer": "Maria"}
	e, err := Finish(set.Template(1), env, expander.Edit{Delete: 3}, expander.Fired{Rule: 1, Case: expander.Capitalized, Sep: ' '})
	if err != nil {
		t.Fatal(err)
	}
	if e.Delete != 3 || e.Insert != "Hi Maria, Sam " {
		t.Errorf("finish = %+v", e)
	}
	env.Profile = map[string]string{}
	if _, err := Finish(set.Template(1), env, expander.Edit{}, expander.Fired{Rule: 1}); err == nil || err.Error() != "no value for agent" {
		t.Errorf("missing agent: %v", err)
	}
	if e, f, ok := set.Picked(";st"); !ok || e.Insert != "Hello {{x}}, bye now" || e.Left != 4 || f.Rule != 0 {
		t.Errorf("picked = %+v %+v %v", e, f, ok)
	}
	prev := set.Preview(func() time.Time { return time.Unix(0, 0) })
	if prev[1].Replace != "hi there, Sam" || prev[2].Replace != "[Hello {{x}}, bye$|$ now]" {
		t.Errorf("preview = %q / %q", prev[1].Replace, prev[2].Replace)
	}
}
