package pack

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// Limits on what a pack may hold, so a hostile repository cannot fill the disk.
const (
	MaxPackFiles = 2000
	MaxPackBytes = 32 << 20
)

// treeEntry is one regular file of a commit.
type treeEntry struct {
	path string // slash-separated, relative to the repository root
	blob string
	size int64
}

// writeTree writes the regular files of commit in the bare repository repo
// into dir (which must not exist yet), reading blobs directly: no checkout, so
// no hook, filter or attribute of the pack takes part. Symbolic links and
// submodules are skipped and every file is written non-executable.
func (g Git) writeTree(ctx context.Context, repo, commit, dir string) error {
	out, err := g.run(ctx, repo, "ls-tree", "-r", "-z", "--long", "--full-tree", commit)
	if err != nil {
		return err
	}
	var files []treeEntry
	var total int64
	for _, rec := range bytes.Split(out, []byte{0}) {
		if len(rec) == 0 {
			continue
		}
		// <mode> SP <type> SP <object> SP+ <size> TAB <path>
		meta, p, ok := strings.Cut(string(rec), "\t")
		if !ok {
			return fmt.Errorf("git ls-tree: unexpected output %q", rec)
		}
		f := strings.Fields(meta)
		if len(f) != 4 {
			return fmt.Errorf("git ls-tree: unexpected output %q", rec)
		}
		if f[1] != "blob" || (f[0] != "100644" && f[0] != "100755") {
			continue // symbolic link (120000) or submodule (commit)
		}
		if !safeRepoPath(p) {
			continue
		}
		size, err := strconv.ParseInt(f[3], 10, 64)
		if err != nil {
			return fmt.Errorf("git ls-tree: bad size in %q", rec)
		}
		total += size
		files = append(files, treeEntry{p, f[2], size})
	}
	if len(files) > MaxPackFiles {
		return fmt.Errorf("the pack has %d files; the limit is %d", len(files), MaxPackFiles)
	}
	if total > MaxPackBytes {
		return fmt.Errorf("the pack holds %d bytes; the limit is %d", total, MaxPackBytes)
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		return err
	}
	if len(files) == 0 {
		return nil
	}

	c := g.command(ctx, repo, "cat-file", "--batch")
	var in bytes.Buffer
	for _, f := range files {
		in.WriteString(f.blob + "\n")
	}
	c.Stdin = &in
	stdout, err := c.StdoutPipe()
	if err != nil {
		return err
	}
	var errb bytes.Buffer
	c.Stderr = &errb
	if err := c.Start(); err != nil {
		return gitError([]string{"cat-file"}, "", err)
	}
	r := bufio.NewReader(stdout)
	var werr error
	for _, f := range files {
		header, err := r.ReadString('\n')
		if err != nil {
			werr = fmt.Errorf("git cat-file: %w", err)
			break
		}
		hf := strings.Fields(header)
		if len(hf) != 3 || hf[1] != "blob" {
			werr = fmt.Errorf("git cat-file: unexpected %q for %s", strings.TrimSpace(header), f.path)
			break
		}
		n, err := strconv.ParseInt(hf[2], 10, 64)
		if err != nil || n != f.size {
			werr = fmt.Errorf("git cat-file: size mismatch for %s", f.path)
			break
		}
		if werr = writeFile(filepath.Join(dir, filepath.FromSlash(f.path)), io.LimitReader(r, n), n); werr != nil {
			break
		}
		if _, err := r.Discard(1); err != nil { // the newline after the content
			werr = fmt.Errorf("git cat-file: %w", err)
			break
		}
	}
	io.Copy(io.Discard, r)
	if err := c.Wait(); err != nil && werr == nil {
		werr = gitError([]string{"cat-file"}, errb.String(), err)
	}
	return werr
}

// writeFile creates a new file (and its folders) with exactly n bytes from r.
func writeFile(name string, r io.Reader, n int64) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	written, err := io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && written != n {
		err = fmt.Errorf("write %s: short read from git", name)
	}
	return err
}

// safeRepoPath accepts a relative, clean path with no component git itself
// would refuse (.git) or that could leave the folder.
func safeRepoPath(p string) bool {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || path.Clean(p) != p {
		return false
	}
	for _, part := range strings.Split(p, "/") {
		if part == ".." || part == "." || strings.EqualFold(part, ".git") {
			return false
		}
	}
	return filepath.IsLocal(filepath.FromSlash(p))
}
