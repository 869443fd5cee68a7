//go:build windows

package windows

import (
	"errors"
	"runtime"
	"sync"
	"unsafe"

	win "golang.org/x/sys/windows"
)

// wmRun wakes a uiThread to run the functions queued for it.
const wmRun = wmApp + 1

// uiThread is a locked OS thread with a Win32 message loop: hooks, hotkeys
// and windows belong to the thread that made them, and their callbacks run
// there while it pumps messages.
type uiThread struct {
	tid  uint32
	mu   sync.Mutex
	fns  []func()
	done chan struct{}
	// onMsg, when set, sees each thread message (hwnd 0) first.
	onMsg func(*msg)
}

var errThreadGone = errors.New("the Windows message thread has ended")

// startThread starts a message thread; init runs on it before the loop.
func startThread(init func() error, onMsg func(*msg)) (*uiThread, error) {
	t := &uiThread{done: make(chan struct{}), onMsg: onMsg}
	ready := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		defer close(t.done)
		t.tid = win.GetCurrentThreadId()
		// Make sure the thread has a message queue before anyone posts to it.
		var m msg
		procPeekMessage.Call(uintptr(unsafe.Pointer(&m)), 0, wmUser, wmUser, 0)
		if init != nil {
			if err := init(); err != nil {
				ready <- err
				return
			}
		}
		ready <- nil
		t.loop()
	}()
	if err := <-ready; err != nil {
		<-t.done
		return nil, err
	}
	return t, nil
}

const wmUser = 0x0400

func (t *uiThread) loop() {
	var m msg
	for {
		r, _, _ := procGetMessage.Call(uintptr(unsafe.Pointer(&m)), 0, 0, 0)
		if int32(r) <= 0 {
			t.runQueued() // let nobody wait forever
			return
		}
		if m.hwnd == 0 {
			if m.message == wmRun {
				t.runQueued()
				continue
			}
			if t.onMsg != nil {
				t.onMsg(&m)
				continue
			}
		}
		procTranslateMessage.Call(uintptr(unsafe.Pointer(&m)))
		procDispatchMessage.Call(uintptr(unsafe.Pointer(&m)))
	}
}

func (t *uiThread) runQueued() {
	t.mu.Lock()
	fns := t.fns
	t.fns = nil
	t.mu.Unlock()
	for _, f := range fns {
		f()
	}
}

// do runs f on the thread and waits for it.
func (t *uiThread) do(f func()) error {
	ran := make(chan struct{})
	t.mu.Lock()
	t.fns = append(t.fns, func() { f(); close(ran) })
	t.mu.Unlock()
	if !postThreadMessage(t.tid, wmRun, 0, 0) {
		select {
		case <-t.done:
			return errThreadGone
		default:
		}
	}
	select {
	case <-ran:
		return nil
	case <-t.done:
		select {
		case <-ran:
			return nil
		default:
			return errThreadGone
		}
	}
}

// stop ends the message loop and waits for the thread.
func (t *uiThread) stop() {
	postThreadMessage(t.tid, wmQuit, 0, 0)
	<-t.done
}
