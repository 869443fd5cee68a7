package daemon

import (
	"testing"

	"github.com/kindly-support/kindly/hooks/hookstest"
)

// The tray menu's clicks do what the hotkeys and kindly pause/resume/stop
// do, through the session loop.
func TestSessionTrayActions(t *testing.T) {
	o := hookstest.NewObserver()
	s, _ := newTestSession(t, o, testLib, nil)
	if err := s.trayAction(trayPause); err != nil || !s.status.Paused {
		t.Fatalf("pause: %v, paused %v", err, s.status.Paused)
	}
	typeKeys(t, s, o, "a ;ty", t0)
	if err := s.trayAction(trayResume); err != nil || s.status.Paused {
		t.Fatalf("resume: %v, paused %v", err, s.status.Paused)
	}
	typeKeys(t, s, o, " ;ty", t0)
	if got := o.Screen.Text(); got != "a ;ty thank you" {
		t.Fatalf("got %q", got)
	}
	s.pick = func() (string, error) { return ";ty", nil }
	if err := s.trayAction(traySearch); err != nil {
		t.Fatal(err)
	}
	s.picked(<-s.picks)
	pump(t, s, o)
	if got := o.Screen.Text(); got != "a ;ty thank youthank you" {
		t.Fatalf("search: got %q", got)
	}
	if err := s.trayAction(trayQuit); err != errStop {
		t.Fatalf("quit: %v", err)
	}
	// No icon: no clicks, and SetPaused and Close are safe.
	var none *trayIcon
	if none.actions() != nil {
		t.Error("no icon has actions")
	}
	none.SetPaused(true)
	none.Close()
}
