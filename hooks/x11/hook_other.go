//go:build !(linux && cgo)

package x11

import (
	"context"
	"errors"
	"runtime"

	"github.com/kindly-support/kindly/expander"
)

// KeyboardSupport reports whether this build can read the keyboard.
const KeyboardSupport = false

// ErrNoKeyboard explains why this build cannot run the daemon.
var ErrNoKeyboard = errors.New("this kindly was built without keyboard support (" + runtime.GOOS + ", no cgo): " +
	"the key hook needs cgo and X11; rebuild on Linux with CGO_ENABLED=1 (make build)")

// StartKeys always fails in this build: see ErrNoKeyboard.
func StartKeys(ctx context.Context, logf func(string, ...any)) (<-chan expander.Key, error) {
	return nil, ErrNoKeyboard
}

// DroppedKeys is always zero in this build.
func DroppedKeys() uint64 { return 0 }

// LostConnection is always false in this build.
func LostConnection() bool { return false }
