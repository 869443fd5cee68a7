package snippets

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Group is a run of snippets that came from one place (an espanso match
// file, a TextExpander group) and go into library files named after it.
type Group struct {
	Name     string // a file name stem: "base", "packages-misspell-en"
	Snippets []Snippet
}

// NewFile is one library file [SplitFiles] laid out.
type NewFile struct {
	Name     string // "03-base.yml": a sequence number keeps the source's order
	Data     []byte
	Snippets int
}

// SplitFiles lays groups out as library files, each under MaxFileSize: a
// group too big for one file goes on in the next. File names start with a
// zero-padded sequence number, so the library, which reads files in sorted
// path order, reads them in the groups' order. header starts every file (a
// comment saying where the snippets came from). Every file is read back and
// must hold exactly its snippets; an invalid snippet is an error naming it.
func SplitFiles(groups []Group, header string) ([]NewFile, error) {
	type chunk struct {
		stem  string
		text  strings.Builder
		snips []Snippet
	}
	start := header + "snippets:\n"
	limit := MaxFileSize - 1
	var chunks []*chunk
	for _, g := range groups {
		stem := fileStem(g.Name)
		var cur *chunk
		part := 0
		for _, s := range g.Snippets {
			s = normalized(s)
			entry := entryText(s, 2, 2, "\n")
			if len(start)+len(entry) > limit {
				return nil, fmt.Errorf("%s: the reply of %s alone is over the 1 MiB file limit", g.Name, QuoteTrigger(s.Triggers[0]))
			}
			if cur == nil || cur.text.Len()+len(entry) > limit {
				part++
				cur = &chunk{stem: stem}
				if part > 1 {
					cur.stem += "-" + strconv.Itoa(part)
				}
				cur.text.WriteString(start)
				chunks = append(chunks, cur)
			}
			cur.text.WriteString(entry)
			cur.snips = append(cur.snips, s)
		}
	}
	width := max(2, len(strconv.Itoa(len(chunks))))
	files := make([]NewFile, len(chunks))
	for i, c := range chunks {
		name := fmt.Sprintf("%0*d-%s.yml", width, i+1, c.stem)
		data := []byte(c.text.String())
		got, ps := decodeFile(name, data)
		if p := firstError(ps); p != nil {
			return nil, fmt.Errorf("%s would not read back: %s", name, p)
		}
		if !sameSnippets(got, c.snips) {
			return nil, fmt.Errorf("%s would not read back as written; nothing written", name)
		}
		files[i] = NewFile{Name: name, Data: data, Snippets: len(c.snips)}
	}
	return files, nil
}

// fileStem makes a file name stem of a source name: its path without the
// extension, with every character other than letters, digits, "-" and "_"
// made "-".
func fileStem(name string) string {
	name = strings.TrimSuffix(name, filepath.Ext(name))
	var b strings.Builder
	for _, r := range name {
		switch {
		case r == '-' || r == '_' || r == '.' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || r > 127:
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	s := strings.Trim(b.String(), "-.")
	if s == "" {
		return "snippets"
	}
	return s
}

// ReplaceFolder makes the folder rel (inside the library dir) hold exactly
// files: they are written into a hidden folder beside it (which the
// library never reads), which then takes the folder's place in one rename;
// the old folder, if any, goes only after that. A crash leaves either the
// old folder or the new one, plus a hidden leftover.
func ReplaceFolder(dir, rel string, files []NewFile) error {
	if len(files) == 0 {
		return errors.New("replace folder: no files")
	}
	target := filepath.Join(dir, filepath.FromSlash(rel))
	parent, base := filepath.Split(target)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("replace folder: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return fmt.Errorf("replace folder: %w", err)
	}
	defer os.RemoveAll(tmp)
	for _, f := range files {
		if err := writeSynced(filepath.Join(tmp, f.Name), f.Data); err != nil {
			return fmt.Errorf("replace folder: %w", err)
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("replace folder: %w", err)
	}
	old := ""
	if _, err := os.Stat(target); err == nil {
		old = filepath.Join(parent, "."+base+".old-"+strconv.Itoa(os.Getpid()))
		os.RemoveAll(old)
		if err := os.Rename(target, old); err != nil {
			return fmt.Errorf("replace folder: %w", err)
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		if old != "" {
			os.Rename(old, target)
		}
		return fmt.Errorf("replace folder: %w", err)
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}

func writeSynced(p string, data []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
