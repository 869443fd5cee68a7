//go:build linux

package x11

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/record"
	"github.com/jezek/xgb/xproto"
)

// The key hook, in pure Go: the X RECORD extension records every key press
// and button press the server processes (the user's, xdotool's and kindly's
// own XTest keys alike) and streams them to kindly. The context is made on
// kindly's main connection; the stream needs a connection of its own, because
// RECORD answers its one EnableContext request with an endless run of
// replies, which xgb's one-reply-per-request bookkeeping cannot take. That
// second connection is spoken by hand here: the setup handshake and a single
// request, then nothing but reading.
//
// Each recorded key press carries the X keycode and the core state before the
// key (modifiers, and the XKB group in bits 13 and 14), which the live keymap
// (keymap.go) turns into text with the layout in force when it was pressed.

// recorded is one item of the RECORD stream: a key press (code), a button
// press (button), or a request that changes the keyboard map (request).
type recorded struct {
	code    xproto.Keycode
	button  byte
	state   uint16
	at      time.Time
	request []byte
	focus   bool // the input focus moved (a FocusIn was delivered)
}

// recorder is the RECORD stream: a context on the control connection and
// the data connection it is enabled on.
type recorder struct {
	ctl  *xgb.Conn
	ctx  record.Context
	data net.Conn
}

// startRecord creates a RECORD context for ranges, for every client, on ctl, enables it on a new connection to display and calls deliver
// for each event until the connection ends (then it returns the reason on
// done). It returns once the server has started recording.
func startRecord(ctl *xgb.Conn, display string, ranges []record.Range, deliver func(recorded)) (*recorder, <-chan error, error) {
	if err := record.Init(ctl); err != nil {
		return nil, nil, fmt.Errorf("the X server has no RECORD extension, which kindly needs to see keys: %w", err)
	}
	ctl.ExtLock.RLock()
	major := ctl.Extensions["RECORD"]
	ctl.ExtLock.RUnlock()
	id, err := record.NewContextId(ctl)
	if err != nil {
		return nil, nil, fmt.Errorf("record context: %w", err)
	}
	if err := record.CreateContextChecked(ctl, id, 0, 1, uint32(len(ranges)),
		[]record.ClientSpec{record.CsAllClients}, ranges).Check(); err != nil {
		return nil, nil, fmt.Errorf("create the record context: %w", err)
	}
	data, err := dialX(display)
	if err != nil {
		record.FreeContext(ctl, id)
		return nil, nil, err
	}
	r := &recorder{ctl: ctl, ctx: id, data: data}
	req := make([]byte, 8)
	req[0], req[1] = major, 5 // RecordEnableContext
	binary.LittleEndian.PutUint16(req[2:], 2)
	binary.LittleEndian.PutUint32(req[4:], uint32(id))
	if _, err := data.Write(req); err != nil {
		r.close()
		return nil, nil, fmt.Errorf("enable the record context: %w", err)
	}
	started := make(chan error, 1)
	done := make(chan error, 1)
	go func() { done <- r.read(started, deliver) }()
	select {
	case err := <-started:
		if err != nil {
			r.close()
			return nil, nil, err
		}
	case <-time.After(5 * time.Second):
		r.close()
		return nil, nil, errors.New("start the key hook: the X server did not start recording within 5s")
	}
	return r, done, nil
}

// read parses the reply stream until the connection ends.
func (r *recorder) read(started chan<- error, deliver func(recorded)) error {
	var src io.Reader = r.data
	if sc, ok := r.data.(syscall.Conn); ok {
		if rc, err := sc.SyscallConn(); err == nil {
			src = rawReader{rc}
		}
	}
	br := bufio.NewReaderSize(src, 64<<10)
	head := make([]byte, 32)
	var body []byte
	first := true
	for {
		if _, err := io.ReadFull(br, head); err != nil {
			if first {
				started <- fmt.Errorf("start the key hook: %w", err)
			}
			return fmt.Errorf("the key stream ended: %w", err)
		}
		switch head[0] {
		case 0: // an error
			err := fmt.Errorf("start the key hook: the X server refused to record (error %d)", head[1])
			if first {
				started <- err
			}
			return err
		case 1:
		default:
			continue // an event on the data connection: none are asked for
		}
		n := int(binary.LittleEndian.Uint32(head[4:])) * 4
		if cap(body) < n {
			body = make([]byte, n)
		}
		body = body[:n]
		if _, err := io.ReadFull(br, body); err != nil {
			return fmt.Errorf("the key stream ended: %w", err)
		}
		switch head[1] { // category
		case 4: // StartOfData
			if first {
				first = false
				started <- nil
			}
		case 5: // EndOfData
			return errors.New("the X server stopped recording")
		case 0: // FromServer: the recorded events, 32 bytes each
			now := time.Now()
			for len(body) >= 32 {
				ev := body[:32]
				body = body[32:]
				switch ev[0] & 0x7f {
				case xproto.KeyPress:
					deliver(recorded{code: xproto.Keycode(ev[1]), state: binary.LittleEndian.Uint16(ev[28:]), at: now})
				case xproto.ButtonPress:
					deliver(recorded{button: ev[1], state: binary.LittleEndian.Uint16(ev[28:]), at: now})
				case xproto.FocusIn:
					// Delivered to some client; grabs (kindly's own hold
					// among them) are not focus moves.
					if mode := ev[8]; mode == xproto.NotifyModeNormal || mode == xproto.NotifyModeWhileGrabbed {
						deliver(recorded{focus: true, at: now})
					}
				}
			}
		case 1: // FromClient: whole requests
			for len(body) >= 4 {
				n := int(binary.LittleEndian.Uint16(body[2:])) * 4
				if n == 0 && len(body) >= 8 { // BIG-REQUESTS length
					n = int(binary.LittleEndian.Uint32(body[4:])) * 4
				}
				if n < 4 || n > len(body) {
					break
				}
				req := make([]byte, n)
				copy(req, body[:n])
				body = body[n:]
				deliver(recorded{request: req, at: time.Now()})
			}
		}
	}
}

// rawReader reads the stream's non-blocking socket with a raw read(2): no
// entry into the scheduler's syscall state, which for each key woke the
// runtime's monitor thread (measured: one thread wake-up less per key).
// Readiness is still waited for by the network poller.
type rawReader struct{ rc syscall.RawConn }

func (r rawReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	var n int
	var errno syscall.Errno
	err := r.rc.Read(func(fd uintptr) bool {
		for {
			m, _, e := syscall.RawSyscall(syscall.SYS_READ, fd, uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)))
			if e == syscall.EINTR {
				continue
			}
			if e == syscall.EAGAIN {
				return false // wait until readable
			}
			n, errno = int(m), e
			return true
		}
	})
	if err != nil {
		return 0, err
	}
	if errno != 0 {
		return 0, errno
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

// close disables recording and closes the data connection.
func (r *recorder) close() {
	record.DisableContext(r.ctl, r.ctx)
	record.FreeContext(r.ctl, r.ctx)
	r.data.Close()
}

// dialX opens a raw connection to display (as DISPLAY names it) and does the
// setup handshake, with the MIT-MAGIC-COOKIE-1 from the X authority file when
// it has one for the display.
func dialX(display string) (net.Conn, error) {
	host, num, err := parseDisplay(display)
	if err != nil {
		return nil, err
	}
	var c net.Conn
	if host == "" || host == "unix" {
		c, err = net.Dial("unix", "/tmp/.X11-unix/X"+num)
	} else {
		p, _ := strconv.Atoi(num)
		c, err = net.Dial("tcp", net.JoinHostPort(host, strconv.Itoa(6000+p)))
	}
	if err != nil {
		return nil, fmt.Errorf("connect to the X display %q: %w", display, err)
	}
	name, data := xauth(host, num)
	req := make([]byte, 12, 12+len(name)+len(data)+8)
	req[0] = 'l'
	binary.LittleEndian.PutUint16(req[2:], 11)
	binary.LittleEndian.PutUint16(req[6:], uint16(len(name)))
	binary.LittleEndian.PutUint16(req[8:], uint16(len(data)))
	req = append(req, name...)
	req = append(req, make([]byte, xgb.Pad(len(name))-len(name))...)
	req = append(req, data...)
	req = append(req, make([]byte, xgb.Pad(len(data))-len(data))...)
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Write(req); err != nil {
		c.Close()
		return nil, fmt.Errorf("connect to the X display %q: %w", display, err)
	}
	head := make([]byte, 8)
	if _, err := io.ReadFull(c, head); err != nil {
		c.Close()
		return nil, fmt.Errorf("connect to the X display %q: %w", display, err)
	}
	rest := make([]byte, int(binary.LittleEndian.Uint16(head[6:]))*4)
	if _, err := io.ReadFull(c, rest); err != nil {
		c.Close()
		return nil, fmt.Errorf("connect to the X display %q: %w", display, err)
	}
	c.SetDeadline(time.Time{})
	if head[0] != 1 {
		c.Close()
		reason := string(rest)
		if head[0] == 0 && int(head[1]) <= len(rest) {
			reason = string(rest[:head[1]])
		}
		return nil, fmt.Errorf("connect to the X display %q: refused: %s", display, strings.TrimSpace(reason))
	}
	return c, nil
}

// parseDisplay splits "host:N.S" into host and display number.
func parseDisplay(d string) (host, num string, err error) {
	i := strings.LastIndex(d, ":")
	if i < 0 {
		return "", "", fmt.Errorf("bad DISPLAY %q", d)
	}
	host, num = d[:i], d[i+1:]
	if j := strings.Index(num, "."); j >= 0 {
		num = num[:j]
	}
	if _, err := strconv.Atoi(num); err != nil {
		return "", "", fmt.Errorf("bad DISPLAY %q", d)
	}
	return host, num, nil
}

// xauth finds the authorization for display num on host in $XAUTHORITY (or
// ~/.Xauthority): the first entry for this machine (or any) and the display
// (or any). None found: no authorization, which servers without access
// control (Xvfb) accept.
func xauth(host, num string) (name string, data []byte) {
	f := os.Getenv("XAUTHORITY")
	if f == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", nil
		}
		f = home + "/.Xauthority"
	}
	b, err := os.ReadFile(f)
	if err != nil {
		return "", nil
	}
	if host == "" || host == "unix" || host == "localhost" {
		host, _ = os.Hostname()
	}
	field := func() ([]byte, bool) {
		if len(b) < 2 {
			return nil, false
		}
		n := int(binary.BigEndian.Uint16(b))
		if len(b) < 2+n {
			return nil, false
		}
		v := b[2 : 2+n]
		b = b[2+n:]
		return v, true
	}
	for len(b) >= 2 {
		family := binary.BigEndian.Uint16(b)
		b = b[2:]
		addr, ok1 := field()
		disp, ok2 := field()
		nm, ok3 := field()
		dt, ok4 := field()
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return "", nil
		}
		if (family == 65535 || (family == 256 && string(addr) == host)) && (len(disp) == 0 || string(disp) == num) {
			return string(nm), dt
		}
	}
	return "", nil
}
