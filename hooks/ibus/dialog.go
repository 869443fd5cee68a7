package ibus

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"time"

	"github.com/kindly-support/kindly/hooks"
	"github.com/kindly-support/kindly/hooks/yad"
)

var _ hooks.Asker = (*Backend)(nil)

// errNoDialog says what the fill-in dialog needs.
var errNoDialog = errors.New("the fill-in dialog needs yad (sudo apt install yad)")

// Ask shows the fill-in dialog (yad) for every field at once. The desktop
// gives it the keyboard focus and gives it back to the app when it closes
// (on Wayland only the compositor may move the focus); the answer is then
// committed into the field that had the focus (Commit). ok is false when
// the agent cancelled.
func (b *Backend) Ask(title string, fields []hooks.Field) (hooks.Answer, error) {
	if _, err := exec.LookPath("yad"); err != nil {
		return hooks.Answer{}, errNoDialog
	}
	// The answer goes where the question came from, whichever field the
	// dialog (an IBus client itself, often) leaves the focus in.
	b.mu.Lock()
	b.askEngine, b.askCtx = b.lastEngine, b.lastCtx
	b.mu.Unlock()
	// A title no other window has, should the desktop need to tell it.
	unique := fmt.Sprintf("%s — kindly %d", title, time.Now().UnixNano())
	cmd := exec.Command("yad", yad.Args(unique, fields)...)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	start := time.Now()
	b.debugf("fill-in dialog: open")
	err := cmd.Run()
	b.debugf("fill-in dialog: closed (%v)", err)
	ans := hooks.Answer{Focused: start, Closed: time.Now()}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		switch ee.ExitCode() {
		case 1, 252: // Cancel, Esc or the window closed
			return ans, nil
		}
		return ans, fmt.Errorf("fill-in dialog: yad: %v: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	if err != nil {
		return ans, fmt.Errorf("fill-in dialog: %w", err)
	}
	ans.Values, ans.OK = yad.Values(out.String(), fields), true
	return ans, nil
}
