package pack

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// DefaultMaxFetch is how much a pack's git copy may grow by in one fetch:
// twice what a pack's files may hold (MaxPackBytes), since git keeps them
// compressed but also keeps the commit and tree objects.
const DefaultMaxFetch = 2 * MaxPackBytes

// maxFetch is the fetch limit of m.
func (m *Manager) maxFetch() int64 {
	if m.MaxFetch > 0 {
		return m.MaxFetch
	}
	return DefaultMaxFetch
}

// shortIDRE is an abbreviated commit id, as `git log --oneline` shows.
var shortIDRE = regexp.MustCompile(`^[0-9a-f]{4,39}$`)

// RedactSource drops credentials from a pack URL: all of the user part of
// an https, http, git or file URL (a token is often given as the user name),
// and the password of an ssh URL (its user name, often "git", is needed).
// had reports whether anything was dropped. kindly never passes credentials
// to git on the command line, echoes them or stores them in packs.lock: a git
// credential helper supplies them instead (docs/packs.md).
func RedactSource(source string) (clean string, had bool) {
	m := schemeRE.FindStringSubmatch(source)
	if m == nil {
		return source, false
	}
	u, err := url.Parse(source)
	if err != nil || u.User == nil {
		if at := strings.LastIndex(source, "@"); err != nil && at > len(m[0]) {
			// Unparsable, but it may hold a password: keep only what follows.
			return m[0] + source[at+1:], true
		}
		return source, false
	}
	switch strings.ToLower(m[1]) {
	case "ssh", "git+ssh", "ssh+git":
		if _, hasPassword := u.User.Password(); !hasPassword {
			return source, false
		}
		u.User = url.User(u.User.Username())
	default:
		u.User = nil
	}
	return u.String(), true
}

// fetchLimited runs `git fetch ARGS` in repo and stops it as soon as the
// repository grows past limit bytes: the size limit holds for what is
// downloaded, not only for the files installed.
func (g Git) fetchLimited(ctx context.Context, repo string, limit int64, args ...string) error {
	start := dirSize(repo)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	over := make(chan struct{})
	done := make(chan struct{})
	defer close(done)
	go func() {
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if dirSize(repo)-start > limit {
					close(over)
					cancel()
					return
				}
			}
		}
	}()
	err := g.runNetwork(ctx, repo, append([]string{"fetch"}, args...)...)
	select {
	case <-over:
		return &tooLargeError{limit}
	default:
	}
	return err
}

// dirSize adds up the sizes of the files under dir.
func dirSize(dir string) int64 {
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

// fetchPinned creates the bare repository repo and fetches into it only the
// commit ref names in src (shallow: no history), within the fetch limit. A
// branch or tag is looked up on the remote first; a full commit id is
// fetched as it is; a short one is matched against the remote's branch and
// tag tips, else against their history. pinned is what packs.lock follows:
// the ref as given for a branch or tag, the full commit id for a commit.
func (m *Manager) fetchPinned(ctx context.Context, repo, src, ref string) (commit, pinned string, err error) {
	if _, err := m.Git.run(ctx, "", "init", "--quiet", "--bare", repo); err != nil {
		return "", "", err
	}
	out, err := m.Git.run(ctx, "", "ls-remote", "--", src)
	if err != nil {
		return "", "", fmt.Errorf("fetch %s: %w", src, err)
	}
	tips := map[string]string{} // ref name -> commit (or tag object)
	for _, l := range strings.Split(string(out), "\n") {
		if id, name, ok := strings.Cut(strings.TrimSpace(l), "\t"); ok {
			tips[name] = id
		}
	}
	limit := m.maxFetch()
	shallow := func(what string) error {
		return m.Git.fetchLimited(ctx, repo, limit, "--depth=1", "--no-tags", "--", src, what)
	}
	pinned = ref
	switch {
	case ref == "":
		if _, ok := tips["HEAD"]; !ok {
			return "", "", errors.New("the repository has no default branch (HEAD); give --ref BRANCH")
		}
		err = shallow("HEAD")
	case tips["refs/tags/"+ref] != "":
		err = shallow("refs/tags/" + ref)
	case tips["refs/heads/"+ref] != "":
		err = shallow("refs/heads/" + ref)
	case commitRE.MatchString(ref):
		err = shallow(ref)
	case shortIDRE.MatchString(ref):
		full := ""
		for name, id := range tips {
			if strings.HasPrefix(id, ref) && !strings.HasSuffix(name, "^{}") {
				full = id
			}
		}
		if full != "" {
			err = shallow(full)
			break
		}
		// Not a tip: look in the history of the branches and tags.
		if err = m.Git.fetchLimited(ctx, repo, limit, "--no-tags", "--", src, "+refs/heads/*:refs/kindly/remote/heads/*", "+refs/tags/*:refs/kindly/remote/tags/*"); err != nil {
			break
		}
		id, rerr := m.Git.run(ctx, repo, "rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}")
		if rerr != nil {
			return "", "", fmt.Errorf("no branch, tag or commit %q in the repository", ref)
		}
		m.Git.run(ctx, repo, "update-ref", "FETCH_HEAD", strings.TrimSpace(string(id)))
	default:
		return "", "", fmt.Errorf("no branch, tag or commit %q in the repository", ref)
	}
	var tooLarge *tooLargeError
	if errors.As(err, &tooLarge) {
		return "", "", err
	}
	if err != nil {
		return "", "", fmt.Errorf("fetch %s: %w", src, err)
	}
	id, err := m.Git.run(ctx, repo, "rev-parse", "--verify", "FETCH_HEAD^{commit}")
	if err != nil {
		return "", "", fmt.Errorf("fetch %s: %w", src, err)
	}
	commit = strings.TrimSpace(string(id))
	if !commitRE.MatchString(commit) {
		return "", "", fmt.Errorf("fetch %s: unexpected commit id %q", src, commit)
	}
	if tips["refs/tags/"+ref] == "" && tips["refs/heads/"+ref] == "" && ref != "" {
		pinned = commit // a commit: pinned by its full id, so updates never look it up again
	}
	// Drop the history fetched to find a short id; the pin keeps what is needed.
	if refs, err := m.Git.run(ctx, repo, "for-each-ref", "--format=%(refname)", "refs/kindly/remote/"); err == nil {
		for _, r := range strings.Fields(string(refs)) {
			m.Git.run(ctx, repo, "update-ref", "-d", r)
		}
	}
	return commit, pinned, nil
}

// tooLargeError is a fetch stopped at the limit.
type tooLargeError struct{ limit int64 }

func (e *tooLargeError) Error() string {
	return fmt.Sprintf("the repository passed %d MiB while downloading; kindly refuses packs this large (a pack's files may hold at most %d MiB)", e.limit>>20, MaxPackBytes>>20)
}
