//go:build !windows

package control

import (
	"net"
	"time"
)

// The control channel is a Unix socket at the path.
func dial(path string, timeout time.Duration) (net.Conn, error) {
	return net.DialTimeout("unix", path, timeout)
}

func listen(path string) (net.Listener, error) { return net.Listen("unix", path) }
