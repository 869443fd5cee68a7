package pack

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kindly-support/kindly/snippets"
)

func TestAddPinUpdateRollbackRemove(t *testing.T) {
	up := newUpstream(t, packV1())
	first := strings.TrimSpace(gitT(t, up.work, "rev-parse", "HEAD"))
	m := newManager(t)

	added, err := m.Add(ctx, up.url(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	if added.Pin.Name != "acme" || added.Pin.Commit != first || added.Replies != 3 || added.Manifest.Version != "1.0.0" {
		t.Fatalf("added %+v", added)
	}
	lock, err := ReadLock(m.Home)
	if err != nil {
		t.Fatal(err)
	}
	if len(lock.Packs) != 1 || lock.Packs[0].Commit != first || lock.Packs[0].Source != up.url() {
		t.Fatalf("lock %+v", lock)
	}
	lib, ps, err := LoadLibrary(m.Home)
	if err != nil || len(ps) != 0 {
		t.Fatalf("load: %v %v", err, ps)
	}
	s, ok := lib.Find(";refund")
	if !ok || s.Pos.File != "packs/acme/snippets/replies.yml" || s.Pos.Line != 5 {
		t.Fatalf(";refund: %v %+v", ok, s)
	}

	// Upstream: new wording for ;refund, ;promo gone, ;vip new.
	second := up.commit("faster refunds", map[string]string{
		"pack.yml": strings.Replace(manifestV1, "1.0.0", "1.1.0", 1),
		"snippets/replies.yml": `snippets:
  - trigger: ";hi"
    label: Greeting
    replace: Hi there, thanks for reaching out!
  - trigger: ";refund"
    label: Refund issued
    replace: |-
      I've issued a full refund.
      It should reach your account within 3 business days.
  - trigger: ";vip"
    replace: Thank you for being with us for so long!
`})
	u, err := m.Fetch(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	if u.From != first || u.To != second || u.NewManifest.Version != "1.1.0" || u.OldManifest.Version != "1.0.0" {
		t.Fatalf("update %+v", u)
	}
	var got []string
	for _, c := range u.Changes {
		got = append(got, c.Kind.String()+" "+c.Trigger)
	}
	if want := []string{"removed ;promo", "changed ;refund", "added ;vip"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("changes %q, want %q", got, want)
	}
	wantDiff := []string{"  I've issued a full refund.",
		"- It should reach your account within 5 business days.",
		"+ It should reach your account within 3 business days."}
	if d := u.Changes[1].Details(); !reflect.DeepEqual(d, wantDiff) {
		t.Fatalf("diff %q", d)
	}
	// Staged, not applied: the library is unchanged, and discarding leaves no trace.
	if lib, _, _ := LoadLibrary(m.Home); lib.Snippets[1].Replace != "I've issued a full refund.\nIt should reach your account within 5 business days." {
		t.Fatalf("applied too early: %q", lib.Snippets[1].Replace)
	}
	u.Discard()
	assertNoStaging(t, m)

	u, err = m.Fetch(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	if err := u.Apply(ctx); err != nil {
		t.Fatal(err)
	}
	assertNoStaging(t, m)
	lock, _ = ReadLock(m.Home)
	if p := lock.Packs[0]; p.Commit != second || !reflect.DeepEqual(p.Previous, []string{first}) {
		t.Fatalf("pin after update %+v", p)
	}
	lib, _, _ = LoadLibrary(m.Home)
	if _, ok := lib.Find(";vip"); !ok {
		t.Fatal(";vip missing after update")
	}
	if _, ok := lib.Find(";promo"); ok {
		t.Fatal(";promo still there after update")
	}

	// Up to date now.
	if u, err := m.Fetch(ctx, "acme"); err != nil || !u.UpToDate() {
		t.Fatalf("second fetch: %v %+v", err, u)
	}

	// Rollback returns to the first pin.
	rb, err := m.Rollback(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	if rb.To != first || len(rb.Changes) != 3 {
		t.Fatalf("rollback %+v", rb)
	}
	if err := rb.Apply(ctx); err != nil {
		t.Fatal(err)
	}
	lock, _ = ReadLock(m.Home)
	if p := lock.Packs[0]; p.Commit != first || len(p.Previous) != 0 {
		t.Fatalf("pin after rollback %+v", p)
	}
	lib, _, _ = LoadLibrary(m.Home)
	if _, ok := lib.Find(";promo"); !ok {
		t.Fatal(";promo missing after rollback")
	}
	if _, err := m.Rollback(ctx, "acme"); err == nil || !strings.Contains(err.Error(), "no earlier version") {
		t.Fatalf("second rollback: %v", err)
	}

	// Remove.
	if _, err := m.Remove("acme"); err != nil {
		t.Fatal(err)
	}
	lock, _ = ReadLock(m.Home)
	if len(lock.Packs) != 0 {
		t.Fatalf("lock after remove %+v", lock)
	}
	for _, p := range []string{m.dir("acme"), m.repo("acme")} {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s still there: %v", p, err)
		}
	}
	if lib, _, _ := LoadLibrary(m.Home); len(lib.Snippets) != 0 {
		t.Fatalf("library after remove: %+v", lib.Snippets)
	}
	if _, err := m.Remove("acme"); err == nil {
		t.Fatal("removing twice worked")
	}
}

// assertNoStaging checks that nothing but the installed packs and their git
// copies is left in home/packs.
func assertNoStaging(t *testing.T, m *Manager) {
	t.Helper()
	entries, _ := os.ReadDir(m.packsDir())
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") && e.Name() != reposDir {
			t.Errorf("left behind: packs/%s", e.Name())
		}
	}
	entries, _ = os.ReadDir(filepath.Join(m.packsDir(), reposDir))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left behind: packs/.repos/%s", e.Name())
		}
	}
}

func TestAddRef(t *testing.T) {
	up := newUpstream(t, packV1())
	first := strings.TrimSpace(gitT(t, up.work, "rev-parse", "HEAD"))
	gitT(t, up.work, "tag", "v1")
	gitT(t, up.work, "push", "-q", "origin", "v1")
	second := up.commit("more", map[string]string{"snippets/more.yml": "snippets:\n  - trigger: \";more\"\n    replace: more\n"})
	m := newManager(t)
	a, err := m.Add(ctx, up.url(), "acme-v1", "v1")
	if err != nil {
		t.Fatal(err)
	}
	if a.Pin.Commit != first || a.Pin.Ref != "v1" || a.Pin.Name != "acme-v1" {
		t.Fatalf("pinned %+v", a.Pin)
	}
	// A tag does not move: update finds nothing new.
	if u, err := m.Fetch(ctx, "acme-v1"); err != nil || !u.UpToDate() {
		t.Fatalf("fetch tag: %v %+v", err, u)
	}
	b, err := m.Add(ctx, up.url(), "acme-commit", first[:10])
	if err != nil || b.Pin.Commit != first {
		t.Fatalf("add by commit: %v %+v", err, b)
	}
	c, err := m.Add(ctx, up.url(), "acme-main", "main")
	if err != nil || c.Pin.Commit != second {
		t.Fatalf("add by branch: %v %+v", err, c)
	}
	if _, err := m.Add(ctx, up.url(), "acme-main", ""); err == nil || !strings.Contains(err.Error(), "already installed") {
		t.Fatalf("same name twice: %v", err)
	}
	if _, err := m.Add(ctx, up.url(), "nope", "no-such-branch"); err == nil || !strings.Contains(err.Error(), `no branch, tag or commit "no-such-branch"`) {
		t.Fatalf("bad ref: %v", err)
	}
	assertNoStaging(t, m)
}

func TestBrokenPackRefused(t *testing.T) {
	files := packV1()
	files["snippets/bad.yml"] = "snippets:\n  - trigger: \";oops\"\n    replce: typo\n"
	files["pack.yml"] = manifestV1 + "colour: blue\n"
	up := newUpstream(t, files)
	m := newManager(t)
	_, err := m.Add(ctx, up.url(), "", "")
	var ce *ContentError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want a ContentError", err)
	}
	var got []string
	for _, p := range ce.Problems {
		got = append(got, p.String())
	}
	want := []string{
		`pack.yml:5:1: error: unknown key "colour" in pack.yml (known keys: name, title, version, description, maintainers, min_kindly)`,
		"snippets/bad.yml:2:5: error: snippet has no `replace`",
		`snippets/bad.yml:3:5: error: unknown key "replce" in snippet (did you mean "replace"?)`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := os.Stat(filepath.Join(m.Home, LockFile)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("packs.lock written: %v", err)
	}
	if _, err := os.Stat(m.dir("acme")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("pack half-installed: %v", err)
	}
	assertNoStaging(t, m)
}

func TestBrokenUpdateKeepsInstalled(t *testing.T) {
	up := newUpstream(t, packV1())
	m := newManager(t)
	a, err := m.Add(ctx, up.url(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	up.commit("broken", map[string]string{"snippets/replies.yml": repliesV1 + "  - trigger: \";x\"\n"})
	_, err = m.Fetch(ctx, "acme")
	var ce *ContentError
	if !errors.As(err, &ce) || !strings.Contains(ce.Problems[0].String(), "snippets/replies.yml:12:5: error: snippet has no `replace`") {
		t.Fatalf("err = %v", err)
	}
	lock, _ := ReadLock(m.Home)
	if lock.Packs[0].Commit != a.Pin.Commit {
		t.Fatal("the pin moved")
	}
	if _, ps, _ := LoadLibrary(m.Home); len(ps) != 0 {
		t.Fatalf("installed copy damaged: %v", ps)
	}
	assertNoStaging(t, m)
}

func TestOfflineUpdateKeepsLastCopy(t *testing.T) {
	up := newUpstream(t, packV1())
	m := newManager(t)
	a, err := m.Add(ctx, up.url(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	// The server goes away.
	if err := os.Rename(up.bare, up.bare+".gone"); err != nil {
		t.Fatal(err)
	}
	_, err = m.Fetch(ctx, "acme")
	if err == nil || !strings.Contains(err.Error(), "fetch acme from "+up.url()) ||
		!strings.Contains(err.Error(), "the installed copy ("+Short(a.Pin.Commit)+") stays in use") {
		t.Fatalf("err = %v", err)
	}
	lib, ps, err := LoadLibrary(m.Home)
	if err != nil || len(ps) != 0 || len(lib.Snippets) != 3 {
		t.Fatalf("after failed fetch: %v %v %d", err, ps, len(lib.Snippets))
	}
	lock, _ := ReadLock(m.Home)
	if lock.Packs[0].Commit != a.Pin.Commit {
		t.Fatal("the pin moved")
	}
	assertNoStaging(t, m)
}

func TestNothingInAPackRuns(t *testing.T) {
	isolateGit(t)
	marker := filepath.Join(t.TempDir(), "ran")
	hook := "#!/bin/sh\necho ran >> " + marker + "\n"
	files := packV1()
	files[".gitattributes"] = "* filter=evil\n*.yml filter=evil\n"
	files["hooks/post-checkout"] = hook
	files[".githooks/post-checkout"] = hook
	files["link.yml"] = ""
	up := newUpstream(t, files)
	// A symbolic link pointing out of the pack, committed upstream.
	os.Symlink("/etc/passwd", filepath.Join(up.work, "snippets", "passwd.yml"))
	up.commit("link", nil)

	// A machine on which running any of it would show: a global hooks folder
	// holding the pack's hook and a configured "evil" filter driver.
	hooksDir := filepath.Join(up.work, "hooks")
	for _, h := range []string{"post-checkout", "reference-transaction", "post-merge", "post-update"} {
		os.WriteFile(filepath.Join(hooksDir, h), []byte(hook), 0o755)
	}
	evil := filepath.Join(t.TempDir(), "evil.sh")
	os.WriteFile(evil, []byte(hook+"cat\n"), 0o755)
	cfg := filepath.Join(t.TempDir(), "gitconfig")
	os.WriteFile(cfg, []byte("[core]\n\thooksPath = "+hooksDir+"\n[filter \"evil\"]\n\tsmudge = "+evil+"\n\tclean = cat\n\trequired = true\n"), 0o644)
	clean := os.Getenv("GIT_CONFIG_GLOBAL")
	t.Setenv("GIT_CONFIG_GLOBAL", cfg)

	// The trap works: a plain git clone runs the hook and the filter.
	gitT(t, t.TempDir(), "clone", "-q", up.url(), "plain")
	if _, err := os.Stat(marker); err != nil {
		t.Fatal("the test's trap did not fire for a plain clone; the test proves nothing")
	}
	os.Remove(marker)

	m := newManager(t)
	if _, err := m.Add(ctx, up.url(), "", ""); err != nil {
		t.Fatal(err)
	}
	// The team lead commits on a normal machine.
	t.Setenv("GIT_CONFIG_GLOBAL", clean)
	up.commit("more", map[string]string{"snippets/more.yml": "snippets:\n  - trigger: \";more\"\n    replace: more\n"})
	t.Setenv("GIT_CONFIG_GLOBAL", cfg)
	u, err := m.Fetch(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	if err := u.Apply(ctx); err != nil {
		t.Fatal(err)
	}
	rb, err := m.Rollback(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	if err := rb.Apply(ctx); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(marker); err == nil {
		t.Fatalf("something from the pack ran: %q", data)
	}
	// Files are content only: no symbolic link, nothing executable.
	if _, err := os.Lstat(filepath.Join(m.dir("acme"), "snippets", "passwd.yml")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("symbolic link installed: %v", err)
	}
	fi, err := os.Stat(filepath.Join(m.dir("acme"), "hooks", "post-checkout"))
	if err != nil || fi.Mode().Perm()&0o111 != 0 {
		t.Fatalf("hook file: %v %v", err, fi.Mode())
	}
	if data, _ := os.ReadFile(filepath.Join(m.dir("acme"), "snippets", "replies.yml")); string(data) != repliesV1 {
		t.Fatalf("content changed on the way: %q", data)
	}
}

func TestNormalizeSource(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ in, want, err string }{
		{"https://github.com/acme/pack.git", "https://github.com/acme/pack.git", ""},
		{"ssh://git@example.com/acme/pack.git", "ssh://git@example.com/acme/pack.git", ""},
		{"git@github.com:acme/pack.git", "git@github.com:acme/pack.git", ""},
		{"file:///srv/pack.git", "file:///srv/pack.git", ""},
		{dir, dir, ""},
		{"ext::sh -c touch% /tmp/pwned", "", "remote helper"},
		{"fd::17", "", "remote helper"},
		{"http://example.com/pack.git", "", "use https"},
		{"ftp://example.com/pack.git", "", "only file, https, ssh and git"},
		{"--upload-pack=touch /tmp/x", "", "looks like an option"},
		{"no/such/folder", "", "neither a folder nor a git URL"},
	} {
		got, err := NormalizeSource(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: err = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%q = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestProtocolAllowList(t *testing.T) {
	isolateGit(t)
	// Even a URL that slips past NormalizeSource cannot use another transport.
	g := Git{}
	err := g.runNetwork(ctx, t.TempDir(), "clone", "--bare", "--", "ext::sh -c 'touch pwned'", "x.git")
	if err == nil {
		t.Fatal("ext:: transport allowed")
	}
}

var _ = snippets.Error

func TestStaleStagingCleaned(t *testing.T) {
	up := newUpstream(t, packV1())
	m := newManager(t)
	os.MkdirAll(filepath.Join(m.packsDir(), ".add-old", "files"), 0o755)
	os.MkdirAll(filepath.Join(m.packsDir(), ".update-recent"), 0o755) // maybe another command's
	now := time.Now()
	m.Now = func() time.Time { return now }
	os.Chtimes(filepath.Join(m.packsDir(), ".add-old"), now.Add(-2*staleAfter), now.Add(-2*staleAfter))
	if _, err := m.Add(ctx, up.url(), "", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(m.packsDir(), ".add-old")); !errors.Is(err, os.ErrNotExist) {
		t.Error("stale staging folder kept")
	}
	if _, err := os.Stat(filepath.Join(m.packsDir(), ".update-recent")); err != nil {
		t.Error("recent staging folder removed")
	}
}
