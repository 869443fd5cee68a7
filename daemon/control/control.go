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
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"runtime"
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
	Busy      bool      `json:"busy"`         // an expansion is going in (or a dialog is open) right now
	Dropped   uint64    `json:"dropped_keys"` // keys the hook dropped because the engine fell behind (expected 0)
}

// SocketPath is where the daemon for home listens. It lives in the home
// unless that path is too long for a Unix socket; then it lives in a folder
// private to the user, kindly-UID in $XDG_RUNTIME_DIR (else $TMPDIR), which
// Listen creates with mode 0700 and both Listen and Call check before use:
// it must be a real folder, owned by the user and closed to others, or
// another local user could answer for the daemon.
func SocketPath(home string) string {
	p := filepath.Join(home, "kindly.sock")
	if len(p) < 100 || runtime.GOOS == "windows" { // Windows: a file naming a port, any length (conn_windows.go)
		return p
	}
	sum := sha256.Sum256([]byte(home))
	return filepath.Join(fallbackDir(), hex.EncodeToString(sum[:8])+".sock")
}

// fallbackDir is the user's private folder for sockets of long homes.
func fallbackDir() string {
	dir := os.Getenv("XDG_RUNTIME_DIR")
	if dir == "" {
		dir = os.TempDir()
	}
	return filepath.Join(dir, fmt.Sprintf("kindly-%d", os.Getuid()))
}

// checkSocketDir makes sure the folder of a socket at path is safe: the home
// (for a socket in it) is the user's own business; the fallback folder is
// created when create is set and must be private to the user.
func checkSocketDir(path string, create bool) error {
	dir := filepath.Dir(path)
	if dir != fallbackDir() {
		return nil
	}
	if create {
		if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("make the socket folder: %w", err)
		}
	}
	fi, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) && !create {
		return ErrNotRunning
	}
	if err != nil {
		return fmt.Errorf("socket folder: %w", err)
	}
	if fi.Mode()&fs.ModeSymlink != 0 || !fi.IsDir() {
		return fmt.Errorf("the socket folder %s is a symbolic link or not a folder; kindly will not use it (remove it, or set XDG_RUNTIME_DIR)", dir)
	}
	if err := ownedByMe(fi); err != nil {
		return fmt.Errorf("the socket folder %s %v; kindly will not use it (remove it, or set XDG_RUNTIME_DIR)", dir, err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("the socket folder %s is not private to you (mode %04o); kindly will not use it (remove it, or set XDG_RUNTIME_DIR)", dir, perm)
	}
	return nil
}

// ErrNotRunning is returned by Call when no daemon answers for the home.
var ErrNotRunning = errors.New("no kindly daemon is running for this home")

// Call sends one control request ("status", "reload", "stop") to the daemon
// for home and returns its one-line answer.
func Call(home, req string) (string, error) {
	path := SocketPath(home)
	if err := checkSocketDir(path, false); err != nil {
		return "", err
	}
	conn, err := dial(path, 2*time.Second)
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
	if err := checkSocketDir(path, true); err != nil {
		return nil, err
	}
	if c, err := dial(path, time.Second); err == nil {
		c.Close()
		return nil, fmt.Errorf("another kindly daemon answers on %s", path)
	}
	os.Remove(path) // stale socket from a daemon that died
	l, err := listen(path)
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
