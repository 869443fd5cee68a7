//go:build !linux

package x11

import (
	"errors"
	"runtime"
)

// KeyboardSupport reports whether this build can read the keyboard.
const KeyboardSupport = false

// ErrNoKeyboard explains why this build cannot run the X11 daemon.
var ErrNoKeyboard = errors.New("the X11 key hook runs on Linux only, not " + runtime.GOOS)
