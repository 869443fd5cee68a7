//go:build !windows

package windows

import (
	"fmt"

	"github.com/kindly-support/kindly/hooks"
)

// Open fails on systems other than Windows.
func Open(hooks.Options) (hooks.Backend, error) {
	return nil, fmt.Errorf("%w: the Windows backend runs on Windows only", hooks.ErrUnavailable)
}

// Checks says the Windows backend is not for this system.
func Checks() []hooks.Check {
	return []hooks.Check{{Name: "windows", Detail: "the Windows backend runs on Windows only"}}
}
