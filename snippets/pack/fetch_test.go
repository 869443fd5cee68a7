package pack

import (
	"crypto/rand"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dirSize adds up the sizes of the files under dir.
func dirSizeT(t *testing.T, dir string) int64 {
	t.Helper()
	var n int64
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

func randomText(t *testing.T, n int) string {
	t.Helper()
	b := make([]byte, n)
	rand.Read(b)
	const hex = "0123456789abcdef"
	for i := range b {
		b[i] = hex[b[i]&15]
	}
	return string(b)
}

// A big file deleted in a later commit is not fetched: kindly fetches only
// the pinned commit (shallow), so the git copy holds what is installed.
func TestAddFetchesOnlyThePinnedCommit(t *testing.T) {
	up := newUpstream(t, packV1())
	up.commit("big data", map[string]string{"data/big.txt": randomText(t, 8<<20)})
	up.commit("oops, not for the pack", map[string]string{"data/big.txt": ""})
	m := newManager(t)
	if _, err := m.Add(ctx, up.url(), "", ""); err != nil {
		t.Fatal(err)
	}
	if n := dirSizeT(t, filepath.Join(m.packsDir(), reposDir)); n > 1<<20 {
		t.Fatalf("the git copy holds %d bytes: history was fetched, not the pinned commit", n)
	}
	// An update fetches only the new commit too.
	up.commit("big again", map[string]string{"data/big2.txt": randomText(t, 4<<20)})
	up.commit("and gone", map[string]string{"data/big2.txt": "", "snippets/more.yml": "snippets:\n  - trigger: \";more\"\n    replace: more\n"})
	u, err := m.Fetch(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	defer u.Discard()
	if u.UpToDate() {
		t.Fatal("update not seen")
	}
	if n := dirSizeT(t, filepath.Join(m.packsDir(), reposDir)); n > 1<<20 {
		t.Fatalf("after update the git copy holds %d bytes", n)
	}
	if err := u.Apply(ctx); err != nil {
		t.Fatal(err)
	}
	// Rollback still has the earlier pin.
	r, err := m.Rollback(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Apply(ctx); err != nil {
		t.Fatal(err)
	}
}

// A repository whose fetch passes the limit is refused while it downloads,
// and nothing is left behind.
func TestAddRefusesOversizedFetch(t *testing.T) {
	up := newUpstream(t, packV1())
	up.commit("big data", map[string]string{"data/big.txt": randomText(t, 6<<20)})
	m := newManager(t)
	m.MaxFetch = 1 << 20
	_, err := m.Add(ctx, up.url(), "", "")
	if err == nil || !strings.Contains(err.Error(), "the repository passed 1 MiB while downloading; kindly refuses packs this large") {
		t.Fatalf("err = %v", err)
	}
	if n := dirSizeT(t, m.packsDir()); n > 0 {
		t.Fatalf("%d bytes left in packs/", n)
	}
	if _, err := os.Stat(filepath.Join(m.Home, LockFile)); err == nil {
		t.Fatal("packs.lock written")
	}
}

// A short commit id (as docs/packs.md shows) is pinned as the full id, so
// later updates do not ask the remote for a ref named like it.
func TestAddShortCommitPinsFullID(t *testing.T) {
	up := newUpstream(t, packV1())
	first := strings.TrimSpace(gitT(t, up.work, "rev-parse", "HEAD"))
	up.commit("more", map[string]string{"snippets/more.yml": "snippets:\n  - trigger: \";more\"\n    replace: more\n"})
	m := newManager(t)
	a, err := m.Add(ctx, up.url(), "", first[:7])
	if err != nil {
		t.Fatal(err)
	}
	if a.Pin.Commit != first || a.Pin.Ref != first {
		t.Fatalf("pinned %+v, want ref and commit %s", a.Pin, first)
	}
	for range 2 {
		u, err := m.Fetch(ctx, "acme")
		if err != nil {
			t.Fatalf("update after a short ref: %v", err)
		}
		if !u.UpToDate() {
			t.Fatal("a commit pin moved")
		}
	}
	if _, err := m.Add(ctx, up.url(), "nope", "abcdef0"); err == nil || !strings.Contains(err.Error(), `no branch, tag or commit "abcdef0"`) {
		t.Fatalf("unknown short id: %v", err)
	}
}

// Credentials in a pack URL are dropped before git sees the URL: they are
// never echoed, nor stored in packs.lock or the git copy; git's credential
// helper supplies them instead.
func TestCredentialsNeverStored(t *testing.T) {
	up := newUpstream(t, packV1())
	cfg := os.Getenv("GIT_CONFIG_GLOBAL")
	f, _ := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("[url \"" + up.url() + "\"]\n\tinsteadOf = https://git.example.com/acme/pack.git\n")
	f.Close()
	m := newManager(t)
	a, err := m.Add(ctx, "https://agent:SECRET-TOKEN@git.example.com/acme/pack.git", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if a.Pin.Source != "https://git.example.com/acme/pack.git" {
		t.Fatalf("source %q", a.Pin.Source)
	}
	filepath.WalkDir(m.Home, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(p); strings.Contains(string(b), "SECRET-TOKEN") {
				t.Errorf("%s holds the token", p)
			}
		}
		return nil
	})
}

func TestRedactSource(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://agent:SECRET@host/x.git", "https://host/x.git"},
		{"https://TOKEN@host/x.git", "https://host/x.git"},
		{"ssh://git:pw@host/x.git", "ssh://git@host/x.git"},
		{"ssh://git@host/x.git", "ssh://git@host/x.git"},
		{"git@github.com:acme/pack.git", "git@github.com:acme/pack.git"},
		{"http://a:b@host/x", "http://host/x"},
		{"/srv/pack", "/srv/pack"},
	} {
		if got, _ := RedactSource(tc.in); got != tc.want {
			t.Errorf("RedactSource(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if _, err := NormalizeSource("http://a:SECRET@host/x"); err == nil || strings.Contains(err.Error(), "SECRET") {
		t.Fatalf("error echoes the secret: %v", err)
	}
}
