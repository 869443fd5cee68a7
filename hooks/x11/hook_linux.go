//go:build linux && cgo

package x11

/*
#include <stdint.h>
int kindly_hook_available(void);
int kindly_hook_run(void);
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	_ "github.com/robotn/gohook" // links gohook's XRecord hook (C) into the binary

	"github.com/kindly-support/kindly/expander"
)

// KeyboardSupport reports whether this build can read the keyboard.
const KeyboardSupport = true

// ErrNoKeyboard explains why a build cannot read the keyboard (never, here).
var ErrNoKeyboard = errors.New("no keyboard support")

// The hook is process-wide (libuiohook keeps global state), so the source is too.
var hook struct {
	sync.Mutex
	running bool
	tr      translator
	out     chan<- expander.Key
	enabled chan struct{}
	dropped uint64
	logf    func(format string, args ...any)
	lost    bool // the X connection is gone (the hook thread is parked)
}

// LostConnection reports whether the hook saw the X connection go away.
func LostConnection() bool {
	hook.Lock()
	defer hook.Unlock()
	return hook.lost
}

//export kindlyHookLost
func kindlyHookLost() {
	hook.Lock()
	defer hook.Unlock()
	hook.lost = true
	if hook.out != nil {
		close(hook.out) // the key stream ends: the backend reports the loss
		hook.out = nil
	}
}

//export kindlyHookEvent
func kindlyHookEvent(kind C.int, mask, keycode, rawcode C.uint16_t, keychar C.uint32_t, button C.uint16_t) {
	ev := rawEvent{Kind: uint8(kind), Mask: uint16(mask), Keycode: uint16(keycode),
		Rawcode: uint16(rawcode), Keychar: uint32(keychar), Button: uint16(button)}
	now := time.Now()
	hook.Lock()
	defer hook.Unlock()
	switch ev.Kind {
	case rawHookEnabled:
		if hook.enabled != nil {
			close(hook.enabled)
			hook.enabled = nil
		}
		return
	case rawHookDisabled:
		return
	}
	k, ok := hook.tr.translate(ev, now)
	if !ok || hook.out == nil {
		return
	}
	select {
	case hook.out <- k:
	default:
		// The engine is thousands of keys behind; never block the X thread.
		hook.dropped++
	}
}

//export kindlyHookLog
func kindlyHookLog(level C.int, msg *C.char) {
	hook.Lock()
	logf := hook.logf
	hook.Unlock()
	if logf != nil {
		logf("hook: %s", C.GoString(msg))
	}
}

// StartKeys starts the global key hook and returns the stream of Keys. It
// returns once the hook is recording (or failed to start). The channel is
// closed when ctx ends or the hook stops (for example when the X connection
// drops). The hook is started once per process and runs until it exits. logf receives the hook's warnings and errors, which never contain
// key data.
func StartKeys(ctx context.Context, logf func(string, ...any)) (<-chan expander.Key, error) {
	if C.kindly_hook_available() == 0 {
		return nil, errors.New("gohook is not linked into this binary")
	}
	hook.Lock()
	if hook.running {
		hook.Unlock()
		return nil, errors.New("the key hook is already running")
	}
	ch := make(chan expander.Key, 8192)
	enabled := make(chan struct{})
	hook.running, hook.out, hook.enabled, hook.logf, hook.tr = true, ch, enabled, logf, translator{}
	hook.Unlock()

	done := make(chan int, 1)
	go func() {
		runtime.LockOSThread()
		done <- int(C.kindly_hook_run())
	}()
	select {
	case <-enabled:
	case status := <-done:
		stopHook(ch, true)
		return nil, fmt.Errorf("start the key hook: libuiohook status %#x (is the X RECORD extension available?)", status)
	case <-time.After(5 * time.Second):
		stopHook(ch, false)
		return nil, errors.New("start the key hook: timed out waiting for XRecord")
	}
	go func() {
		// When ctx ends the channel closes, but the hook itself is left to
		// end with the process: libuiohook's hook_stop closes a display its
		// recording thread is still using and crashed now and then (seen in
		// `kindly doctor --self-test`, about 1 run in 10).
		select {
		case <-ctx.Done():
			stopHook(ch, false)
		case <-done:
			stopHook(ch, true)
		}
	}()
	return ch, nil
}

// stopHook closes the key channel; ended says the hook thread itself is
// gone (else it goes on, delivering nowhere, and cannot be started again).
func stopHook(ch chan expander.Key, ended bool) {
	hook.Lock()
	defer hook.Unlock()
	if hook.out == ch {
		close(ch)
		hook.out = nil
	}
	if ended {
		hook.running = false
	}
}

// DroppedKeys counts keys the hook had to drop because the engine fell behind
// (expected: zero).
func DroppedKeys() uint64 {
	hook.Lock()
	defer hook.Unlock()
	return hook.dropped
}
