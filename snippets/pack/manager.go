package pack

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/filelock"
)

// Manager installs, updates, rolls back and removes the packs of one kindly
// home. Every change is staged in a hidden folder inside home/packs and only
// swapped in once it is complete and valid.
type Manager struct {
	Home    string
	Git     Git
	Now     func() time.Time // when pins move (written to packs.lock)
	Version string           // this kindly's version, compared with min_kindly ("" or "dev": any)
	// MaxFetch bounds how much one fetch may add to a pack's git copy, in
	// bytes (0: DefaultMaxFetch); a fetch past it is stopped and refused.
	MaxFetch int64
}

func (m *Manager) packsDir() string       { return filepath.Join(m.Home, PacksDir) }
func (m *Manager) dir(name string) string { return filepath.Join(m.Home, PacksDir, name) }
func (m *Manager) repo(name string) string {
	return filepath.Join(m.Home, PacksDir, reposDir, name+".git")
}
func (m *Manager) now() time.Time {
	if m.Now == nil {
		return time.Time{}
	}
	return m.Now().UTC().Truncate(time.Second)
}

// lockEdit takes the lock that serialises changes to packs.lock and the
// pack folders between kindly commands.
func (m *Manager) lockEdit() (*filelock.Held, error) {
	h, err := filelock.Lock(filepath.Join(m.Home, LockFile))
	if err != nil {
		return nil, fmt.Errorf("change packs: %w", err)
	}
	return h, nil
}

// staleAfter is when a hidden staging folder left in packs/ by an
// interrupted command may be removed.
const staleAfter = time.Hour

// cleanStale removes staging folders that interrupted commands left behind.
func (m *Manager) cleanStale() {
	if m.Now == nil {
		return
	}
	entries, _ := os.ReadDir(m.packsDir())
	for _, e := range entries {
		n := e.Name()
		if !strings.HasPrefix(n, ".add-") && !strings.HasPrefix(n, ".update-") {
			continue
		}
		if fi, err := e.Info(); err == nil && m.Now().Sub(fi.ModTime()) > staleAfter {
			os.RemoveAll(filepath.Join(m.packsDir(), n))
		}
	}
}

// ContentError is a pack refused for what it holds; Problems name file:line
// relative to the pack's root ("snippets/billing.yml:4:5").
type ContentError struct {
	Source   string
	Commit   string
	Problems []snippets.Problem // errors first
}

func (e *ContentError) Error() string {
	n := 0
	for _, p := range e.Problems {
		if p.Severity == snippets.Error {
			n++
		}
	}
	first := ""
	for _, p := range e.Problems {
		if p.Severity == snippets.Error {
			first = ": " + p.String()
			break
		}
	}
	return fmt.Sprintf("the pack at %s (commit %s) has %d error(s)%s", e.Source, short(e.Commit), n, first)
}

// short abbreviates a commit id.
func short(commit string) string {
	if len(commit) > 12 {
		return commit[:12]
	}
	return commit
}

// Short abbreviates a commit id for display (12 hex digits).
func Short(commit string) string { return short(commit) }

// Added describes a pack that was just installed.
type Added struct {
	Pin      Pin
	Manifest Manifest
	Replies  int
	Warnings []snippets.Problem // about the pack's own content, relative to its root
}

// Add clones source (a git URL or a local folder), checks out ref (a branch,
// tag or commit; "" for the default branch) without running anything from it,
// checks the pack and installs it under name ("" for the name in pack.yml),
// pinning the exact commit in packs.lock. A pack with errors is refused with a
// *ContentError and nothing is installed.
func (m *Manager) Add(ctx context.Context, source, name, ref string) (*Added, error) {
	src, err := NormalizeSource(source)
	if err != nil {
		return nil, err
	}
	if strings.HasPrefix(ref, "-") {
		return nil, fmt.Errorf("ref %q looks like an option", ref)
	}
	if name != "" && !ValidName(name) {
		return nil, errors.New(nameProblem(name))
	}
	lock, err := ReadLock(m.Home)
	if err != nil {
		return nil, err
	}
	if name != "" {
		if p, ok := lock.Find(name); ok {
			return nil, fmt.Errorf("a pack named %q is already installed (from %s); update it with 'kindly pack update %s', or choose another --name", name, p.Source, name)
		}
	}
	if err := os.MkdirAll(filepath.Join(m.packsDir(), reposDir), 0o755); err != nil {
		return nil, fmt.Errorf("add pack: %w", err)
	}
	m.cleanStale()
	tmp, err := os.MkdirTemp(m.packsDir(), ".add-*")
	if err != nil {
		return nil, fmt.Errorf("add pack: %w", err)
	}
	defer os.RemoveAll(tmp)
	repo, files := filepath.Join(tmp, "repo.git"), filepath.Join(tmp, "files")
	commit, ref, err := m.fetchPinned(ctx, repo, src, ref)
	if err != nil {
		return nil, err
	}
	if err := m.Git.writeTree(ctx, repo, commit, files); err != nil {
		return nil, fmt.Errorf("read pack at %s: %w", short(commit), err)
	}
	c, err := checkAs(files, "", m.Version)
	if err != nil {
		return nil, err
	}
	if snippets.HasErrors(c.Problems) {
		return nil, &ContentError{Source: src, Commit: commit, Problems: errorsFirst(c.Problems)}
	}
	if _, err := m.Git.run(ctx, repo, "update-ref", pinRef(commit), commit); err != nil {
		return nil, err
	}
	// From here on packs.lock and the pack folders change: one command at a
	// time, and the lock is read again under the edit lock.
	held, err := m.lockEdit()
	if err != nil {
		return nil, err
	}
	defer held.Unlock()
	if lock, err = ReadLock(m.Home); err != nil {
		return nil, err
	}
	if p, ok := lock.Find(name); ok && name != "" {
		return nil, fmt.Errorf("a pack named %q is already installed (from %s); update it with 'kindly pack update %s', or choose another --name", name, p.Source, name)
	}
	if name == "" {
		name = c.Manifest.Name
		if p, ok := lock.Find(name); ok {
			return nil, fmt.Errorf("a pack named %q is already installed (from %s); update it with 'kindly pack update %s', or add this one with --name", name, p.Source, name)
		}
	}
	// Leftovers of an interrupted install are not in packs.lock: replace them.
	if err := os.RemoveAll(m.dir(name)); err != nil {
		return nil, fmt.Errorf("add pack: %w", err)
	}
	if err := os.RemoveAll(m.repo(name)); err != nil {
		return nil, fmt.Errorf("add pack: %w", err)
	}
	if err := os.Rename(repo, m.repo(name)); err != nil {
		return nil, fmt.Errorf("add pack: %w", err)
	}
	if err := os.Rename(files, m.dir(name)); err != nil {
		os.RemoveAll(m.repo(name))
		return nil, fmt.Errorf("add pack: %w", err)
	}
	pin := Pin{Name: name, Source: src, Ref: ref, Commit: commit, Updated: m.now()}
	lock.set(pin)
	if err := lock.write(m.Home); err != nil {
		os.RemoveAll(m.dir(name))
		os.RemoveAll(m.repo(name))
		return nil, err
	}
	return &Added{Pin: pin, Manifest: c.Manifest, Replies: len(c.Library.Snippets), Warnings: c.Problems}, nil
}

// pinRef keeps a pinned commit reachable in the bare clone, so rollback works
// even after upstream rewrote its history.
func pinRef(commit string) string { return "refs/kindly/pins/" + commit }

// errorsFirst orders problems with errors before warnings, keeping order.
func errorsFirst(ps []snippets.Problem) []snippets.Problem {
	var out []snippets.Problem
	for _, p := range ps {
		if p.Severity == snippets.Error {
			out = append(out, p)
		}
	}
	for _, p := range ps {
		if p.Severity != snippets.Error {
			out = append(out, p)
		}
	}
	return out
}

// Update is a staged change of one pack's pin: an update to a newly fetched
// commit, or a rollback to the previous pin. Nothing is installed until
// Apply; call Discard when not applying.
type Update struct {
	Name        string
	From, To    string // commits
	OldManifest Manifest
	NewManifest Manifest
	Changes     []Change           // reply by reply
	Warnings    []snippets.Problem // about the new content, relative to the pack root
	Rollback    bool

	m      *Manager
	staged string // folder holding the new files (in a hidden temp folder)
}

// UpToDate reports whether the update changes nothing.
func (u *Update) UpToDate() bool { return u.From == u.To }

// Fetch fetches the ref pack name follows and stages the new commit: it is
// read and checked (a broken pack gives a *ContentError) and compared with the
// installed one, reply by reply. When fetching fails (offline, say) the
// installed copy is untouched.
func (m *Manager) Fetch(ctx context.Context, name string) (*Update, error) {
	lock, err := ReadLock(m.Home)
	if err != nil {
		return nil, err
	}
	pin, ok := lock.Find(name)
	if !ok {
		return nil, notInstalled(lock, name)
	}
	repo := m.repo(name)
	if _, err := os.Stat(repo); errors.Is(err, fs.ErrNotExist) {
		// The git copy is gone: clone it again, next to where it belongs.
		if err := os.MkdirAll(filepath.Dir(repo), 0o755); err != nil {
			return nil, err
		}
		tmp, err := os.MkdirTemp(filepath.Dir(repo), "."+name+"-*")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		if _, err := m.Git.run(ctx, "", "init", "--quiet", "--bare", filepath.Join(tmp, "r.git")); err != nil {
			return nil, err
		}
		if err := os.Rename(filepath.Join(tmp, "r.git"), repo); err != nil {
			return nil, err
		}
	}
	commit := pin.Commit
	if !commitRE.MatchString(pin.Ref) { // a pinned commit id never moves
		want := pin.Ref
		if want == "" {
			want = "HEAD"
		}
		if err := m.Git.fetchLimited(ctx, repo, m.maxFetch(), "--depth=1", "--no-tags", "--", pin.Source, want); err != nil {
			return nil, fmt.Errorf("fetch %s from %s: %w; the installed copy (%s) stays in use", name, pin.Source, err, short(pin.Commit))
		}
		out, err := m.Git.run(ctx, repo, "rev-parse", "--verify", "FETCH_HEAD^{commit}")
		if err != nil {
			return nil, fmt.Errorf("fetch %s: %w", name, err)
		}
		commit = strings.TrimSpace(string(out))
	}
	return m.stage(ctx, pin, commit, false)
}

// Rollback stages the return of pack name to its previous pin.
func (m *Manager) Rollback(ctx context.Context, name string) (*Update, error) {
	lock, err := ReadLock(m.Home)
	if err != nil {
		return nil, err
	}
	pin, ok := lock.Find(name)
	if !ok {
		return nil, notInstalled(lock, name)
	}
	if len(pin.Previous) == 0 {
		return nil, fmt.Errorf("pack %q has no earlier version to roll back to (it is at %s since it was added)", name, short(pin.Commit))
	}
	if _, err := os.Stat(m.repo(name)); err != nil {
		return nil, fmt.Errorf("the git copy of pack %q is missing; run 'kindly pack update %s' first", name, name)
	}
	return m.stage(ctx, pin, pin.Previous[0], true)
}

// stage writes commit's files next to the installed pack and checks them.
func (m *Manager) stage(ctx context.Context, pin *Pin, commit string, rollback bool) (*Update, error) {
	m.cleanStale()
	u := &Update{Name: pin.Name, From: pin.Commit, To: commit, Rollback: rollback, m: m}
	old, err := checkAs(m.dir(pin.Name), "", "")
	if err == nil {
		u.OldManifest = old.Manifest
	}
	if commit == pin.Commit {
		u.NewManifest = u.OldManifest
		return u, nil
	}
	tmp, err := os.MkdirTemp(m.packsDir(), ".update-*")
	if err != nil {
		return nil, fmt.Errorf("stage %s: %w", pin.Name, err)
	}
	files := filepath.Join(tmp, "files")
	if err := m.Git.writeTree(ctx, m.repo(pin.Name), commit, files); err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("read %s at %s: %w", pin.Name, short(commit), err)
	}
	c, err := checkAs(files, "", m.Version)
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	if snippets.HasErrors(c.Problems) {
		os.RemoveAll(tmp)
		return nil, &ContentError{Source: pin.Source, Commit: commit, Problems: errorsFirst(c.Problems)}
	}
	u.staged = tmp
	u.NewManifest, u.Warnings = c.Manifest, c.Problems
	var before []snippets.Snippet
	if old != nil {
		before = old.Library.Snippets
	}
	u.Changes = Diff(before, c.Library.Snippets)
	return u, nil
}

// Discard drops the staged files.
func (u *Update) Discard() {
	if u.staged != "" {
		os.RemoveAll(u.staged)
		u.staged = ""
	}
}

// Apply swaps the staged files in and moves the pin in packs.lock. On
// failure the previous version stays installed.
func (u *Update) Apply(ctx context.Context) error {
	if u.UpToDate() {
		return nil
	}
	if u.staged == "" {
		return errors.New("apply: the update was discarded")
	}
	defer u.Discard()
	m := u.m
	held, err := m.lockEdit()
	if err != nil {
		return err
	}
	defer held.Unlock()
	lock, err := ReadLock(m.Home)
	if err != nil {
		return err
	}
	pin, ok := lock.Find(u.Name)
	if !ok || pin.Commit != u.From {
		return fmt.Errorf("pack %q changed while updating; run the command again", u.Name)
	}
	if _, err := m.Git.run(ctx, m.repo(u.Name), "update-ref", pinRef(u.To), u.To); err != nil {
		return err
	}
	old := filepath.Join(u.staged, "old")
	dir := m.dir(u.Name)
	hadOld := true
	if err := os.Rename(dir, old); errors.Is(err, fs.ErrNotExist) {
		hadOld = false
	} else if err != nil {
		return fmt.Errorf("apply %s: %w", u.Name, err)
	}
	restore := func() {
		if hadOld {
			os.Rename(old, dir)
		}
	}
	if err := os.Rename(filepath.Join(u.staged, "files"), dir); err != nil {
		restore()
		return fmt.Errorf("apply %s: %w", u.Name, err)
	}
	next := *pin
	if u.Rollback {
		next.Previous = append([]string(nil), pin.Previous[1:]...)
	} else {
		next.Previous = append([]string{pin.Commit}, pin.Previous...)
		if len(next.Previous) > maxPrevious {
			next.Previous = next.Previous[:maxPrevious]
		}
	}
	next.Commit, next.Updated = u.To, m.now()
	lock.set(next)
	if err := lock.write(m.Home); err != nil {
		os.RemoveAll(dir)
		restore()
		return err
	}
	// Forget pins that rolled off the history.
	keep := map[string]bool{next.Commit: true}
	for _, c := range next.Previous {
		keep[c] = true
	}
	for _, c := range append([]string{pin.Commit}, pin.Previous...) {
		if !keep[c] {
			m.Git.run(ctx, m.repo(u.Name), "update-ref", "-d", pinRef(c))
		}
	}
	return nil
}

// Remove uninstalls pack name: its pin, its files and its git copy.
func (m *Manager) Remove(name string) (*Pin, error) {
	held, err := m.lockEdit()
	if err != nil {
		return nil, err
	}
	defer held.Unlock()
	lock, err := ReadLock(m.Home)
	if err != nil {
		return nil, err
	}
	pin, ok := lock.Find(name)
	if !ok {
		return nil, notInstalled(lock, name)
	}
	removed := *pin
	lock.remove(name)
	if err := lock.write(m.Home); err != nil {
		return nil, err
	}
	if err := os.RemoveAll(m.dir(name)); err != nil {
		return &removed, fmt.Errorf("remove %s: %w", name, err)
	}
	if err := os.RemoveAll(m.repo(name)); err != nil {
		return &removed, fmt.Errorf("remove %s: %w", name, err)
	}
	return &removed, nil
}

// notInstalled is the error for an unknown pack name.
func notInstalled(lock *Lock, name string) error {
	if len(lock.Packs) == 0 {
		return fmt.Errorf("no pack named %q is installed (no packs are; add one with 'kindly pack add URL')", name)
	}
	var names []string
	for _, p := range lock.Packs {
		names = append(names, p.Name)
	}
	return fmt.Errorf("no pack named %q is installed (installed: %s)", name, strings.Join(names, ", "))
}
