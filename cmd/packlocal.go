package cmd

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// notARepository explains a pack source that is a folder but not a git
// repository (a pack is shared through git so every agent gets the same
// pinned commit), with the commands that make it one.
func notARepository(source string) error {
	if strings.Contains(source, "://") || strings.Contains(source, "@") {
		return nil
	}
	fi, err := os.Stat(source)
	if err != nil || !fi.IsDir() {
		return nil
	}
	for _, marker := range []string{".git", "HEAD"} { // a work tree, or a bare repository
		if _, err := os.Stat(filepath.Join(source, marker)); err == nil {
			return nil
		}
	}
	name := filepath.Base(filepath.Clean(source))
	return fmt.Errorf("%s is a folder, not a git repository of its own: packs are shared through git. "+
		"To try it: cp -r %s /tmp/%s && cd /tmp/%s && git init -q -b main && git add -A && git commit -q -m 'First replies' && kindly pack add /tmp/%s",
		source, source, name, name, name)
}
