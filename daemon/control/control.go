// Package control is the client and server side of the kindly daemon's control
// socket: `kindly status`, `stop` and `reload` talk to a running daemon
// through it, one request and one answer per connection.
package control

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Status is what a running daemon reports to `kindly status`.
type Status struct {
	PID       int       `json:"pid"`
	Home      string    `json:"home"`
	Backend   string    `json:"backend"` // x11, windows, ibus
	Display   string    `json:"display"`
	Hooked    bool      `json:"hooked"`
	Snippets  int       `json:"snippets"`
	Started   time.Time `json:"started"`
	Reloaded  time.Time `json:"reloaded"`
	LastError string    `json:"last_error,omitempty"` // the last reload problem (file:line: message), never typed text
	Expanded  int       `json:"expanded"`             // expansions since start
	Paused    bool      `json:"paused"`
	Dropped   uint64    `json:"dropped_keys"` // keys the hook dropped because the engine fell behind (expected 0)
}

// SocketPath is where the daemon for home listens. It lives in the home
// unless that path is too long for a Unix socket.
func SocketPath(home string) string {
	p := filepath.Join(home, "kindly.sock")
	if len(p) < 100 {
		return p
	}
	sum := sha256.Sum256([]byte(home))
	dir := os.Getenv("XDG_RUNTIME_DIR")
	if dir == "" {
		dir = os.TempDir()
	}
	return filepath.Join(dir, fmt.Sprintf("kindly-%d-%s.sock", os.Getuid(), hex.EncodeToString(sum[:6])))
}

// ErrNotRunning is returned by Call when no daemon answers for the home.
var ErrNotRunning = errors.New("no kindly daemon is running for this home")

// Call sends one control request ("status", "reload", "stop") to the daemon
// for home and returns its one-line answer.
func Call(home, req string) (string, error) {
	conn, err := net.DialTimeout("unix", SocketPath(home), 2*time.Second)
	if err != nil {
		return "", ErrNotRunning
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := fmt.Fprintln(conn, req); err != nil {
		return "", fmt.Errorf("talk to the daemon: %w", err)
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf("read the daemon's answer: %w", err)
	}
	line = strings.TrimRight(line, "\n")
	if rest, ok := strings.CutPrefix(line, "error: "); ok {
		return "", errors.New(rest)
	}
	return strings.TrimPrefix(line, "ok "), nil
}

// QueryStatus asks the daemon for home how it is.
func QueryStatus(home string) (Status, error) {
	var s Status
	line, err := Call(home, "status")
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal([]byte(line), &s); err != nil {
		return s, fmt.Errorf("read the daemon's status: %w", err)
	}
	return s, nil
}

// Request is one control request waiting for the daemon loop's answer.
type Request struct {
	Cmd   string
	Reply chan string // the loop sends exactly one line: "ok …" or "error: …"
}

// Listen accepts control connections and hands requests to the loop.
func Listen(path string, reqs chan<- Request) (net.Listener, error) {
	if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
		c.Close()
		return nil, fmt.Errorf("another kindly daemon answers on %s", path)
	}
	os.Remove(path) // stale socket from a daemon that died
	l, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", path, err)
	}
	os.Chmod(path, 0o600)
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				conn.SetDeadline(time.Now().Add(10 * time.Second))
				line, err := bufio.NewReader(conn).ReadString('\n')
				if err != nil {
					return
				}
				r := Request{Cmd: strings.TrimSpace(line), Reply: make(chan string, 1)}
				reqs <- r
				fmt.Fprintln(conn, <-r.Reply)
			}()
		}
	}()
	return l, nil
}
