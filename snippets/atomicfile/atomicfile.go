// Package atomicfile replaces files so that a crash or a concurrent reader
// sees the old content or the new, never a part: the new content goes to a
// temporary file in the same folder, is synced and given its mode, and is then
// moved over the file in one step, after which the folder is synced too.
package atomicfile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrChanged is returned by Commit when the file is not as the caller read it.
var ErrChanged = errors.New("the file changed on disk meanwhile")

// Pending is new content for a file, safely written to a temporary file
// beside it and waiting to be put in place by Replace or Create. Discard
// (deferred right after Prepare) cleans up whatever is left.
type Pending struct {
	path, tmp string
	done      bool // the temporary file is in place
}

// Prepare writes data, with permission perm, to a synced temporary file in
// path's folder (which must exist). Nothing is at path yet: the caller may
// check what it needs to, then call Replace or Create.
func Prepare(path string, data []byte, perm fs.FileMode) (*Pending, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, err
	}
	p := &Pending{path: path, tmp: tmp.Name()}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		p.Discard()
		return nil, err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		p.Discard()
		return nil, err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		p.Discard()
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		p.Discard()
		return nil, err
	}
	return p, nil
}

// Replace puts the new content at the path, over whatever is there.
func (p *Pending) Replace() error {
	if err := os.Rename(p.tmp, p.path); err != nil {
		return err
	}
	p.done = true
	syncDir(p.path)
	return nil
}

// Create puts the new content at the path only if nothing is there: when
// something is (even something that appeared since Prepare), the error
// matches fs.ErrExist and it is left alone.
func (p *Pending) Create() error {
	if err := os.Link(p.tmp, p.path); err != nil {
		return err
	}
	p.done = true
	os.Remove(p.tmp)
	syncDir(p.path)
	return nil
}

// Commit puts the content in place unless the file changed since the caller
// read it: existed and old say what the caller saw (no file, or old). It
// returns ErrChanged, having written nothing, when the file is no longer
// so; a file that appeared meanwhile is never clobbered.
func (p *Pending) Commit(existed bool, old []byte) error {
	if existed {
		cur, err := os.ReadFile(p.path)
		if err != nil || !bytes.Equal(cur, old) {
			return ErrChanged
		}
		return p.Replace()
	}
	if err := p.Create(); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return ErrChanged
		}
		return err
	}
	return nil
}

// Update writes data to path in place of what the caller read: old, when
// existed, or no file at all. It follows a symlink (the link stays), keeps
// the file's permissions (new files get 0644), and refuses with an error
// naming the file when it is no longer as the caller read it.
// beforeCommit, when not nil, runs just before the check (tests use it to
// change the file meanwhile).
func Update(path string, old []byte, existed bool, data []byte, beforeCommit func(path string)) error {
	mode := fs.FileMode(0o644)
	if existed {
		if real, err := filepath.EvalSymlinks(path); err == nil {
			path = real
		}
		fi, err := os.Stat(path)
		if err != nil {
			return err
		}
		mode = fi.Mode().Perm()
	}
	f, err := Prepare(path, data, mode)
	if err != nil {
		return err
	}
	defer f.Discard()
	if beforeCommit != nil {
		beforeCommit(path)
	}
	if err := f.Commit(existed, old); err != nil {
		if errors.Is(err, ErrChanged) {
			return changedError{fmt.Sprintf("%s changed on disk while kindly was editing it; nothing written, try again", path)}
		}
		return err
	}
	return nil
}

// Discard removes the temporary file if it was not put in place.
func (p *Pending) Discard() {
	if !p.done {
		os.Remove(p.tmp)
	}
}

// Write replaces (or creates) path with data, with permission perm, in one
// step. The folder must exist.
func Write(path string, data []byte, perm fs.FileMode) error {
	p, err := Prepare(path, data, perm)
	if err != nil {
		return err
	}
	defer p.Discard()
	return p.Replace()
}

// syncDir makes a rename in path's folder durable; not all systems support
// it, so failure is not an error.
func syncDir(path string) {
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
}

// ErrNotRegular is returned by ReadFile for a named pipe, device or socket.
var ErrNotRegular = errors.New("not a regular file (a named pipe, device or socket); kindly reads only regular files")

// ReadFile reads a file kindly owns (config.yml, packs.lock, stats.json) like
// os.ReadFile, a symlink followed, but refuses anything that is not a
// regular file without opening it: opening a named pipe would block until
// something writes to it, and wedge the command or the daemon's reload.
func ReadFile(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: path, Err: ErrNotRegular}
	}
	return os.ReadFile(path)
}

// changedError is Update's message for ErrChanged: it names the file and
// still matches errors.Is(err, ErrChanged), so callers (the manager's API)
// can tell a race from other failures.
type changedError struct{ msg string }

func (e changedError) Error() string { return e.msg }
func (e changedError) Unwrap() error { return ErrChanged }
