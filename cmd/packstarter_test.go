package cmd_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const rudeReply = `snippets:
  - trigger: ";rude"
    tags: [chat]
    replace: "Hi {{customer|there}}, calm down. As I said, I'll email you by Friday. – {{agent}}"
`

// kindly lint reads a pack folder as a pack (pack.yml is its manifest, not a
// library file), and the CI script 'pack init' writes fails on a rude reply.
func TestLintPackFolderAndPackCI(t *testing.T) {
	e := newTestHome(t)
	dir := filepath.Join(t.TempDir(), "acme-support")
	e.mustRun(0, "pack", "init", dir)
	e.mustRun(0, "lint", dir)
	if strings.Contains(e.out.String(), "pack.yml") {
		t.Fatalf("lint read pack.yml as a library file:\n%s", e.out.String())
	}
	if err := os.WriteFile(filepath.Join(dir, "snippets", "rude.yml"), []byte(rudeReply), 0o644); err != nil {
		t.Fatal(err)
	}
	e.mustRun(1, "lint", dir)
	if !strings.Contains(e.out.String(), `error: dismissive phrase "calm down" [tone-dismissive]`) {
		t.Fatalf("lint:\n%s", e.out.String())
	}

	// The CI script: check passes (the reply is well formed), lint fails it.
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "kindly"), "./kindly")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	ci := exec.Command("sh", filepath.Join(dir, "ci", "check.sh"))
	ci.Env = append(os.Environ(), "PATH="+bin+":/usr/bin:/bin", "KINDLY_HOME="+e.home)
	out, err := ci.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "[tone-dismissive]") || !strings.Contains(string(out), "0 errors") {
		t.Fatalf("ci/check.sh on a rude reply: %v\n%s", err, out)
	}
	os.Remove(filepath.Join(dir, "snippets", "rude.yml"))
	ci2 := exec.Command("sh", filepath.Join(dir, "ci", "check.sh"))
	ci2.Env = ci.Env
	if out, err := ci2.CombinedOutput(); err != nil {
		t.Fatalf("ci/check.sh on the scaffold: %v\n%s", err, out)
	}
}

// A team lead's check of a pack names the triggers the starter pack every
// agent has would shadow, and the starter replies the pack replaces.
func TestCheckPackAgainstTheStarterPack(t *testing.T) {
	e := newTestHome(t)
	dir := filepath.Join(t.TempDir(), "acme")
	e.mustRun(0, "pack", "init", dir)
	os.Remove(filepath.Join(dir, "snippets", "replies.yml"))
	if err := os.WriteFile(filepath.Join(dir, "snippets", "r.yml"), []byte(`snippets:
  - trigger: ";;late"
    replace: "Hi {{customer|there}}, your order ships Monday. I'll email you the tracking link. Best regards, {{agent}}"
  - trigger: ";returns"
    replace: "Hi {{customer|there}}, returns are free; I'll email you a label today. – {{agent}}"
`), 0o644); err != nil {
		t.Fatal(err)
	}
	e.write(map[string]string{"config.yml": "profile:\n  agent: Sam\n"})
	e.mustRun(0, "check", dir)
	want := filepath.Join(dir, "snippets", "r.yml") + `:4:14: warning: trigger ";returns" can never fire for agents who have the starter pack: ` +
		`typing it fires the starter's ";return" first (starter pack returns-refunds.yml:3:14); rename it, or define ";return" in this pack to replace the starter's
note: for agents who have the starter pack, this pack replaces 1 reply of it: ;;late
2 snippets in 1 file: 0 errors, 1 warning
`
	if got := e.out.String(); !strings.HasSuffix(got, want) {
		t.Fatalf("check:\n%s\nwant it to end with:\n%s", got, want)
	}
}

// pack add says which starter replies the pack replaces, and from then on
// the team's wording is the one that expands; the agent's own still wins.
func TestPackAddReplacesStarterReplies(t *testing.T) {
	e := newTestHome(t)
	e.mustRun(0, "init")
	r := newPackRepo(t, e, "acme", map[string]string{"snippets/r.yml": `snippets:
  - trigger: ";;late"
    replace: "team late"
  - trigger: ";mine"
    replace: "team mine"
`})
	e.write(map[string]string{"snippets/personal.yml": "snippets:\n  - trigger: \";mine\"\n    replace: my own\n"})
	e.mustRun(0, "pack", "add", r.url())
	if !strings.Contains(e.out.String(), "replaces 1 reply of the starter pack with the team's wording: ;;late\n") {
		t.Fatalf("pack add:\nstdout %s\nstderr %s", e.out.String(), e.err.String())
	}
	e.mustRun(0, "check")
	if !strings.Contains(e.out.String(), `starter/orders-shipping.yml:46:14: note: the team pack "acme" replaces the starter pack's ;;late (packs/acme/snippets/r.yml:2:14)`) ||
		!strings.Contains(e.out.String(), "0 errors") {
		t.Errorf("check:\n%s", e.out.String())
	}
	e.mustRun(0, "expand", ";;late")
	if e.out.String() != "team late" {
		t.Errorf(";;late expands to %q", e.out.String())
	}
	e.mustRun(0, "expand", ";mine")
	if e.out.String() != "my own" {
		t.Errorf(";mine expands to %q", e.out.String())
	}
}
