package cmd

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// runEditor opens path in $VISUAL or $EDITOR, at line when the editor
// understands "+line". Without either it picks an editor a newcomer can
// leave: the system's choice (sensible-editor on Debian), else nano, else
// vi, and says which one and how to change it.
func runEditor(path string, line int) error {
	ed := os.Getenv("VISUAL")
	if ed == "" {
		ed = os.Getenv("EDITOR")
	}
	if ed == "" {
		ed = defaultEditor(exec.LookPath)
		fmt.Fprintf(os.Stderr, "kindly: opening %s (set EDITOR to choose another, e.g. export EDITOR=gedit)\n", ed)
	}
	args := strings.Fields(ed)
	if line > 0 {
		args = append(args, fmt.Sprintf("+%d", line))
	}
	args = append(args, path)
	c := exec.Command(args[0], args[1:]...)
	c.Stdin, c.Stdout, c.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := c.Run(); err != nil {
		return fmt.Errorf("run editor %q: %w", ed, err)
	}
	return nil
}

// defaultEditor is the editor used when neither VISUAL nor EDITOR is set:
// the first of sensible-editor, nano and vi that lookPath finds ("vi" when
// none is found, for the error to name it).
func defaultEditor(lookPath func(string) (string, error)) string {
	for _, e := range []string{"sensible-editor", "nano", "vi"} {
		if _, err := lookPath(e); err == nil {
			return e
		}
	}
	return "vi"
}
