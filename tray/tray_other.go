//go:build !linux

package tray

import "fmt"

// Tray is the icon while it is shown (never, on this system).
type Tray struct{}

// Start reports that this system has no tray icon yet.
func Start(cb Callbacks, paused bool) (*Tray, error) {
	return nil, fmt.Errorf("%w: the tray icon is only built for Linux so far", ErrNoHost)
}

// SetPaused does nothing here.
func (t *Tray) SetPaused(paused bool) {}

// Close does nothing here.
func (t *Tray) Close() {}
