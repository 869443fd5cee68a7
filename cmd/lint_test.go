package cmd_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const lintBadYML = `snippets:
  - trigger: ";late"
    tags: [chat]
    replace: |-
      Hello, your parcel is late.
      As I said, you should have ordered earlier. Anything else?
  - trigger: ";;late"
    tags: [email]
    replace: |-
      Hi there,

      Your parcel is on its way and should arrive within 2 business days.
`

func TestLintFindingsAndExitCode(t *testing.T) {
	e := newTestHome(t)
	e.write(map[string]string{"snippets/team.yml": lintBadYML})
	e.mustRun(1, "lint")
	want := `snippets/team.yml:5:7: warning: greeting without a name [greeting-name]
    add the customer's name with a fallback: "Hi {{customer|there}},"
snippets/team.yml:6:7: error: blaming phrase "As I said" [tone-blame]
`
	out := e.out.String()
	if !strings.HasPrefix(out, want) {
		t.Errorf("stdout:\n%s\nwant it to start with:\n%s", out, want)
	}
	for _, s := range []string{
		`snippets/team.yml:6:18: error: blaming phrase "you should have" [tone-blame]`,
		`snippets/team.yml:12:74: warning: email reply without a sign-off [signoff-missing]`,
		"2 snippets in 1 file: 2 errors, 2 warnings\n",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("stdout lacks %q:\n%s", s, out)
		}
	}
}

func TestLintWarningsOnlyExitZeroAndConfig(t *testing.T) {
	e := newTestHome(t)
	e.write(map[string]string{
		"snippets/team.yml": lintBadYML,
		"config.yml": "apps: [{class: Slack, shift_enter: true}]\n" +
			"lint:\n  rules: {tone-blame: warning, greeting-name: off}\n",
	})
	e.mustRun(0, "lint")
	if strings.Contains(e.out.String(), "greeting-name") || !strings.Contains(e.out.String(), "0 errors, 3 warnings") {
		t.Errorf("stdout:\n%s", e.out.String())
	}
	e.write(map[string]string{"config.yml": "lint:\n  rules: {tone-blam: off}\n"})
	e.mustRun(1, "lint")
	if got := e.err.String(); !strings.Contains(got, `config.yml:2:11: lint: unknown rule "tone-blam" (did you mean "tone-blame"?)`) {
		t.Errorf("stderr %q", got)
	}
}

func TestLintJSON(t *testing.T) {
	e := newTestHome(t)
	e.write(map[string]string{"snippets/team.yml": lintBadYML})
	e.mustRun(1, "lint", "--json")
	var rep struct {
		Findings []struct {
			Rule, Severity, File, Trigger, Message, Suggestion string
			Line, Col                                          int
		}
		Snippets, Files, Errors, Warnings int
	}
	if err := json.Unmarshal(e.out.Bytes(), &rep); err != nil {
		t.Fatalf("%v\n%s", err, e.out.String())
	}
	if rep.Errors != 2 || rep.Warnings != 2 || rep.Snippets != 2 || rep.Files != 1 || len(rep.Findings) != 4 {
		t.Fatalf("%+v", rep)
	}
	f := rep.Findings[1]
	if f.Rule != "tone-blame" || f.Severity != "error" || f.File != "snippets/team.yml" || f.Line != 6 || f.Col != 7 ||
		f.Trigger != ";late" || f.Suggestion == "" {
		t.Errorf("%+v", f)
	}
}

// Several paths are linted together: a trigger in two packs is a duplicate.
func TestLintPathsAcrossPacks(t *testing.T) {
	e := newTestHome(t)
	dir := t.TempDir()
	a := filepath.Join(dir, "a.yml")
	b := filepath.Join(dir, "pack", "b.yml")
	os.MkdirAll(filepath.Dir(b), 0o755)
	os.WriteFile(a, []byte("snippets:\n  - {trigger: \";ok\", replace: All done on our side.}\n"), 0o644)
	os.WriteFile(b, []byte("snippets:\n  - {trigger: \";ok\", replace: Sure thing.}\n"), 0o644)
	e.mustRun(1, "lint", a, filepath.Dir(b))
	want := b + `:2:15: error: duplicate trigger ";ok" (first defined at ` + a + ":2:15) [trigger-duplicate]"
	if !strings.Contains(e.out.String(), want) || !strings.Contains(e.out.String(), "2 snippets in 2 files: 1 error, 0 warnings") {
		t.Errorf("stdout:\n%s\nwant %s", e.out.String(), want)
	}
	e.mustRun(1, "lint", filepath.Join(dir, "missing"))
}

// The starter pack, as `kindly init` writes it, passes with no findings.
func TestLintStarterPack(t *testing.T) {
	e := newTestHome(t)
	e.mustRun(0, "init")
	e.mustRun(0, "lint")
	if !strings.HasSuffix(e.out.String(), ": no findings\n") || strings.Count(e.out.String(), "\n") != 1 {
		t.Errorf("stdout:\n%s", e.out.String())
	}
}

func TestLintRulesList(t *testing.T) {
	e := newTestHome(t)
	e.write(map[string]string{"config.yml": "lint:\n  rules: {next-step: off}\n"})
	e.mustRun(0, "lint", "--rules")
	out := e.out.String()
	if !strings.HasPrefix(out, "rule\tcategory\tseverity\twhat it finds\n") ||
		!strings.Contains(out, "next-step\tclarity\toff\t") || !strings.Contains(out, "tone-blame\ttone\terror\t") {
		t.Errorf("stdout:\n%s", out)
	}
}
