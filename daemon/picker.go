package daemon

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/kindly-support/kindly/hooks"
)

// pick opens `kindly pick` in a terminal window with the keyboard focus
// and returns the chosen trigger once it closes; the focus goes back to the
// app the agent was in.
func pick(r hooks.Runner, home, terminal string) (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "kindly-pick-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "trigger")
	if terminal == "" {
		terminal = "xterm"
		if _, err := exec.LookPath(terminal); err != nil {
			terminal = "x-terminal-emulator"
		}
	}
	// The title is how kindly finds the window to focus it, and how it knows
	// to keep no buffer there ("kindly search" is off in hooks.TitleDefaults).
	title := fmt.Sprintf("kindly search %d", time.Now().UnixNano())
	args := []string{"-T", title}
	if filepath.Base(terminal) == "xterm" {
		// UTF-8 and a scalable font (fontconfig's monospace has ▸, ↑ and ↓;
		// xterm's default bitmap font shows them as blanks).
		args = append(args, "-class", "kindly-picker", "-geometry", "110x30", "-u8", "-fa", "Monospace", "-fs", "11")
	}
	args = append(args, "-e", self, "pick", "--home", home, "--trigger-to", out)
	cmd := exec.Command(terminal, args...)
	if err := r.RunFocused(cmd, title); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			return "", fmt.Errorf("open the picker in %s: %w", terminal, err)
		}
	}
	b, err := os.ReadFile(out)
	if err != nil {
		return "", nil // left without picking
	}
	return strings.TrimSpace(string(b)), nil
}
