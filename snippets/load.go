package snippets

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
)

// Load reads the library in dir (recursively, *.yml and *.yaml in sorted path
// order, hidden files and folders skipped). A missing dir is an empty library.
// The error is only for I/O trouble with dir itself; anything wrong with the
// files, including a file that cannot be read, is a Problem. Positions are
// relative to dir.
func Load(dir string) (*Library, []Problem, error) { return LoadWith(dir, nil) }

// LoadWith is Load through a Cache (nil for none): files whose name and
// content the cache knows are not decoded again. Call c.Done after the
// whole load.
func LoadWith(dir string, c *Cache) (*Library, []Problem, error) { return LoadAs(dir, "", c) }

// LoadAs is LoadWith with every position and file name starting with
// prefix ("snippets/", "packs/acme/snippets/"), as if the library were read
// from its parent: a set of libraries names its files that way without
// rewriting every position afterwards.
func LoadAs(dir, prefix string, c *Cache) (*Library, []Problem, error) {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &Library{}, nil, nil
	case err != nil:
		return nil, nil, fmt.Errorf("the library folder: %w", err)
	case !fi.IsDir():
		return nil, nil, fmt.Errorf("the library folder %s is not a folder", dir)
	}
	lib, ps, err := loadFS(os.DirFS(dir), ".", prefix, c)
	if err != nil {
		return nil, nil, fmt.Errorf("the library folder %s: %w", dir, err)
	}
	return lib, ps, nil
}

// LoadFS is Load for a library at root inside fsys (an embedded starter pack,
// say). Positions are relative to root.
func LoadFS(fsys fs.FS, root string) (*Library, []Problem, error) {
	return LoadFSWith(fsys, root, nil)
}

// LoadFSWith is LoadFS through a Cache (nil for none). Files are read in
// order, then the ones the cache does not know are decoded on every CPU.
func LoadFSWith(fsys fs.FS, root string, c *Cache) (*Library, []Problem, error) {
	return loadFS(fsys, root, "", c)
}

func loadFS(fsys fs.FS, root, prefix string, c *Cache) (*Library, []Problem, error) {
	if _, err := fs.Stat(fsys, root); errors.Is(err, fs.ErrNotExist) {
		return &Library{}, nil, nil
	} else if err != nil {
		return nil, nil, err
	}
	lib := &Library{}
	var ps []Problem
	var read [][]byte  // each file's content, parallel to lib.Files
	var paths []string // each file's path in fsys
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		rel := prefix + relTo(root, p)
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
		if errors.Is(err, errNotRegular) {
			ps = append(ps, Problem{Pos{File: rel}, Warning, err.Error() + "; skipped"})
			return nil
		}
		if err != nil {
			ps = append(ps, Problem{Pos{File: rel}, Error, "cannot read: " + errText(err)})
			return nil
		}
		lib.Files = append(lib.Files, rel)
		read = append(read, data)
		paths = append(paths, p)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	decoded := decodeAll(lib.Files, read, c)
	n := 0
	keys := make([]cacheKey, len(decoded))
	for i, d := range decoded {
		n += len(d.snips)
		keys[i] = d.key
	}
	lib.Snippets = make([]Snippet, 0, n)
	for i, d := range decoded {
		from := len(lib.Snippets)
		lib.Snippets = append(lib.Snippets, d.snips...)
		ps = append(ps, d.problems...)
		// Images are read at every load (the cache holds decoded text).
		ps = append(ps, LoadImages(fsys, paths[i], lib.Files[i], lib.Snippets[from:])...)
	}
	ps = append(ps, c.check(keys, lib.Snippets)...)
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

// ReadFile reads a library file (or a pack.yml) at path the way Load does:
// a FIFO, device or socket is refused without being opened, and no more than
// one byte past MaxFileSize is read.
func ReadFile(path string) ([]byte, error) {
	data, err := readLimited(os.DirFS(filepath.Dir(path)), filepath.Base(path))
	if errors.Is(err, errNotRegular) {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, errorsUnwrapPath(err))
	}
	return data, nil
}

// errorsUnwrapPath drops the relative path an fs error carries.
func errorsUnwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// errNotRegular is the problem with a FIFO, device or socket named like a
// library file.
var errNotRegular = errors.New("not a regular file (a named pipe, device or socket); kindly reads only regular files")

// readLimited reads a regular file (a symlink is followed), but no more than
// one byte past MaxFileSize, so a huge file costs nothing and still gets its
// size problem. Anything else is refused before it is opened: opening a
// named pipe would block until something writes to it.
func readLimited(fsys fs.FS, p string) ([]byte, error) {
	if fi, err := fs.Stat(fsys, p); err != nil {
		return nil, err
	} else if !fi.Mode().IsRegular() {
		return nil, errNotRegular
	}
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return nil, errNotRegular // swapped meanwhile
	}
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

type decodedFile struct {
	snips    []Snippet
	problems []Problem
	key      cacheKey // the cache's key of the file (zero without a cache)
}

// decodeAll decodes files (through c) on as many goroutines as there are
// CPUs; the result is in the files' order.
func decodeAll(names []string, data [][]byte, c *Cache) []decodedFile {
	out := make([]decodedFile, len(names))
	workers := min(runtime.GOMAXPROCS(0), len(names))
	if workers <= 1 {
		for i := range names {
			out[i].snips, out[i].problems, out[i].key = c.decode(names[i], data[i])
		}
		return out
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(names) {
					return
				}
				out[i].snips, out[i].problems, out[i].key = c.decode(names[i], data[i])
			}
		}()
	}
	wg.Wait()
	return out
}
