package daemon

import (
	"os"
	"os/exec"

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

// trayIcon is the tray icon seen from the session loop: clicks arrive on
// actions (nil, so never, without an icon); SetPaused and Close are safe on
// a nil icon.
type trayIcon struct {
	icon    *tray.Tray
	actions chan string
}

// startTray shows the tray icon unless off; with no tray host it says so
// once through logf and returns an icon that does nothing.
func startTray(off, paused bool, logf func(string, ...any)) *trayIcon {
	t := &trayIcon{}
	if off {
		return t
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
	if err != nil {
		logf("tray icon: %v; kindly runs without it (tray: false in config.yml silences this)", err)
		return t
	}
	t.icon, t.actions = icon, acts
	return t
}

func (t *trayIcon) SetPaused(p bool) {
	if t != nil && t.icon != nil {
		t.icon.SetPaused(p)
	}
}

func (t *trayIcon) Close() {
	if t != nil && t.icon != nil {
		t.icon.Close()
	}
}

// openManager starts `kindly ui` for home, which opens the manager in the
// default browser and stops by itself when its page is closed.
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
