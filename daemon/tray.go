package daemon

import (
	"os"
	"os/exec"

	"github.com/kindly-support/kindly/hooks"
	"github.com/kindly-support/kindly/tray"
)

// Tray menu actions, as the session loop receives them.
const (
	trayPause   = "pause"
	trayResume  = "resume"
	traySearch  = "search"
	trayManager = "manager"
	trayQuit    = "quit"
)

// trayIcon is the tray icon seen from the session loop: its clicks arrive
// on actions() (never, without an icon). A nil *trayIcon is no icon.
type trayIcon struct {
	icon *tray.Tray
	acts chan string
}

// startTray shows the tray icon unless off. With no tray host it says so
// once through logf: without a session bus it returns nil and kindly goes on
// without an icon; with a bus, the icon appears when a host starts.
func startTray(off, paused bool, logf func(string, ...any)) *trayIcon {
	if off {
		return nil
	}
	acts := make(chan string, 4)
	send := func(a string) func() {
		return func() {
			select {
			case acts <- a:
			default: // the loop is busy with earlier clicks; drop this one
			}
		}
	}
	icon, err := tray.Start(tray.Callbacks{Pause: send(trayPause), Resume: send(trayResume), Search: send(traySearch),
		OpenManager: send(trayManager), Quit: send(trayQuit)}, paused)
	switch {
	case err != nil && icon != nil: // no tray host yet: the icon waits for one
		logf("tray icon: %v (tray: false in config.yml silences this)", err)
	case err != nil:
		logf("tray icon: %v; kindly runs without it (tray: false in config.yml silences this)", err)
		return nil
	}
	return &trayIcon{icon: icon, acts: acts}
}

func (t *trayIcon) actions() <-chan string {
	if t == nil {
		return nil
	}
	return t.acts
}

func (t *trayIcon) SetPaused(p bool) {
	if t != nil {
		t.icon.SetPaused(p)
	}
}

func (t *trayIcon) Close() {
	if t != nil {
		t.icon.Close()
	}
}

// trayAction does what a click in the tray menu asks: the same as the
// pause hotkey, `kindly resume`, the search hotkey, `kindly ui` and
// `kindly stop`.
func (s *session) trayAction(a string) error {
	switch a {
	case trayPause, trayResume:
		s.setPaused(a == trayPause, "tray icon")
	case traySearch:
		return s.event(hooks.Event{Kind: hooks.HotkeyEvent, Hotkey: "search"})
	case trayManager:
		openManager(s.status.Home, s.logf)
	case trayQuit:
		s.logf("stopping (tray icon)")
		return errStop
	}
	return nil
}

// openManager starts `kindly ui` for home, which opens the manager in the
// default browser and stops by itself once no page is open.
func openManager(home string, logf func(string, ...any)) {
	exe, err := os.Executable()
	if err != nil {
		logf("open the manager: %v", err)
		return
	}
	c := exec.Command(exe, "--home", home, "ui")
	if err := c.Start(); err != nil {
		logf("open the manager: %v", err)
		return
	}
	go c.Wait()
}
