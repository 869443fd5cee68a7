package cmd

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// runEditor opens path in $VISUAL or $EDITOR (default vi), at line when the
// editor understands "+line".
func runEditor(path string, line int) error {
	ed := os.Getenv("VISUAL")
	if ed == "" {
		ed = os.Getenv("EDITOR")
	}
	if ed == "" {
		ed = "vi"
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
