//go:build windows

package windows

import (
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
	"github.com/jezek/xgb/xtest"
	win "golang.org/x/sys/windows"
)

// The tests of this package run under wine on Xvfb (make test-windows, or
// GOOS=windows go test with scripts/wine on PATH). They type the way a
// person does: X key events through XTEST on wine's display (KINDLY_TEST_X,
// a TCP display, since wine programs cannot reach X's Unix socket), which
// wine turns into hardware keyboard input that the low-level hook sees as
// not injected. Text is read back from the app's edit control (WM_GETTEXT).

// xgb would print its connection chatter ("Could not get authority info").
func init() { xgb.Logger = log.New(io.Discard, "", 0) }

// typist types on the X display wine draws on.
type typist struct {
	t    testing.TB
	c    *xgb.Conn
	root xproto.Window
	pos  map[xproto.Keysym]keyPos
	min  xproto.Keycode
	max  xproto.Keycode
	per  int
	// spare is a keycode with nothing on it, remapped for characters the
	// keyboard map lacks (as xdotool does).
	spare xproto.Keycode
	shift xproto.Keycode
	ctrl  xproto.Keycode
}

type keyPos struct {
	code  xproto.Keycode
	shift bool
}

func newTypist(t testing.TB) *typist {
	t.Helper()
	display := os.Getenv("KINDLY_TEST_X")
	if display == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("KINDLY_TEST_X is not set: run these tests with make test-windows (scripts/wine/go_windows_amd64_exec)")
		}
		t.Skip("KINDLY_TEST_X is not set: run these tests with make test-windows")
	}
	c, err := xgb.NewConnDisplay(display)
	if err != nil {
		t.Fatalf("connect to %s: %v", display, err)
	}
	if err := xtest.Init(c); err != nil {
		t.Fatalf("XTEST: %v", err)
	}
	ty := &typist{t: t, c: c, root: xproto.Setup(c).DefaultScreen(c).Root}
	ty.loadMap()
	t.Cleanup(func() { c.Close() })
	return ty
}

func (ty *typist) loadMap() {
	s := xproto.Setup(ty.c)
	ty.min, ty.max = s.MinKeycode, s.MaxKeycode
	r, err := xproto.GetKeyboardMapping(ty.c, ty.min, byte(ty.max-ty.min+1)).Reply()
	if err != nil {
		ty.t.Fatal(err)
	}
	ty.per = int(r.KeysymsPerKeycode)
	ty.pos = map[xproto.Keysym]keyPos{}
	for i := 0; i <= int(ty.max-ty.min); i++ {
		code := xproto.Keycode(int(ty.min) + i)
		syms := r.Keysyms[i*ty.per : (i+1)*ty.per]
		empty := true
		for level, s := range syms {
			if s != 0 {
				empty = false
			}
			if level < 2 && s != 0 {
				if _, ok := ty.pos[s]; !ok {
					ty.pos[s] = keyPos{code, level == 1}
				}
			}
		}
		if empty {
			ty.spare = code
		}
	}
	ty.shift = ty.pos[0xffe1].code
	ty.ctrl = ty.pos[0xffe3].code
}

var keysymNames = map[string]xproto.Keysym{
	"BackSpace": 0xff08, "Tab": 0xff09, "Return": 0xff0d, "Escape": 0xff1b, "Left": 0xff51,
	"Up": 0xff52, "Right": 0xff53, "Down": 0xff54, "Home": 0xff50, "End": 0xff57,
	"Delete": 0xffff, "Shift_L": 0xffe1, "Control_L": 0xffe3, "Alt_L": 0xffe9, "Caps_Lock": 0xffe5,
}

func keysymOf(r rune) xproto.Keysym {
	switch {
	case r == '\n':
		return 0xff0d
	case r >= 0x20 && r < 0x7f, r >= 0xa0 && r < 0x100:
		return xproto.Keysym(r)
	}
	return xproto.Keysym(0x01000000 | r)
}

func (ty *typist) fake(press bool, code xproto.Keycode) {
	t := byte(xproto.KeyRelease)
	if press {
		t = xproto.KeyPress
	}
	xtest.FakeInput(ty.c, t, byte(code), 0, ty.root, 0, 0, 0)
}

func (ty *typist) sync() { xproto.GetInputFocus(ty.c).Reply() }

// tap presses and releases a key with modifiers held.
func (ty *typist) tap(p keyPos, mods ...xproto.Keycode) {
	if p.shift {
		mods = append(mods, ty.shift)
	}
	for _, m := range mods {
		ty.fake(true, m)
	}
	ty.fake(true, p.code)
	ty.fake(false, p.code)
	for i := len(mods) - 1; i >= 0; i-- {
		ty.fake(false, mods[i])
	}
	ty.sync()
}

// typeText types s with delay between keys.
func (ty *typist) typeText(s string, delay time.Duration) {
	for _, r := range s {
		ks := keysymOf(r)
		p, ok := ty.pos[ks]
		if !ok {
			// Put the character on the spare keycode, as xdotool does.
			syms := make([]xproto.Keysym, ty.per)
			for i := range syms {
				syms[i] = ks
			}
			xproto.ChangeKeyboardMapping(ty.c, 1, ty.spare, byte(ty.per), syms)
			ty.sync()
			time.Sleep(50 * time.Millisecond) // wine rereads its map on MappingNotify
			p = keyPos{code: ty.spare}
			ty.tap(p)
			delete(ty.pos, ks)
		} else {
			ty.tap(p)
		}
		if delay > 0 {
			time.Sleep(delay)
		}
	}
}

// key presses a named key ("BackSpace", "ctrl+a").
func (ty *typist) key(spec string) {
	parts := strings.Split(spec, "+")
	var mods []xproto.Keycode
	for _, m := range parts[:len(parts)-1] {
		switch m {
		case "ctrl":
			mods = append(mods, ty.ctrl)
		case "shift":
			mods = append(mods, ty.shift)
		case "alt":
			mods = append(mods, ty.pos[0xffe9].code)
		}
	}
	last := parts[len(parts)-1]
	ks, ok := keysymNames[last]
	if !ok {
		ks = keysymOf([]rune(last)[0])
	}
	p, ok := ty.pos[ks]
	if !ok {
		ty.t.Fatalf("key %s is not on the keyboard map", spec)
	}
	ty.tap(p, mods...)
}

// click clicks at screen position x, y.
func (ty *typist) click(x, y int) {
	xtest.FakeInput(ty.c, xproto.MotionNotify, 0, 0, ty.root, int16(x), int16(y), 0)
	xtest.FakeInput(ty.c, xproto.ButtonPress, 1, 0, ty.root, 0, 0, 0)
	xtest.FakeInput(ty.c, xproto.ButtonRelease, 1, 0, ty.root, 0, 0, 0)
	ty.sync()
}

// notepad is wine's notepad.
type notepad struct {
	t    testing.TB
	cmd  *exec.Cmd
	hwnd uintptr
	edit uintptr
}

var (
	procFindWindowEx  = user32.NewProc("FindWindowExW")
	procGetWindowRect = user32.NewProc("GetWindowRect")
)

func startNotepad(t testing.TB) *notepad {
	t.Helper()
	n := &notepad{t: t, cmd: exec.Command("notepad.exe")}
	if err := n.cmd.Start(); err != nil {
		t.Fatalf("start notepad: %v", err)
	}
	t.Cleanup(func() {
		n.cmd.Process.Kill()
		n.cmd.Wait()
	})
	pid := uint32(n.cmd.Process.Pid)
	deadline := time.Now().Add(15 * time.Second)
	for n.edit == 0 {
		if time.Now().After(deadline) {
			t.Fatal("notepad's window did not appear")
		}
		time.Sleep(50 * time.Millisecond)
		n.hwnd = findWindow(pid, "Notepad")
		if n.hwnd != 0 {
			cls, _ := win.UTF16PtrFromString("Edit")
			n.edit, _, _ = procFindWindowEx.Call(n.hwnd, 0, uintptr(unsafe.Pointer(cls)), 0)
		}
	}
	return n
}

// findWindow finds a visible top-level window of pid with class cls.
func findWindow(pid uint32, cls string) uintptr {
	var found uintptr
	cb := win.NewCallback(func(h win.HWND, _ uintptr) uintptr {
		var p uint32
		win.GetWindowThreadProcessId(h, &p)
		if p == pid && className(uintptr(h)) == cls {
			found = uintptr(h)
			return 0
		}
		return 1
	})
	win.EnumWindows(cb, nil)
	return found
}

// text returns the edit control's text, line ends as \n.
func (n *notepad) text() string {
	l := sendMessage(n.edit, wmGetTextLength, 0, 0)
	buf := make([]uint16, l+1)
	got := sendMessage(n.edit, wmGetText, uintptr(len(buf)), uintptr(unsafe.Pointer(&buf[0])))
	return strings.ReplaceAll(win.UTF16ToString(buf[:got]), "\r\n", "\n")
}

// clear empties the edit control and gives it the keyboard focus.
func (n *notepad) clear(ty *typist) {
	empty, _ := win.UTF16PtrFromString("")
	sendMessage(n.edit, 0x000C /* WM_SETTEXT */, 0, uintptr(unsafe.Pointer(empty)))
	n.focus(ty)
}

func (n *notepad) focus(ty *typist) {
	var r struct{ l, t, r, b int32 }
	procGetWindowRect.Call(n.edit, uintptr(unsafe.Pointer(&r)))
	ty.click(int(r.l+r.r)/2, int(r.t+r.b)/2)
	deadline := time.Now().Add(5 * time.Second)
	for foregroundWindow() != n.hwnd {
		if time.Now().After(deadline) {
			n.t.Fatalf("notepad did not get the focus (foreground %x, notepad %x)", foregroundWindow(), n.hwnd)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitText polls until the text is want.
func (n *notepad) waitText(want string, within time.Duration) {
	n.t.Helper()
	deadline := time.Now().Add(within)
	for {
		got := n.text()
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			n.t.Fatalf("notepad's text after %s:\n got %q\nwant %q", within, got, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (n *notepad) String() string { return fmt.Sprintf("notepad %x", n.hwnd) }
