package snippets

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Validate reports whether s can be written to a library file and read back
// unchanged (valid triggers, a non-empty reply, at most one caret marker).
func Validate(s Snippet) error { return validate(normalized(s)) }

// AddAll is [Add] for many snippets at once (an import): it appends them all
// to file in one atomic write, keeping every other byte of the file. It
// refuses, writing nothing, when any trigger already exists in the library
// or twice among ss, when a snippet is invalid, or when the file has errors.
func AddAll(dir, file string, ss []Snippet) (string, error) {
	return editor{}.addAll(dir, file, ss)
}

func (e editor) addAll(dir, file string, ss []Snippet) (string, error) {
	if file == "" {
		file = DefaultFile
	}
	rel, err := libraryFileName(file)
	if err != nil {
		return "", fmt.Errorf("add: %w", err)
	}
	if len(ss) == 0 {
		return "", errors.New("add: nothing to add")
	}
	lib, _, err := Load(dir)
	if err != nil {
		return "", fmt.Errorf("add: %w", err)
	}
	seen := map[string]bool{}
	norm := make([]Snippet, len(ss))
	for i, s := range ss {
		s = normalized(s)
		if err := validate(s); err != nil {
			return "", fmt.Errorf("add %q: %w", s.Triggers, err)
		}
		for _, t := range s.Triggers {
			if seen[t] {
				return "", fmt.Errorf("add: trigger %q is given twice", t)
			}
			seen[t] = true
			if other, ok := lib.Find(t); ok {
				for j, ot := range other.Triggers {
					if ot == t {
						return "", fmt.Errorf("add: trigger %q already exists at %s", t, other.triggerPos(j))
					}
				}
			}
		}
		norm[i] = s
	}
	p := filepath.Join(dir, filepath.FromSlash(rel))
	old, err := os.ReadFile(p)
	existed := err == nil
	switch {
	case errors.Is(err, fs.ErrNotExist):
		old = nil
	case err != nil:
		return "", fmt.Errorf("add: %w", err)
	}
	var before []Snippet
	var updated []byte
	if existed {
		if before, err = decodeClean(rel, old); err != nil {
			return "", fmt.Errorf("add: %w", err)
		}
		updated = old
		for _, s := range norm {
			if updated, err = spliceAdd(updated, s); err != nil {
				return "", fmt.Errorf("add to %s: %w", rel, err)
			}
		}
	} else {
		text := newFileHeader + "snippets:\n"
		for _, s := range norm {
			text += entryText(s, 2, 2, "\n")
		}
		updated = []byte(text)
	}
	after, ps := decodeFile(rel, updated)
	if HasErrors(ps) || !sameSnippets(after, append(before, norm...)) {
		return "", fmt.Errorf("add to %s: the edited file would not read back as intended (%v); nothing written", rel, firstError(ps))
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return "", fmt.Errorf("add: %w", err)
	}
	if err := e.write(p, old, existed, updated); err != nil {
		return "", fmt.Errorf("add: %w", err)
	}
	return p, nil
}
