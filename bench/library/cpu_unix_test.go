//go:build unix

package library

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time this process has used (every thread, the
// garbage collector's included): on a shared machine it says what a
// benchmark costs better than the wall clock does.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
