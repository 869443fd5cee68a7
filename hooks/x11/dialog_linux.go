//go:build linux

package x11

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"time"

	"github.com/jezek/xgb/xproto"

	"github.com/kindly-support/kindly/hooks"
	"github.com/kindly-support/kindly/hooks/yad"
)

// Ask shows one small dialog asking for every field at once (yad --form:
// Tab between fields, Enter to accept, Esc to cancel). It gives the focus
// back to the window that had it. ok is false when the agent cancelled.
func (x *X11) Ask(title string, fields []hooks.Field) (hooks.Answer, error) {
	if _, err := exec.LookPath("yad"); err != nil {
		return hooks.Answer{}, ErrNoDialog
	}
	x.mu.Lock()
	prev, err := xproto.GetInputFocus(x.c).Reply()
	x.mu.Unlock()
	if err != nil {
		return hooks.Answer{}, err
	}
	// The dialog is found by its title to focus it (there may be no window
	// manager to do that); kindly shows one dialog at a time, and the
	// title is the agent's to read: it names the reply, never a number.
	unique := title
	cmd := exec.Command("yad", yad.Args(unique, fields)...)
	var out bytes.Buffer
	cmd.Stdout = &out
	focused, err := x.runFocused(cmd, unique, prev.Focus)
	ans := hooks.Answer{Focused: focused, Closed: time.Now()}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ans, nil // Cancel, Esc, or the window closed
	}
	if err != nil {
		return ans, err
	}
	values := yad.Values(out.String(), fields)
	ans.Values, ans.OK = values, true
	return ans, nil
}

// RunFocused runs cmd, whose window is titled title, gives that window the
// keyboard focus once it shows (there may be no window manager to do it),
// waits for cmd to exit and gives the focus back to the window that had it.
func (x *X11) RunFocused(cmd *exec.Cmd, title string) error {
	x.mu.Lock()
	prev, err := xproto.GetInputFocus(x.c).Reply()
	x.mu.Unlock()
	if err != nil {
		return err
	}
	_, err = x.runFocused(cmd, title, prev.Focus)
	return err
}

// runFocused runs cmd, focuses its window titled title, waits for it and
// gives the focus back to prev. It returns when the window got the focus
// (the time it started when that never happened).
func (x *X11) runFocused(cmd *exec.Cmd, title string, prev xproto.Window) (time.Time, error) {
	x.dialogs.Add(1)
	defer x.dialogs.Add(-1)
	started := time.Now()
	if err := cmd.Start(); err != nil {
		return started, fmt.Errorf("start %s: %w", cmd.Path, err)
	}
	done, exited := make(chan error, 1), make(chan struct{})
	focusedAt := make(chan time.Time, 1)
	go func() { done <- cmd.Wait(); close(exited) }()
	go x.focusWhenMapped(title, exited, focusedAt)
	err := <-done
	x.mu.Lock()
	xproto.SetInputFocus(x.c, xproto.InputFocusPointerRoot, prev, xproto.TimeCurrentTime)
	xproto.GetInputFocus(x.c).Reply()
	x.focusAt = time.Time{} // the focus moved: ask again
	x.mu.Unlock()
	select {
	case at := <-focusedAt:
		return at, err
	default:
		return started, err
	}
}

// focusWhenMapped gives the keyboard focus to the top-level window titled
// title as soon as it is viewable.
func (x *X11) focusWhenMapped(title string, exited <-chan struct{}, focusedAt chan<- time.Time) {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return
		default:
		}
		if w := x.findTitled(x.root, title, 3); w != 0 {
			x.mu.Lock()
			xproto.SetInputFocus(x.c, xproto.InputFocusPointerRoot, w, xproto.TimeCurrentTime)
			xproto.GetInputFocus(x.c).Reply()
			x.mu.Unlock()
			focusedAt <- time.Now()
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (x *X11) findTitled(w xproto.Window, title string, depth int) xproto.Window {
	t, err := xproto.QueryTree(x.c, w).Reply()
	if err != nil {
		return 0
	}
	for _, c := range t.Children {
		if x.title(c) == title {
			if a, err := xproto.GetWindowAttributes(x.c, c).Reply(); err == nil && a.MapState == xproto.MapStateViewable {
				return c
			}
		}
		if depth > 0 {
			if found := x.findTitled(c, title, depth-1); found != 0 {
				return found
			}
		}
	}
	return 0
}
