package snippets_test

import (
	"strings"
	"testing"

	"github.com/kindly-support/kindly/snippets"
)

// Conflicts finds exactly the clashes the load checks report, as values.
func TestConflictsMatchChecks(t *testing.T) {
	yml := `snippets:
  - {trigger: ";ref", replace: a}
  - {trigger: ";refund", replace: b}
  - {trigger: ";ref", replace: c}
  - {trigger: ";sorry", propagate_case: true, replace: d}
  - {trigger: ";SORRY!!", replace: e}
  - {trigger: ";;sorry", replace: f}
  - {trigger: "brb", word: true, replace: g}
  - {trigger: "xbrbx", replace: h}
`
	snips, ps := snippets.Decode("a.yml", []byte(yml))
	cs := snippets.Conflicts(snips)
	var got, want []string
	for _, c := range cs {
		kind := "dup"
		if c.Kind == snippets.Shadowed {
			kind = "shadow"
		}
		got = append(got, kind+" "+c.Trigger+"@"+c.Pos.String()+" by "+c.Other+"@"+c.OtherPos.String())
	}
	for _, p := range ps {
		want = append(want, p.Pos.String())
	}
	if len(cs) != len(ps) {
		t.Fatalf("conflicts %v\nproblems %v", got, ps)
	}
	for i, c := range cs {
		if c.Pos != ps[i].Pos || !strings.Contains(ps[i].Msg, c.Other) {
			t.Errorf("conflict %s, problem %s", got[i], ps[i])
		}
	}
	if strings.Join(got, "\n") != strings.Join([]string{
		"dup ;ref@a.yml:4:15 by ;ref@a.yml:2:15",
		"shadow ;refund@a.yml:3:15 by ;ref@a.yml:2:15",
		"shadow ;SORRY!!@a.yml:6:15 by ;sorry@a.yml:5:15",
	}, "\n") {
		t.Errorf("got\n%s", strings.Join(got, "\n"))
	}
}
