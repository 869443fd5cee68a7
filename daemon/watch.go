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
// packs.lock or config.yml under the keeper's home changes. New folders inside
// the library and the packs are watched as they appear. The home's parent
// folder is watched too, so that a deleted home is noticed (keeper.gone) and
// its return (keeper.back, which takes the lock and socket in it again; if
// another daemon holds them, this one stops).
func watch(ctx context.Context, keeper *homeKeeper, changed func(), logf func(string, ...any)) (stop func(), err error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	home := filepath.Clean(keeper.home)
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
	if err := w.Add(filepath.Dir(home)); err != nil {
		logf("watch %s: %v (a deleted home will not be noticed coming back)", filepath.Dir(home), err)
	}
	addTree(lib)
	addTree(packs)
	missing := false
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
				if ev.Name == home {
					switch {
					case ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename):
						if _, err := os.Stat(home); err != nil && !missing {
							missing = true
							keeper.gone()
						}
					case ev.Has(fsnotify.Create) && missing:
						if fi, err := os.Stat(home); err == nil && fi.IsDir() {
							missing = false
							if err := keeper.back(); err != nil {
								logf("%v; stopping this daemon", err)
								stopSelf()
								return
							}
							w.Add(home)
							addTree(lib)
							addTree(packs)
						}
					}
				}
				base := filepath.Base(ev.Name)
				relevant := ev.Name == home || strings.HasPrefix(ev.Name, lib) || strings.HasPrefix(ev.Name, packs) ||
					filepath.Dir(ev.Name) == home && (base == "config.yml" || base == pack.LockFile)
				if !relevant {
					continue
				}
				if ev.Has(fsnotify.Create) {
					if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() && ev.Name != home {
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
