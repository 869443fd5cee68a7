//go:build windows

package windows

import (
	"fmt"
	"sync/atomic"
	"time"
	"unsafe"

	win "golang.org/x/sys/windows"
)

// raw is one thing the hook thread saw, in the order it saw it.
type raw struct {
	kind  rawKind
	vk    uint32
	scan  uint32
	flags uint32
	id    uint32  // marker id, hotkey id
	hwnd  uintptr // rawFocus
	at    time.Time
	held  bool // the hook swallowed it (held for the conductor)
}

type rawKind uint8

const (
	rawKey rawKind = iota
	rawMarker
	rawHotkey
	rawFocus
	rawAbandon // the hook let go after an abandoned expansion
)

// hook is the low-level keyboard hook and its thread.
type hook struct {
	thread *uiThread
	handle uintptr
	winEv  uintptr
	out    chan raw
	// State only the hook thread touches.
	holding   bool
	swallowed [256]bool
	userDown  [256]bool // keys the user holds (the user's own events only)
	appDown   [256]bool // modifiers the app has down (the events that reached it)
	// Shared with other goroutines.
	dropped   atomic.Uint64
	pinged    atomic.Uint32 // the last ping id the hook saw
	lastEvent atomic.Int64  // unix nanos of the last event the hook saw
	installs  atomic.Uint32
}

// hookCallbacks are made once per process: Windows callbacks created by
// syscall.NewCallback are never freed, and the hook thread is the only
// user.
var (
	theHook     atomic.Pointer[hook]
	llProc      = win.NewCallback(lowLevelKeyboardProc)
	winEventCB  = win.NewCallback(winEventProc)
	errHookBusy = fmt.Errorf("another kindly keyboard hook is running in this process")
)

// startHook installs the hook on a new message thread.
func startHook() (*hook, error) {
	h := &hook{out: make(chan raw, 4096)}
	if !theHook.CompareAndSwap(nil, h) {
		return nil, errHookBusy
	}
	t, err := startThread(h.install, h.threadMsg)
	if err != nil {
		theHook.Store(nil)
		return nil, err
	}
	h.thread = t
	return h, nil
}

// install runs on the hook thread.
func (h *hook) install() error {
	if h.handle != 0 {
		procUnhookWindowsHookEx.Call(h.handle)
		h.handle = 0
	}
	r, _, err := procSetWindowsHookEx.Call(whKeyboardLL, llProc, 0, 0)
	if r == 0 {
		return fmt.Errorf("install the keyboard hook (SetWindowsHookEx WH_KEYBOARD_LL): %w", err)
	}
	h.handle = r
	h.installs.Add(1)
	if h.winEv == 0 {
		// Foreground changes between keys (the engine forgets what was
		// typed in the window left). Optional: keys carry the foreground
		// window anyway.
		h.winEv, _, _ = procSetWinEventHook.Call(eventSystemForegrnd, eventSystemForegrnd, 0, winEventCB, 0, 0, wineventOutOfCtx)
	}
	return nil
}

// threadMsg handles thread messages: hotkeys.
func (h *hook) threadMsg(m *msg) {
	if m.message == wmHotkey {
		h.send(raw{kind: rawHotkey, id: uint32(m.wParam), at: time.Now()})
	}
}

func (h *hook) send(r raw) {
	select {
	case h.out <- r:
	default:
		h.dropped.Add(1)
	}
}

// reinstall puts the hook back (Windows removes a hook that answered too
// slowly, without telling).
func (h *hook) reinstall() error {
	var err error
	if e := h.thread.do(func() { err = h.install() }); e != nil {
		return e
	}
	return err
}

// removeForTest takes the hook out the way Windows would: the watchdog
// must notice.
func (h *hook) removeForTest() {
	h.thread.do(func() {
		procUnhookWindowsHookEx.Call(h.handle)
	})
}

func (h *hook) stop() {
	h.thread.do(func() {
		procUnhookWindowsHookEx.Call(h.handle)
		if h.winEv != 0 {
			procUnhookWinEvent.Call(h.winEv)
		}
	})
	h.thread.stop()
	theHook.Store(nil)
	close(h.out)
}

// lowLevelKeyboardProc runs on the hook thread for every key event of the
// session. It must answer fast: it only decides whether the key goes on
// (kindly's private events and the user's keys while held do not) and
// queues the event for the translator.
func lowLevelKeyboardProc(code int, wParam, lParam uintptr) uintptr {
	h := theHook.Load()
	if code < 0 || h == nil {
		r, _, _ := procCallNextHookEx.Call(0, uintptr(code), wParam, lParam)
		return r
	}
	kb := (*kbdllhookstruct)(unsafe.Pointer(lParam))
	now := time.Now()
	h.lastEvent.Store(now.UnixNano())
	up := kb.flags&llkhfUp != 0
	op, id := ownOp(kb.flags, kb.extra)
	vk := kb.vkCode & 0xFF
	switch op {
	case 0:
	case opLift, opSync, opType:
		switch {
		case op == opLift && !h.appDown[vk]:
			return 1 // the app has it up already
		case op == opSync && !up && (!h.userDown[vk] || h.appDown[vk]):
			return 1
		case op == opSync && up && (h.userDown[vk] || !h.appDown[vk]):
			return 1
		}
		if isModifierVK(vk) {
			h.appDown[vk] = !up
		}
		// kindly's own typing: the app gets it, nobody else hears of it.
		r, _, _ := procCallNextHookEx.Call(0, uintptr(code), wParam, lParam)
		return r
	default:
		if !up {
			switch op {
			case opMarker, opHoldMarker, opReleaseMark:
				h.send(raw{kind: rawMarker, id: id, at: now})
			case opPing:
				h.pinged.Store(id)
			case opAbandon:
				h.send(raw{kind: rawAbandon, at: now})
			}
			switch op {
			case opHold, opHoldMarker:
				h.holding = true
			case opRelease, opReleaseMark, opAbandon:
				h.holding = false
			}
		}
		return 1
	}
	h.userDown[vk] = !up
	swallow := false
	switch {
	case isLockVK(vk):
	case h.holding:
		// Held: the app sees none of it. Modifiers are given back as they
		// are when kindly lets go (opSync).
		swallow = true
		if !isModifierVK(vk) {
			h.swallowed[vk] = !up
		}
	case isModifierVK(vk):
		if up && !h.appDown[vk] {
			swallow = true // the app has it up already
		}
		h.appDown[vk] = !up
	case up && h.swallowed[vk]:
		// The app never saw this key go down: it must not see it go up.
		h.swallowed[vk], swallow = false, true
	}
	h.send(raw{kind: rawKey, vk: kb.vkCode, scan: kb.scanCode, flags: kb.flags, at: now, held: swallow})
	if swallow {
		return 1
	}
	r, _, _ := procCallNextHookEx.Call(0, uintptr(code), wParam, lParam)
	return r
}

// winEventProc hears foreground window changes.
func winEventProc(hook uintptr, event uint32, hwnd uintptr, idObject, idChild int32, thread, at uint32) uintptr {
	if h := theHook.Load(); h != nil && event == eventSystemForegrnd {
		h.send(raw{kind: rawFocus, hwnd: hwnd, at: time.Now()})
	}
	return 0
}
