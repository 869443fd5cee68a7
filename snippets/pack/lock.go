package pack

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/kindly-support/kindly/snippets/atomicfile"
)

// LockFile, in the kindly home, pins every installed pack to one commit.
const LockFile = "packs.lock"

// PacksDir, in the kindly home, holds the installed packs' files.
const PacksDir = "packs"

// reposDir, inside PacksDir, holds the bare clones (hidden from the loader).
const reposDir = ".repos"

// maxPrevious is how many earlier pins a pack keeps for rollback.
const maxPrevious = 10

// Pin is one installed pack in packs.lock.
type Pin struct {
	Name     string    `yaml:"name" json:"name"`
	Source   string    `yaml:"source" json:"source"`               // the URL or folder it was added from
	Ref      string    `yaml:"ref,omitempty" json:"ref,omitempty"` // the branch, tag or commit followed ("": the default branch)
	Commit   string    `yaml:"commit" json:"commit"`               // the exact commit installed
	Previous []string  `yaml:"previous,omitempty" json:"previous,omitempty"`
	Updated  time.Time `yaml:"updated,omitempty" json:"updated,omitzero"`
}

// Lock is packs.lock: the installed packs, sorted by name.
type Lock struct {
	Packs []Pin `yaml:"packs"`
}

// Find returns the pin of the pack called name.
func (l *Lock) Find(name string) (*Pin, bool) {
	for i := range l.Packs {
		if l.Packs[i].Name == name {
			return &l.Packs[i], true
		}
	}
	return nil, false
}

// set adds or replaces a pin, keeping the list sorted.
func (l *Lock) set(p Pin) {
	if old, ok := l.Find(p.Name); ok {
		*old = p
		return
	}
	l.Packs = append(l.Packs, p)
	sort.Slice(l.Packs, func(i, j int) bool { return l.Packs[i].Name < l.Packs[j].Name })
}

// remove drops the pin of name.
func (l *Lock) remove(name string) {
	for i := range l.Packs {
		if l.Packs[i].Name == name {
			l.Packs = append(l.Packs[:i], l.Packs[i+1:]...)
			return
		}
	}
}

// ReadLock reads packs.lock in home; a missing file is an empty lock.
func ReadLock(home string) (*Lock, error) {
	p := filepath.Join(home, LockFile)
	data, err := atomicfile.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return &Lock{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", LockFile, err)
	}
	var l Lock
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&l); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read %s: %v (it is written by 'kindly pack'; fix or delete it and add the packs again)", LockFile, err)
	}
	seen := map[string]bool{}
	for i, pin := range l.Packs {
		switch {
		case !ValidName(pin.Name):
			return nil, fmt.Errorf("read %s: pack %d: %s", LockFile, i+1, nameProblem(pin.Name))
		case seen[pin.Name]:
			return nil, fmt.Errorf("read %s: pack %q is listed twice", LockFile, pin.Name)
		case !commitRE.MatchString(pin.Commit):
			return nil, fmt.Errorf("read %s: pack %q: commit %q is not a full commit id", LockFile, pin.Name, pin.Commit)
		}
		seen[pin.Name] = true
	}
	return &l, nil
}

const lockHeader = `# packs.lock: the exact commit of every team pack installed in this kindly home.
# Written by 'kindly pack add/update/rollback/remove'; do not edit by hand.
`

// write replaces packs.lock atomically.
func (l *Lock) write(home string) error {
	var b bytes.Buffer
	b.WriteString(lockHeader)
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(l); err != nil {
		return fmt.Errorf("write %s: %w", LockFile, err)
	}
	enc.Close()
	return writeAtomic(filepath.Join(home, LockFile), b.Bytes())
}

// writeAtomic writes data to a temporary file next to name, then renames it.
func writeAtomic(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	if err := atomicfile.Write(name, data, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(name), err)
	}
	return nil
}
