//go:build windows

package windows

import (
	"testing"
	"time"
)

// Windows removes a hook that answered too slowly, silently. The watchdog
// notices (its ping through the input stream does not come back) and puts
// the hook back; keys arrive again.
func TestWatchdogReinstallsHook(t *testing.T) {
	ty := newTypist(t)
	b, c := openBackend(t)
	n := startNotepad(t)
	n.clear(ty)
	if b.HookInstalls() != 1 {
		t.Fatalf("installs = %d at start", b.HookInstalls())
	}
	b.hook.removeForTest()
	deadline := time.Now().Add(4*watchdogEvery + 2*time.Second)
	for b.HookInstalls() < 2 {
		if time.Now().After(deadline) {
			t.Fatal("the watchdog did not put the hook back")
		}
		time.Sleep(50 * time.Millisecond)
	}
	c.typed(200 * time.Millisecond)
	ty.typeText("back", 0)
	n.waitText("back", 5*time.Second)
	if got := c.typed(300 * time.Millisecond); got != "back" {
		t.Errorf("after the reinstall the hook reported %q", got)
	}
}

// kindly doctor's Windows checks: the hook sees kindly's own test event,
// the foreground window takes kindly's input, a keyboard layout is there.
func TestDoctorChecks(t *testing.T) {
	ty := newTypist(t)
	n := startNotepad(t)
	n.clear(ty)
	checks := Checks()
	want := map[string]bool{"keyboard hook": true, "foreground window": true, "keyboard layout": true}
	for _, c := range checks {
		if !c.OK {
			t.Errorf("%s: %s (%s)", c.Name, c.Detail, c.Fix)
		}
		delete(want, c.Name)
	}
	if len(want) > 0 {
		t.Errorf("missing checks: %v (got %+v)", want, checks)
	}
}
