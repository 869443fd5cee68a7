// Package tray is kindly's icon in the system tray while the daemon runs: it
// shows whether kindly is running or paused, and its menu pauses and
// resumes, opens the reply search, opens the manager (`kindly ui`) and quits.
//
// On Linux it is a StatusNotifierItem over D-Bus (fyne.io/systray, pure Go),
// which KDE Plasma, GNOME with the AppIndicator extension, XFCE, Cinnamon,
// waybar and most other panels show. When the session bus has no
// StatusNotifierWatcher (no tray host) yet, Start says so with ErrNoHost and
// shows the icon once a host starts (panels often start after kindly at
// login); without a session bus there is no icon. Other systems have no
// tray icon yet.
//
// The daemon owns what the menu does: Start takes callbacks, and SetPaused
// tells the icon about a pause or resume that came from elsewhere (the
// hotkey, `kindly pause`, the manager). The icon can be shown once per
// process (the systray library keeps global state).
package tray

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
)

// Callbacks are what the menu items do. Each runs on the tray's own
// goroutine; nil callbacks leave their item out.
type Callbacks struct {
	Pause       func()
	Resume      func()
	Search      func() // open the reply picker
	OpenManager func() // start `kindly ui`
	Quit        func() // stop the daemon
}

// ErrNoHost is returned by Start when nothing can show a tray icon.
var ErrNoHost = errors.New("no tray host")

// Labels of the menu items (tests and docs refer to them).
const (
	LabelPause   = "Pause kindly"
	LabelResume  = "Resume kindly"
	LabelSearch  = "Search replies…"
	LabelManager = "Open the reply manager"
	LabelQuit    = "Quit kindly"
)

// statusText is the first, disabled, menu line and the tooltip.
func statusText(paused bool) string {
	if paused {
		return "kindly is paused: replies do not expand"
	}
	return "kindly is running"
}

// icon draws the 32×32 tray icon: a speech bubble, green while running,
// grey while paused.
func icon(paused bool) []byte {
	bg := color.NRGBA{0x2f, 0x6f, 0x5e, 0xff}
	if paused {
		bg = color.NRGBA{0x8a, 0x8f, 0x8d, 0xff}
	}
	white := color.NRGBA{0xff, 0xff, 0xff, 0xff}
	img := image.NewNRGBA(image.Rect(0, 0, 32, 32))
	for y := 0; y < 32; y++ {
		for x := 0; x < 32; x++ {
			// a rounded square
			dx, dy := max(0, max(6-x, x-25)), max(0, max(6-y, y-25))
			if dx*dx+dy*dy <= 36 {
				img.SetNRGBA(x, y, bg)
			}
		}
	}
	for y := 9; y < 21; y++ { // the bubble
		for x := 7; x < 25; x++ {
			img.SetNRGBA(x, y, white)
		}
	}
	for i := 0; i < 5; i++ { // its tail
		for x := 10; x < 15-i; x++ {
			img.SetNRGBA(x, 21+i, white)
		}
	}
	if paused { // two bars
		for y := 12; y < 18; y++ {
			for _, x := range []int{13, 14, 18, 19} {
				img.SetNRGBA(x, y, bg)
			}
		}
	} else { // three dots
		for _, cx := range []int{11, 16, 21} {
			for y := 14; y < 17; y++ {
				for x := cx - 1; x < cx+2; x++ {
					img.SetNRGBA(x, y, bg)
				}
			}
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}
