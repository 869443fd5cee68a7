//go:build !linux

package hooks

import (
	"errors"
	"runtime"
)

// ErrNoDisplay is returned by Open on systems kindly has no adapter for yet.
var ErrNoDisplay = errors.New("kindly has no keyboard adapter for " + runtime.GOOS + " yet (X11 on Linux only)")

// Open fails on this system: see ErrNoDisplay.
func Open(apps *Apps) (Display, error) { return nil, ErrNoDisplay }
