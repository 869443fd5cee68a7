package cmd

import (
	"fmt"
	"os"
	"path/filepath"
)

// serviceBinary picks the kindly a service starts: this one when it is
// installed (in a folder on PATH, or ~/.local/bin where `make install` puts
// it), else the installed kindly, never a build folder that moves or is
// cleaned while an installed copy exists. note tells the agent which one
// was picked when that is not obvious.
func (d *Deps) serviceBinary() (bin, note string, err error) {
	exe, err := d.executable()
	if err != nil {
		return "", "", fmt.Errorf("find this kindly: %w", err)
	}
	var dirs []string
	if h := d.Getenv("HOME"); h != "" {
		dirs = append(dirs, filepath.Join(h, ".local", "bin"))
	}
	dirs = append(dirs, filepath.SplitList(d.Getenv("PATH"))...)
	for _, dir := range dirs {
		if dir != "" && filepath.Clean(dir) == filepath.Dir(exe) {
			return exe, "", nil
		}
	}
	for _, dir := range dirs {
		if dir == "" || !filepath.IsAbs(dir) {
			continue
		}
		p := filepath.Join(dir, "kindly")
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
			return p, fmt.Sprintf("the service runs the installed %s (not %s)", p, exe), nil
		}
	}
	return exe, fmt.Sprintf("kindly is not installed, so the service runs %s; if that is a build folder, "+
		"run 'make install' (it puts kindly in ~/.local/bin) and 'kindly service install' again", exe), nil
}
