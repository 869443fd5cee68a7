package daemon

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/kindly-support/kindly/examples"
	"github.com/kindly-support/kindly/hooks"
	"github.com/kindly-support/kindly/hooks/hookstest"
	"github.com/kindly-support/kindly/reply"
	"github.com/kindly-support/kindly/snippets"
)

func TestBlockedNotice(t *testing.T) {
	for _, c := range []struct {
		label       string
		err         error
		title, body string
	}{
		{"Apologize (chat)", &reply.MissingError{Names: []string{"agent"}}, "kindly: ;sorry not expanded",
			`;sorry (Apologize (chat)) needs your name ({{agent}}), which your profile does not have. ` +
				`Fix: run kindly profile set agent "Your name", or fill it in and tick Remember.`},
		{"", &reply.MissingError{Names: []string{"order_id", "company"}}, "kindly: ;sorry not expanded",
			`;sorry needs a value for order_id, which has no fallback; and your company ({{company}}), which your profile does not have. ` +
				`Fix: run kindly profile set company "Your company", or fill it in and tick Remember.`},
		{"", &reply.MissingError{Names: []string{"order_id"}}, "kindly: ;sorry not expanded",
			`;sorry needs a value for order_id, which has no fallback. Fill it in when the dialog asks.`},
		{"L", errors.New("this desktop has no fill-in dialog"), "kindly: ;sorry not expanded",
			`;sorry (L) was not expanded: this desktop has no fill-in dialog.`},
	} {
		title, body := blockedNotice(";sorry", c.label, c.err)
		if title != c.title || body != c.body {
			t.Errorf("%v:\n got %q\n     %q\nwant %q\n     %q", c.err, title, body, c.title, c.body)
		}
	}
}

// A fill-in for a profile key comes with a ticked Remember box; ticked, the
// answer is saved to the profile and the reply goes out with it; a one-off
// value (customer) has no box.
func TestFillInRemembersProfileValues(t *testing.T) {
	o := hookstest.NewObserver()
	lib := &snippets.Library{Snippets: []snippets.Snippet{{Triggers: []string{";sig"}, Replace: "Hi {{customer}}, {{agent}}"}}}
	s, _ := newTestSession(t, o, lib, nil)
	saved := map[string]string{}
	s.rend.remember = func(k, v string) error { saved[k] = v; return nil }
	var asked []hooks.Field
	o.Answer = func(_ string, fs []hooks.Field) (hooks.Answer, error) {
		asked = fs
		return hooks.Answer{Values: map[string]string{"customer": "Maria", "agent": "Sam", "remember:agent": "true"}, OK: true}, nil
	}
	typeKeys(t, s, o, "a ;sig", t0)
	s.cond.Answer((<-s.asks).a)
	pump(t, s, o)
	if got := o.Screen.Text(); got != "a Hi Maria, Sam" {
		t.Fatalf("got %q", got)
	}
	if len(asked) != 3 || asked[0].Name != "customer" || asked[1].Name != "agent" ||
		!reflect.DeepEqual(asked[2], hooks.Field{Name: "remember:agent", Label: "Remember your name (saved to your profile)", Check: true, Default: "true"}) {
		t.Fatalf("asked %+v", asked)
	}
	if len(saved) != 1 || saved["agent"] != "Sam" {
		t.Fatalf("saved %v", saved)
	}

	// Unticked: used once, not saved.
	saved = map[string]string{}
	o.Answer = func(_ string, fs []hooks.Field) (hooks.Answer, error) {
		return hooks.Answer{Values: map[string]string{"customer": "Li", "agent": "Ana", "remember:agent": "false"}, OK: true}, nil
	}
	typeKeys(t, s, o, " ;sig", t0)
	s.cond.Answer((<-s.asks).a)
	pump(t, s, o)
	if got := o.Screen.Text(); got != "a Hi Maria, Sam Hi Li, Ana" {
		t.Fatalf("got %q", got)
	}
	if len(saved) != 0 {
		t.Fatalf("saved %v although unticked", saved)
	}
}

func TestProblemCountAgreesWithCheck(t *testing.T) {
	e := snippets.Problem{Severity: snippets.Error}
	w := snippets.Problem{Severity: snippets.Warning}
	for _, c := range []struct {
		ps   []snippets.Problem
		want string
	}{
		{[]snippets.Problem{e}, "1 error"},
		{[]snippets.Problem{e, w, e, w, w}, "2 errors and 3 warnings"},
		{[]snippets.Problem{e, w}, "1 error and 1 warning"},
	} {
		if got := problemCount(c.ps); got != c.want {
			t.Errorf("%v: %q, want %q", c.ps, got, c.want)
		}
	}
	if got := lineCount([]string{"a.yml:1:1: error: x", "a.yml:2:1: warning: y"}); got != "1 error and 1 warning" {
		t.Errorf("lines: %q", got)
	}
}

// With the name the first start asks for, every starter reply asks for at
// most the customer's name, besides the one thing a reply is about (;;help
// links the article the agent picks).
func TestStarterRepliesAskAtMostTheCustomer(t *testing.T) {
	lib, _, err := snippets.LoadFS(examples.Starter, examples.StarterDir)
	if err != nil {
		t.Fatal(err)
	}
	set := reply.Compile(lib, map[string]string{"agent": "Sam", "company": "Acme"})
	asking := 0
	for i, s := range set.Snippets {
		tpl := set.Template(i)
		if tpl == nil {
			continue
		}
		var names []string
		for _, f := range askable(tpl.Fields(set.Env(time.Now, nil))) {
			names = append(names, f.Name)
		}
		if s.Triggers[0] == ";;help" && len(names) == 2 && names[1] == "article" {
			names = names[:1]
		}
		if len(names) > 1 || (len(names) == 1 && names[0] != "customer") {
			t.Errorf("%s asks for %v", s.Triggers[0], names)
		}
		asking += len(names)
	}
	if asking < 50 {
		t.Fatalf("only %d starter replies ask for the customer: the test lost its subject", asking)
	}
}
