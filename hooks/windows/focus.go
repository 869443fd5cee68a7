//go:build windows

package windows

import (
	"path/filepath"
	"strconv"
	"sync"
	"time"
	"unsafe"

	win "golang.org/x/sys/windows"

	"github.com/kindly-support/kindly/hooks"
)

// window is what kindly knows about a top-level window.
type window struct {
	hwnd     uintptr
	pid, tid uint32
	exe      string // process image name, "notepad.exe"
	class    string // window class, "Notepad"
	title    string
	elevated bool // the process runs as administrator (and kindly does not)
	at       time.Time
}

func (w window) app() hooks.App {
	return hooks.App{ID: strconv.FormatUint(uint64(w.hwnd), 16), Class: w.exe, Instance: w.class, Title: w.title}
}

// windows caches what does not change about a window (process, class,
// elevation) and reads the title fresh: a browser going private changes
// only its title.
type windowCache struct {
	mu      sync.Mutex
	m       map[uintptr]window
	selfElv bool
}

func newWindowCache() *windowCache {
	return &windowCache{m: map[uintptr]window{}, selfElv: win.GetCurrentProcessToken().IsElevated()}
}

// cacheTTL bounds how long a window's process is trusted (handles are
// reused once a window is gone).
const cacheTTL = 2 * time.Second

// get describes hwnd (0: none).
func (c *windowCache) get(hwnd uintptr) window {
	if hwnd == 0 {
		return window{}
	}
	now := time.Now()
	c.mu.Lock()
	w, ok := c.m[hwnd]
	c.mu.Unlock()
	if !ok || now.Sub(w.at) > cacheTTL {
		w = window{hwnd: hwnd, class: className(hwnd), at: now}
		var pid uint32
		w.tid, _ = win.GetWindowThreadProcessId(win.HWND(hwnd), &pid)
		w.pid = pid
		w.exe, w.elevated = processInfo(pid)
		if c.selfElv {
			w.elevated = false // an administrator kindly can type anywhere
		}
		c.mu.Lock()
		if len(c.m) > 256 {
			clear(c.m)
		}
		c.m[hwnd] = w
		c.mu.Unlock()
	}
	w.title = windowText(hwnd)
	return w
}

// processInfo returns a process's image name and whether it runs elevated
// (a process kindly may not even query is taken as elevated: Windows
// drops kindly's input there too).
func processInfo(pid uint32) (exe string, elevated bool) {
	h, err := win.OpenProcess(win.PROCESS_QUERY_LIMITED_INFORMATION, false, pid)
	if err != nil {
		return "", err == win.ERROR_ACCESS_DENIED
	}
	defer win.CloseHandle(h)
	buf := make([]uint16, win.MAX_PATH)
	n := uint32(len(buf))
	if err := win.QueryFullProcessImageName(h, 0, &buf[0], &n); err == nil {
		exe = filepath.Base(win.UTF16ToString(buf[:n]))
		if i := lastSep(exe); i >= 0 {
			exe = exe[i+1:]
		}
	}
	var tok win.Token
	if err := win.OpenProcessToken(h, win.TOKEN_QUERY, &tok); err != nil {
		return exe, err == win.ERROR_ACCESS_DENIED
	}
	defer tok.Close()
	var e uint32
	var got uint32
	if err := win.GetTokenInformation(tok, win.TokenElevation, (*byte)(unsafe.Pointer(&e)), 4, &got); err != nil {
		return exe, false
	}
	return exe, e != 0
}

// lastSep finds the last path separator of a Windows path (filepath.Base on
// a Linux-built test helper would not know backslashes; on Windows it does).
func lastSep(p string) int {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '\\' || p[i] == '/' {
			return i
		}
	}
	return -1
}
