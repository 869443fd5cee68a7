//go:build windows

package control

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"time"
)

// On Windows the control channel is a TCP connection on 127.0.0.1 (AF_UNIX
// needs Windows 10 1803 and is missing under wine; named pipes through
// go-winio hang under wine). The daemon writes "address token" to the
// socket path, a file only its user can read, and a client must send the
// token first: other users' programs can reach the port but not the daemon.

func dial(path string, timeout time.Duration) (net.Conn, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	addr, token, ok := strings.Cut(strings.TrimSpace(string(b)), " ")
	if !ok {
		return nil, fmt.Errorf("%s: not a kindly control file", path)
	}
	c, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return nil, err
	}
	if _, err := fmt.Fprintln(c, token); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

func listen(path string) (net.Listener, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	secret := make([]byte, 16)
	rand.Read(secret)
	token := hex.EncodeToString(secret)
	if err := os.WriteFile(path, []byte(l.Addr().String()+" "+token+"\n"), 0o600); err != nil {
		l.Close()
		return nil, err
	}
	return &tokenListener{Listener: l, token: token}, nil
}

// tokenListener accepts connections whose first line is the token.
type tokenListener struct {
	net.Listener
	token string
}

func (l *tokenListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		c.SetDeadline(time.Now().Add(2 * time.Second))
		line, err := readLine(c)
		c.SetDeadline(time.Time{})
		if err == nil && subtle.ConstantTimeCompare([]byte(line), []byte(l.token)) == 1 {
			return c, nil
		}
		c.Close()
	}
}

// readLine reads one line a byte at a time (the request follows it on the
// same connection and must stay unread).
func readLine(c net.Conn) (string, error) {
	var b [1]byte
	var sb strings.Builder
	for sb.Len() < 128 {
		if _, err := c.Read(b[:]); err != nil {
			return "", err
		}
		if b[0] == '\n' {
			return strings.TrimRight(sb.String(), "\r"), nil
		}
		sb.WriteByte(b[0])
	}
	return "", errors.New("control: line too long")
}
