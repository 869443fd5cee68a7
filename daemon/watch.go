package daemon

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// debounce lets an editor finish its burst of writes and renames.
const debounce = 150 * time.Millisecond

// watch calls changed (debounced) when a library file or config.yml under
// home changes. New folders inside the library are watched as they appear.
func watch(ctx context.Context, home string, changed func(), logf func(string, ...any)) (stop func(), err error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	lib := snippetsDir(home)
	addTree := func(root string) {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				if p != root && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				w.Add(p)
			}
			return nil
		})
	}
	if err := w.Add(home); err != nil {
		w.Close()
		return nil, err
	}
	addTree(lib)
	go func() {
		var t *time.Timer
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				relevant := strings.HasPrefix(ev.Name, lib) || filepath.Base(ev.Name) == "config.yml"
				if !relevant {
					continue
				}
				if ev.Has(fsnotify.Create) {
					if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
						addTree(ev.Name)
					}
				}
				if t != nil {
					t.Stop()
				}
				t = time.AfterFunc(debounce, changed)
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				logf("watch: %v", err)
			}
		}
	}()
	return func() { w.Close() }, nil
}
