//go:build unix

package daemon

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// lockHome takes the one-daemon-per-home lock. It is released when the
// process ends, however it ends.
func lockHome(home string) (release func(), err error) {
	path := filepath.Join(home, "daemon.lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		b, _ := os.ReadFile(path)
		f.Close()
		pid := strings.TrimSpace(string(b))
		if _, perr := strconv.Atoi(pid); perr != nil {
			pid = "unknown"
		}
		return nil, fmt.Errorf("another kindly daemon (pid %s) is already running for %s; stop it with 'kindly stop' first", pid, home)
	}
	f.Truncate(0)
	f.WriteString(strconv.Itoa(os.Getpid()) + "\n")
	return func() { f.Close() }, nil
}

// stopSelf asks this process to stop cleanly, as `kindly stop` or SIGTERM
// would.
func stopSelf() { syscall.Kill(os.Getpid(), syscall.SIGTERM) }
