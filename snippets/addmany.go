package snippets

import (
	"errors"
	"fmt"
)

// Validate reports whether s can be written to a library file and read back
// unchanged (valid triggers, a non-empty reply, at most one caret marker).
func Validate(s Snippet) error { return validate(normalized(s)) }

// AddAll is [Add] for many snippets at once (an import): it appends them all
// to file in one atomic write, keeping every other byte of the file. It
// refuses, writing nothing, when any trigger already exists in the library
// or twice among ss, when a snippet is invalid, or when the file has errors.
func AddAll(dir, file string, ss []Snippet) (string, error) {
	return editor{}.locked(dir, func() (string, error) { return editor{}.addAll(dir, file, ss) })
}

func (e editor) addAll(dir, file string, ss []Snippet) (string, error) {
	rel, err := addFileName(file)
	if err != nil {
		return "", err
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
				return "", fmt.Errorf("add: trigger %s is given twice", QuoteTrigger(t))
			}
			seen[t] = true
			if err := notInLibrary(lib, t); err != nil {
				return "", err
			}
		}
		norm[i] = s
	}
	return e.appendSnippets(dir, rel, norm)
}
