package daemon

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/hooks"
)

// picked is what the search hotkey's picker returned.
type picked struct {
	trigger string // "" when the agent left without picking
	err     error
}

// pick opens `kindly pick` in a terminal window with the keyboard focus
// and returns the chosen trigger once it closes; the focus goes back to the
// app the agent was in.
func pick(disp hooks.Display, home, terminal string) picked {
	self, err := os.Executable()
	if err != nil {
		return picked{err: err}
	}
	dir, err := os.MkdirTemp("", "kindly-pick-")
	if err != nil {
		return picked{err: err}
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
	// to keep no buffer there ("kindly search" is off in hooks.DefaultApps).
	title := fmt.Sprintf("kindly search %d", time.Now().UnixNano())
	args := []string{"-T", title}
	if filepath.Base(terminal) == "xterm" {
		args = append(args, "-class", "kindly-picker", "-geometry", "110x30")
	}
	args = append(args, "-e", self, "pick", "--home", home, "--trigger-to", out)
	cmd := exec.Command(terminal, args...)
	if err := disp.RunFocused(cmd, title); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			return picked{err: fmt.Errorf("open the picker in %s: %w", terminal, err)}
		}
	}
	b, err := os.ReadFile(out)
	if err != nil {
		return picked{} // left without picking
	}
	return picked{trigger: strings.TrimSpace(string(b))}
}

// pickedEdit turns the chosen trigger into the edit and Fired the conductor
// inserts (no trigger to delete): the reply as the engine would insert it
// (a reply with placeholders is rendered by Prepare on the way).
func pickedEdit(lib *library, trigger string) (expander.Edit, expander.Fired, bool) {
	for i, s := range lib.snippets {
		for _, t := range s.Triggers {
			if t == trigger {
				text, left, _ := expander.SplitCaret(lib.rules[i].Replace)
				return expander.Edit{Insert: text, Left: left}, expander.Fired{Rule: i, Trigger: t}, true
			}
		}
	}
	return expander.Edit{}, expander.Fired{}, false
}
