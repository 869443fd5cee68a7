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

// runPicker shows a program in a window of its own with the keyboard focus,
// titled title, and returns once it has exited and the focus is back.
type runPicker func(program string, args []string, title string) error

// pickerFor says how this backend shows the picker: the backend's own way
// (hooks.Picker: a console window on Windows), else a terminal emulator run
// through hooks.Runner (X11: xterm, or the config's picker_terminal). Nil:
// the backend cannot show one.
func pickerFor(be hooks.Backend, terminal string) runPicker {
	if p, ok := be.(hooks.Picker); ok {
		return p.RunPicker
	}
	if r, ok := be.(hooks.Runner); ok {
		return inTerminal(r, terminal)
	}
	return nil
}

// inTerminal runs the program in a terminal emulator (xterm when none is
// configured, else x-terminal-emulator) through the backend's Runner.
func inTerminal(r hooks.Runner, terminal string) runPicker {
	return func(program string, args []string, title string) error {
		if terminal == "" {
			terminal = "xterm"
			if _, err := exec.LookPath(terminal); err != nil {
				terminal = "x-terminal-emulator"
			}
		}
		targs := []string{"-T", title}
		if filepath.Base(terminal) == "xterm" {
			// UTF-8 and a scalable font (fontconfig's monospace has ▸, ↑ and ↓;
			// xterm's default bitmap font shows them as blanks).
			targs = append(targs, "-class", "kindly-picker", "-geometry", "110x30", "-u8", "-fa", "Monospace", "-fs", "11")
		}
		targs = append(append(targs, "-e", program), args...)
		if err := r.RunFocused(exec.Command(terminal, targs...), title); err != nil {
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				return fmt.Errorf("in %s: %w", terminal, err)
			}
		}
		return nil
	}
}

// pick opens `kindly pick` in a window with the keyboard focus and returns
// the chosen trigger once it closes ("" when the agent left without
// picking); the focus goes back to the app the agent was in.
func pick(run runPicker, home string) (string, error) {
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
	// The title is how kindly finds the window to focus it, and how it knows
	// to keep no buffer there ("kindly search" is off in hooks.TitleDefaults).
	title := fmt.Sprintf("kindly search %d", time.Now().UnixNano())
	if err := run(self, []string{"pick", "--home", home, "--trigger-to", out}, title); err != nil {
		return "", fmt.Errorf("open the picker: %w", err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		return "", nil // left without picking
	}
	return strings.TrimSpace(string(b)), nil
}
