//go:build !linux

package x11

import (
	"fmt"
	"runtime"

	"github.com/kindly-support/kindly/hooks"
)

// Open fails on this system: X11 is kindly's Linux backend.
func Open(hooks.Options) (hooks.Backend, error) {
	return nil, fmt.Errorf("%w: the X11 backend runs on Linux, not %s", hooks.ErrUnavailable, runtime.GOOS)
}
