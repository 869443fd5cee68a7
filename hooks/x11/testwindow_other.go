//go:build !linux

package x11

import (
	"time"
)

// TestWindow is the self-test window; this system has none.
type TestWindow struct{}

// OpenTestWindow fails on this system.
func OpenTestWindow() (*TestWindow, error) { return nil, ErrNoDisplay }

// WaitText is never reached on this system.
func (t *TestWindow) WaitText(string, time.Duration) error { return ErrNoDisplay }

// Text is empty on this system.
func (t *TestWindow) Text() string { return "" }

// Close does nothing on this system.
func (t *TestWindow) Close() error { return nil }

// Extensions fails on this system.
func Extensions() (map[string]bool, error) { return nil, ErrNoDisplay }
