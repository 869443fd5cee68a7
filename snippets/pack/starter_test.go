package pack

import (
	"reflect"
	"strings"
	"testing"
)

// A team pack wins over the starter pack (snippets/starter/), the agent's
// own replies win over both, and the starter replies a pack replaces are
// listed; a pack trigger the starter shadows is reported.
func TestTeamPackWinsOverTheStarterPack(t *testing.T) {
	home := t.TempDir()
	writeOwn(t, home, "starter/delays.yml", "snippets:\n  - trigger: \";;late\"\n    replace: starter late\n"+
		"  - trigger: \";return\"\n    replace: starter return\n  - trigger: \";mine\"\n    replace: starter mine\n")
	writeOwn(t, home, "personal.yml", "snippets:\n  - trigger: \";mine\"\n    replace: my own\n")
	installFiles(t, home, "acme", map[string]string{"pack.yml": manifest("acme"),
		"snippets/a.yml": "snippets:\n  - trigger: \";;late\"\n    replace: team late\n  - trigger: \";mine\"\n    replace: team mine\n" +
			"  - trigger: \";returns\"\n    replace: team returns\n"})
	set, err := Load(home, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range set.Library.Snippets {
		got = append(got, s.Pos.File+" "+strings.Join(s.Triggers, ",")+" = "+s.Replace)
	}
	want := []string{
		"snippets/personal.yml ;mine = my own",
		"packs/acme/snippets/a.yml ;;late = team late",
		"packs/acme/snippets/a.yml ;returns = team returns",
		"snippets/starter/delays.yml ;return = starter return",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("library:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(set.Replaced) != 1 || set.Replaced[0].Trigger != ";;late" || set.Replaced[0].Pack != "acme" ||
		set.Replaced[0].Own.String() != "snippets/starter/delays.yml:2:14" {
		t.Fatalf("replaced %+v", set.Replaced)
	}
	var probs []string
	for _, p := range set.Problems {
		probs = append(probs, p.String())
	}
	if len(probs) == 0 || !strings.Contains(strings.Join(probs, "\n"), `packs/acme/snippets/a.yml:6:14: warning: trigger ";returns" can never fire: typing it fires ";return" first (defined at snippets/starter/delays.yml:4:14)`) {
		t.Fatalf("problems:\n%s", strings.Join(probs, "\n"))
	}
}
