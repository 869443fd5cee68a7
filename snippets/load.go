package snippets

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
)

// Load reads the library in dir (recursively, *.yml and *.yaml in sorted path
// order, hidden files and folders skipped). A missing dir is an empty library.
// The error is only for I/O trouble with dir itself; anything wrong with the
// files, including a file that cannot be read, is a Problem. Positions are
// relative to dir.
func Load(dir string) (*Library, []Problem, error) {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &Library{}, nil, nil
	case err != nil:
		return nil, nil, fmt.Errorf("load library: %w", err)
	case !fi.IsDir():
		return nil, nil, fmt.Errorf("load library: %s is not a folder", dir)
	}
	lib, ps, err := LoadFS(os.DirFS(dir), ".")
	if err != nil {
		return nil, nil, fmt.Errorf("load library %s: %w", dir, err)
	}
	return lib, ps, nil
}

// LoadFS is Load for a library at root inside fsys (an embedded starter pack,
// say). Positions are relative to root.
func LoadFS(fsys fs.FS, root string) (*Library, []Problem, error) {
	if _, err := fs.Stat(fsys, root); errors.Is(err, fs.ErrNotExist) {
		return &Library{}, nil, nil
	} else if err != nil {
		return nil, nil, fmt.Errorf("load library: %w", err)
	}
	lib := &Library{}
	var ps []Problem
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		rel := relTo(root, p)
		if err != nil {
			if p == root {
				return err
			}
			ps = append(ps, Problem{Pos{File: rel}, Error, "cannot read: " + errText(err)})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !isLibraryFile(d.Name()) {
			return nil
		}
		data, err := readLimited(fsys, p)
		if err != nil {
			ps = append(ps, Problem{Pos{File: rel}, Error, "cannot read: " + errText(err)})
			return nil
		}
		lib.Files = append(lib.Files, rel)
		snips, fps := decodeFile(rel, data)
		fps = append(fps, LoadImages(fsys, p, rel, snips)...)
		lib.Snippets = append(lib.Snippets, snips...)
		ps = append(ps, fps...)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("load library: %w", err)
	}
	ps = append(ps, check(lib.Snippets)...)
	order := map[string]int{}
	for i, f := range lib.Files {
		order[f] = i + 1
	}
	sortProblems(ps, order)
	return lib, ps, nil
}

// isLibraryFile reports whether a file name is one the library reads.
func isLibraryFile(name string) bool {
	return !strings.HasPrefix(name, ".") && (strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".yaml"))
}

// readLimited reads a file, but no more than one byte past MaxFileSize, so a
// huge file costs nothing and still gets its size problem.
func readLimited(fsys fs.FS, p string) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, MaxFileSize+1))
}

// relTo returns p relative to root, slash-separated.
func relTo(root, p string) string {
	if root == "." || root == "" {
		return p
	}
	if rel, ok := strings.CutPrefix(p, strings.TrimSuffix(root, "/")+"/"); ok {
		return rel
	}
	return path.Base(p)
}

// errText drops the path an fs error repeats (the problem already names the file).
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
