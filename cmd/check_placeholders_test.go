package cmd_test

import "testing"

func TestCheckPlaceholders(t *testing.T) {
	e := newTestHome(t)
	e.write(map[string]string{
		"config.yml": "injector: x11\nprofile:\n  agent: Sam\n",
		"snippets/a.yml": "snippets:\n" +
			"  - trigger: \";hi\"\n" +
			"    replace: |-\n" +
			"      Hi {{customer|there}},\n" +
			"      thanks! {{plan:Pro}}\n" +
			"      {{agnet}} from {{company}}\n" +
			"  - trigger: \";loop\"\n" +
			"    replace: \"again {{> ;loop}} and {{> ;gone}}\"\n",
	})
	e.mustRun(1, "check")
	want := "" +
		"snippets/a.yml:5:15: error: a choice list needs at least two choices separated by |: {{plan:Basic|Pro}}\n" +
		"snippets/a.yml:8:21: error: include cycle: ;loop → ;loop\n" +
		"snippets/a.yml:8:37: error: {{> ;gone}} includes a trigger no snippet has\n" +
		"2 snippets in 1 file: 3 errors, 0 warnings\n"
	if got := e.out.String(); got != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", got, want)
	}

	// Without the syntax error the profile keys are checked.
	e.write(map[string]string{"snippets/a.yml": "snippets:\n" +
		"  - trigger: \";hi\"\n" +
		"    replace: |-\n" +
		"      Hi {{customer|there}},\n" +
		"      {{agnet}} from {{company}}, {{company}}\n"})
	e.mustRun(0, "check")
	want = "" +
		"snippets/a.yml:5:7: warning: unknown profile key \"agnet\" (did you mean \"agent\"?): kindly will ask for it every time; profile keys: agent\n" +
		"snippets/a.yml:5:22: warning: profile key \"company\" is not set, so kindly will ask for it every time (used 1 more time): run 'kindly profile set company …'; profile keys: agent\n" +
		"1 snippet in 1 file: 0 errors, 2 warnings\n"
	if got := e.out.String(); got != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", got, want)
	}
}
