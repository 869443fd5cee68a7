package daemon

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/kindly-support/kindly/snippets/pack"
)

// debounce lets an editor finish its burst of writes and renames.
const debounce = 150 * time.Millisecond

// watch calls changed (debounced) when a library file, a team pack,
// packs.lock or config.yml under home changes. New folders inside the
// library and the packs are watched as they appear.
func watch(ctx context.Context, home string, changed func(), logf func(string, ...any)) (stop func(), err error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	lib := snippetsDir(home)
	packs := filepath.Join(home, pack.PacksDir)
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
	addTree(packs)
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
				base := filepath.Base(ev.Name)
				relevant := strings.HasPrefix(ev.Name, lib) || strings.HasPrefix(ev.Name, packs) ||
					base == "config.yml" || base == pack.LockFile
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
