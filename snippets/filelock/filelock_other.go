//go:build !unix && !windows

package filelock

import (
	"errors"
	"os"
)

// tryLock fails where kindly knows no file lock (Plan 9, js, wasip1): an
// edit that cannot be serialised is refused rather than risked.
func tryLock(f *os.File) error {
	return errors.New("file locks are not supported on this system")
}
