// Package filelock serialises kindly's read-modify-write of its own files
// between processes: two `kindly add`, a `profile set` beside a `pack add`,
// the daemon flushing stats while `kindly stats --reset` runs. Each writer
// takes an advisory lock (flock on Unix, LockFileEx on Windows) on a small
// hidden file beside what it protects, reads, changes, writes and only then
// lets go, so no write is lost while another command reports success.
//
// The lock file is never removed: removing it would let two processes lock
// two different files of the same name. Readers need no lock, since every
// write is an atomic rename (see snippets/atomicfile).
package filelock

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Wait is how long Lock waits for another kindly command to finish.
const Wait = 30 * time.Second

// poll is how often a held lock is tried again.
const poll = 5 * time.Millisecond

// errBusy is what tryLock returns when another process holds the lock.
var errBusy = errors.New("locked by another process")

// Held is a lock this process holds; Unlock releases it.
type Held struct {
	f *os.File
}

// Unlock releases the lock; closing the file is enough on every system, and
// the lock also goes when the process ends, however it ends.
func (h *Held) Unlock() {
	if h != nil && h.f != nil {
		h.f.Close()
		h.f = nil
	}
}

// For is the lock file that guards path: ".NAME.lock" in path's folder.
func For(path string) string {
	dir, base := filepath.Split(filepath.Clean(path))
	return filepath.Join(dir, "."+base+".lock")
}

// Lock takes the lock that guards path (a file or a folder, which need not
// exist; its parent folder is created), waiting up to Wait for another
// process to release it. The error names what was busy.
func Lock(path string) (*Held, error) {
	return lockWait(For(path), path, Wait)
}

func lockWait(name, what string, wait time.Duration) (*Held, error) {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return nil, fmt.Errorf("lock %s: %w", what, err)
	}
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", what, err)
	}
	deadline := time.Now().Add(wait)
	for {
		err := tryLock(f)
		if err == nil {
			return &Held{f: f}, nil
		}
		if !errors.Is(err, errBusy) {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", what, err)
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("%s is being changed by another kindly command (waited %s for %s); nothing written, try again", what, wait, name)
		}
		time.Sleep(poll)
	}
}
