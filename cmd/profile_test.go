package cmd_test

import "testing"

func TestProfileCommands(t *testing.T) {
	e := newTestHome(t)
	config := "# settings\napps:\n  - class: Slack   # chat\n    shift_enter: true\nlint:\n  rules: {tone-jargon: off}\n"
	e.write(map[string]string{"config.yml": config})
	e.mustRun(0, "profile")
	if e.out.Len() != 0 || e.err.String() == "" {
		t.Errorf("empty profile: stdout %q, stderr %q", e.out.String(), e.err.String())
	}
	e.mustRun(0, "profile", "set", "agent", "Sam")
	e.in = "Sam Lee\nAcme support\n"
	e.mustRun(0, "profile", "set", "signature")
	e.mustRun(0, "profile", "set", "company", "Acme, Inc.")
	want := config + "profile:\n  agent: Sam\n  signature: |-\n    Sam Lee\n    Acme support\n  company: Acme, Inc.\n"
	if got := e.read("config.yml"); got != want {
		t.Errorf("config.yml:\n%s\nwant:\n%s", got, want)
	}
	e.mustRun(0, "profile")
	if got, want := e.out.String(), "key\tvalue\nagent\tSam\ncompany\tAcme, Inc.\nsignature\tSam Lee Acme support\n"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
	e.mustRun(0, "profile", "--json")
	if got, want := e.out.String(), "{\n  \"agent\": \"Sam\",\n  \"company\": \"Acme, Inc.\",\n  \"signature\": \"Sam Lee\\nAcme support\"\n}\n"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
	e.mustRun(0, "profile", "unset", "signature")
	e.mustRun(0, "profile", "unset", "nope")
	if e.err.String() != "nope was not set\n" {
		t.Errorf("stderr %q", e.err.String())
	}
	want = config + "profile:\n  agent: Sam\n  company: Acme, Inc.\n"
	if got := e.read("config.yml"); got != want {
		t.Errorf("config.yml:\n%s\nwant:\n%s", got, want)
	}
	e.mustRun(1, "profile", "set", "date", "x")
	e.mustRun(2, "profile", "set")
}
