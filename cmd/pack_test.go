package cmd_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kindly-support/kindly/snippets/pack"
)

// packRepo is a team pack's git repository for a test: a bare repository
// agents add through a file:// URL, and the team lead's working clone.
type packRepo struct {
	t          *testing.T
	bare, work string
}

func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	c := exec.Command("git", args...)
	c.Dir = dir
	out, err := c.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// newPackRepo runs `kindly pack init` in a team lead's folder, writes files
// over the scaffold (an empty body deletes), commits and publishes it.
func newPackRepo(t *testing.T, e *testHome, name string, files map[string]string) *packRepo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	cfg := filepath.Join(t.TempDir(), "gitconfig")
	os.WriteFile(cfg, []byte("[init]\n\tdefaultBranch = main\n[user]\n\tname = Lead\n\temail = lead@example.com\n"), 0o644)
	t.Setenv("GIT_CONFIG_GLOBAL", cfg)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	root := t.TempDir()
	r := &packRepo{t: t, bare: filepath.Join(root, name+".git"), work: filepath.Join(root, name)}
	e.mustRun(0, "pack", "init", r.work, "--name", name)
	gitIn(t, root, "init", "-q", "--bare", r.bare)
	gitIn(t, r.work, "init", "-q")
	gitIn(t, r.work, "remote", "add", "origin", r.bare)
	r.commit("first replies", files)
	return r
}

func (r *packRepo) url() string { return "file://" + filepath.ToSlash(r.bare) }

func (r *packRepo) commit(msg string, files map[string]string) {
	r.t.Helper()
	for name, body := range files {
		p := filepath.Join(r.work, filepath.FromSlash(name))
		if body == "" {
			os.Remove(p)
			continue
		}
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(body), 0o644)
	}
	gitIn(r.t, r.work, "add", "-A")
	gitIn(r.t, r.work, "commit", "-q", "-m", msg)
	gitIn(r.t, r.work, "push", "-q", "origin", "HEAD:main")
}

const teamReplies = `snippets:
  - trigger: ";warranty"
    label: Warranty claim
    tags: [chat]
    replace: |-
      Your device is covered by our warranty.
      You'll get a shipping label within 2 business days.
  - trigger: ";holiday"
    replace: We are on holiday hours this week.
  - trigger: ";ty"
    replace: Thanks from the whole team!
`

func TestPackWorkflow(t *testing.T) {
	e := newTestHome(t)
	e.write(map[string]string{"snippets/personal.yml": teamYML}) // defines ;ty
	r := newPackRepo(t, e, "acme", map[string]string{"snippets/replies.yml": teamReplies})
	first := gitIn(t, r.work, "rev-parse", "HEAD")

	// Add: pinned, and the agent's own ;ty wins.
	e.mustRun(0, "pack", "add", r.url())
	if want := "added pack acme 0.1.0 (acme replies): 3 replies, pinned at " + first[:12] + "\n"; e.out.String() != want {
		t.Fatalf("stdout %q, want %q", e.out.String(), want)
	}
	if !strings.Contains(e.err.String(), `snippets/personal.yml:3:14: note: your ;ty takes precedence over this pack's (packs/acme/snippets/replies.yml:10:14)`) {
		t.Errorf("stderr:\n%s", e.err.String())
	}
	if lock := e.read("packs.lock"); !strings.Contains(lock, "commit: "+first) || !strings.Contains(lock, "source: "+r.url()) {
		t.Errorf("packs.lock:\n%s", lock)
	}

	e.mustRun(0, "pack", "list")
	if want := "name\tversion\treplies\tcommit\tsource\nacme\t0.1.0\t3\t" + first[:12] + "\t" + r.url() + "\n"; e.out.String() != want {
		t.Errorf("pack list:\n%q\nwant\n%q", e.out.String(), want)
	}
	e.mustRun(0, "pack", "list", "--json")
	var packs []map[string]any
	if err := json.Unmarshal(e.out.Bytes(), &packs); err != nil || len(packs) != 1 || packs[0]["commit"] != first ||
		packs[0]["replies"] != 3.0 || packs[0]["version"] != "0.1.0" || packs[0]["name"] != "acme" {
		t.Errorf("pack list --json: %v %s", err, e.out.String())
	}

	e.mustRun(0, "list")
	if !strings.Contains(e.out.String(), ";warranty\tWarranty claim\tchat\tpacks/acme/snippets/replies.yml:2\n") ||
		strings.Contains(e.out.String(), "Thanks from the whole team") {
		t.Errorf("list:\n%s", e.out.String())
	}
	e.mustRun(0, "check")
	if want := `personal.yml:3:14: note: your ;ty takes precedence over the team pack "acme" (packs/acme/snippets/replies.yml:10:14)`; !strings.Contains(e.out.String(), "snippets/"+want) ||
		!strings.Contains(e.out.String(), "5 snippets in 2 files (1 team pack included): 0 errors, 0 warnings") {
		t.Errorf("check:\n%s", e.out.String())
	}

	// Pack replies are read-only, with the way out.
	for _, verb := range []string{"rm", "edit"} {
		e.mustRun(1, verb, ";warranty")
		msg := e.err.String()
		if !strings.Contains(msg, `kindly: `+verb+`: ;warranty comes from the team pack "acme" (packs/acme/snippets/replies.yml:2:14); pack replies are read-only.`) ||
			!strings.Contains(msg, "kindly pack override ';warranty'") {
			t.Errorf("%s: %s", verb, msg)
		}
	}
	if len(e.edits) != 0 {
		t.Fatalf("the editor ran on a pack file: %v", e.edits)
	}
	e.mustRun(0, "pack", "override", ";holiday")
	if !strings.Contains(e.out.String(), `copied ;holiday from the team pack "acme" into snippets/overrides.yml`) ||
		!strings.Contains(e.read("snippets/overrides.yml"), "We are on holiday hours this week.") {
		t.Fatalf("override: %s", e.out.String())
	}
	e.mustRun(1, "pack", "override", ";holiday")
	e.mustRun(0, "rm", ";holiday")
	if !strings.Contains(e.out.String(), `;holiday now expands to the reply from the team pack "acme" again`) {
		t.Errorf("rm: %s", e.out.String())
	}

	// A new version upstream: 3 → 5 business days... wording, ;holiday gone, ;vip new.
	r.commit("new wording", map[string]string{
		"pack.yml": strings.Replace(readFile(t, filepath.Join(r.work, "pack.yml")), "version: 0.1.0", "version: 0.2.0", 1),
		"snippets/replies.yml": `snippets:
  - trigger: ";warranty"
    label: Warranty claim
    tags: [chat]
    replace: |-
      Your device is covered by our warranty.
      You'll get a shipping label within 1 business day.
  - trigger: ";vip"
    label: Priority customer
    replace: Thank you for being with us for so long!
  - trigger: ";ty"
    replace: Thanks from the whole team!
`})
	second := gitIn(t, r.work, "rev-parse", "HEAD")
	e.mustRun(0, "pack", "update", "--dry-run")
	want := "acme: update 0.1.0 (" + first[:12] + ") → 0.2.0 (" + second[:12] + `)
  - ;holiday (removed)
      - We are on holiday hours this week.
  + ;vip (added)  Priority customer
      + Thank you for being with us for so long!
  ~ ;warranty (changed)  Warranty claim
        Your device is covered by our warranty.
      - You'll get a shipping label within 2 business days.
      + You'll get a shipping label within 1 business day.
  3 replies: 1 added, 1 removed, 1 changed
acme: dry run, nothing applied
`
	if e.out.String() != want {
		t.Fatalf("dry run:\n%s\nwant:\n%s", e.out.String(), want)
	}
	if !strings.Contains(e.read("packs.lock"), "commit: "+first) {
		t.Fatal("dry run moved the pin")
	}
	// Piped, without --yes: shown, not applied.
	e.mustRun(1, "pack", "update", "acme")
	if !strings.HasSuffix(e.out.String(), "acme: not applied (run with --yes to apply without asking)\n") {
		t.Errorf("update without --yes: %s", e.out.String())
	}
	// At a terminal the answer decides.
	e.inTTY, e.in = true, "n\n"
	e.mustRun(0, "pack", "update")
	if !strings.HasSuffix(e.out.String(), "acme: not applied\n") || !strings.Contains(e.err.String(), "Apply this update to acme? [y/N] ") {
		t.Errorf("answer no: %s %s", e.out.String(), e.err.String())
	}
	e.in = "y\n"
	e.mustRun(0, "pack", "update")
	e.inTTY, e.in = false, ""
	if !strings.HasSuffix(e.out.String(), "acme: updated to 0.2.0 ("+second[:12]+"); 'kindly pack rollback acme' returns to "+first[:12]+"\n") {
		t.Errorf("update: %s", e.out.String())
	}
	e.mustRun(0, "pack", "update", "--yes")
	if e.out.String() != "acme: up to date (0.2.0 "+second[:12]+")\n" {
		t.Errorf("second update: %q", e.out.String())
	}
	e.mustRun(0, "list")
	if !strings.Contains(e.out.String(), ";vip") {
		t.Errorf("list after update:\n%s", e.out.String())
	}

	// Rollback, then remove.
	e.mustRun(0, "pack", "rollback", "acme")
	if !strings.Contains(e.out.String(), "acme: rollback 0.2.0 ("+second[:12]+") → 0.1.0 ("+first[:12]+")") ||
		!strings.HasSuffix(e.out.String(), "acme: rolled back to 0.1.0 ("+first[:12]+")\n") {
		t.Errorf("rollback: %s", e.out.String())
	}
	if lock := e.read("packs.lock"); !strings.Contains(lock, "commit: "+first) || strings.Contains(lock, "previous") {
		t.Errorf("packs.lock after rollback:\n%s", lock)
	}
	e.mustRun(1, "pack", "rollback", "acme")
	e.mustRun(0, "pack", "remove", "acme")
	e.mustRun(0, "pack", "list", "--json")
	if strings.TrimSpace(e.out.String()) != "[]" {
		t.Errorf("after remove: %s", e.out.String())
	}
	e.mustRun(1, "pack", "remove", "acme")
	if !strings.Contains(e.err.String(), `no pack named "acme" is installed`) {
		t.Errorf("remove twice: %s", e.err.String())
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestPackAddBrokenRefused(t *testing.T) {
	e := newTestHome(t)
	r := newPackRepo(t, e, "acme", map[string]string{"snippets/replies.yml": "snippets:\n  - trigger: \";a\"\n    replce: typo\n"})
	e.mustRun(1, "pack", "add", r.url())
	msg := e.err.String()
	if !strings.Contains(msg, `snippets/replies.yml:3:5: error: unknown key "replce" in snippet (did you mean "replace"?)`) ||
		!strings.Contains(msg, "kindly: pack add: refused the pack at "+r.url()) || !strings.Contains(msg, "nothing was installed") {
		t.Fatalf("stderr:\n%s", msg)
	}
	if _, err := os.Stat(filepath.Join(e.home, "packs.lock")); err == nil {
		t.Fatal("packs.lock written")
	}
	if entries, _ := os.ReadDir(filepath.Join(e.home, "packs")); len(entries) > 1 {
		t.Fatalf("left in packs/: %v", entries)
	}
}

func TestPackConflict(t *testing.T) {
	e := newTestHome(t)
	a := newPackRepo(t, e, "alpha", map[string]string{"snippets/replies.yml": "snippets:\n  - trigger: \";refund\"\n    replace: alpha refund\n"})
	b := newPackRepo(t, e, "beta", map[string]string{"snippets/replies.yml": "snippets:\n  - trigger: \";refund\"\n    replace: beta refund\n"})
	e.mustRun(0, "pack", "add", b.url())
	e.mustRun(0, "pack", "add", a.url())
	want := `packs/beta/snippets/replies.yml:2:14: warning: trigger ";refund" is also defined by pack "alpha" at packs/alpha/snippets/replies.yml:2:14; that one is used (packs whose name sorts first win; define ";refund" in your own library to choose)`
	if !strings.Contains(e.err.String(), want) {
		t.Fatalf("pack add stderr:\n%s", e.err.String())
	}
	e.mustRun(0, "check")
	if !strings.Contains(e.out.String(), want) {
		t.Fatalf("check:\n%s", e.out.String())
	}
	e.mustRun(0, "try", "--keys", ";refund")
	if !strings.Contains(e.out.String(), "alpha refund") {
		t.Fatalf("try: %s", e.out.String())
	}
}

func TestPackUpdateOffline(t *testing.T) {
	e := newTestHome(t)
	r := newPackRepo(t, e, "acme", map[string]string{"snippets/replies.yml": teamReplies})
	e.mustRun(0, "pack", "add", r.url())
	os.RemoveAll(r.bare)
	e.mustRun(1, "pack", "update", "--yes")
	if msg := e.err.String(); !strings.Contains(msg, "kindly: pack update: fetch acme from "+r.url()+": git fetch:") ||
		!strings.Contains(msg, "the installed copy") || !strings.Contains(msg, "stays in use") {
		t.Fatalf("stderr:\n%s", msg)
	}
	e.mustRun(0, "try", "--keys", ";holiday")
	if !strings.Contains(e.out.String(), "We are on holiday hours this week.") {
		t.Fatalf("offline copy not used: %s", e.out.String())
	}
}

func TestPackUpdateBrokenKeepsInstalled(t *testing.T) {
	e := newTestHome(t)
	r := newPackRepo(t, e, "acme", map[string]string{"snippets/replies.yml": teamReplies})
	e.mustRun(0, "pack", "add", r.url())
	r.commit("oops", map[string]string{"snippets/replies.yml": teamReplies + "  - trigger: \";x\"\n"})
	e.mustRun(1, "pack", "update", "--yes")
	if msg := e.err.String(); !strings.Contains(msg, "snippets/replies.yml:12:5: error: snippet has no `replace`") ||
		!strings.Contains(msg, "acme: not updated; the installed version stays in use") {
		t.Fatalf("stderr:\n%s", msg)
	}
	e.mustRun(0, "check")
}

// The example team pack is what `kindly pack init` writes, filled in, and
// passes its own CI check.
func TestExampleTeamPack(t *testing.T) {
	e := newTestHome(t)
	dir := filepath.Join("..", "examples", "team-pack")
	e.mustRun(0, "check", dir)
	if !strings.Contains(e.out.String(), "6 snippets in 2 files: 0 errors, 0 warnings") {
		t.Errorf("check: %s", e.out.String())
	}
	for p, body := range pack.Scaffold("acme-support") {
		if p == pack.CIScriptFile || strings.HasPrefix(p, ".github/") {
			if got := readFile(t, filepath.Join(dir, filepath.FromSlash(p))); got != body {
				t.Errorf("%s differs from what 'kindly pack init' writes", p)
			}
		}
	}
	if fi, err := os.Stat(filepath.Join(dir, pack.CIScriptFile)); err != nil || fi.Mode().Perm()&0o100 == 0 {
		t.Errorf("ci script not executable: %v", err)
	}
}

func TestCheckBrokenPackDir(t *testing.T) {
	e := newTestHome(t)
	dir := t.TempDir()
	e.mustRun(0, "pack", "init", dir, "--name", "acme")
	os.WriteFile(filepath.Join(dir, "pack.yml"), []byte("name: acme\nversoin: 1\n"), 0o644)
	e.mustRun(1, "check", dir)
	for _, want := range []string{
		dir + `/pack.yml:2:1: error: unknown key "versoin" in pack.yml`,
		dir + "/pack.yml:1:1: error: pack.yml has no `version`",
	} {
		if !strings.Contains(e.out.String(), want) {
			t.Errorf("check:\n%s\nwant %s", e.out.String(), want)
		}
	}
}

func TestPackInitRefusesExisting(t *testing.T) {
	e := newTestHome(t)
	dir := t.TempDir()
	e.mustRun(0, "pack", "init", dir, "--name", "acme")
	e.mustRun(1, "pack", "init", dir)
	if !strings.Contains(e.err.String(), "already has a pack.yml") {
		t.Errorf("stderr: %s", e.err.String())
	}
}
