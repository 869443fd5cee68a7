//go:build linux

package x11

import (
	"encoding/binary"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/jezek/xgb/record"
	"github.com/jezek/xgb/xproto"

	"github.com/kindly-support/kindly/expander"
)

// KeyboardSupport reports whether this build can read the keyboard: on Linux
// always (the hook is pure Go).
const KeyboardSupport = true

// ErrNoKeyboard explains why a build cannot read the keyboard (never, here).
var ErrNoKeyboard = errors.New("no keyboard support")

// Core request opcodes that change the keyboard map.
const (
	opChangeKeyboardMapping = 100
	opSetModifierMapping    = 118
)

// keys is the key hook of one X11: the RECORD stream, translated with the
// layout in force at each press.
type keys struct {
	rec     *recorder
	sink    func(expander.Key) // called on the hook goroutine for each key
	dropped atomic.Uint64
	tr      translator
	// lay is the keyboard map keys are looked up in. The hook goroutine
	// replaces it when the stream shows a request that changed the map
	// (setxkbmap, xkbcomp, xdotool's remapping of a spare key): the map in
	// force for a key press is the one the stream reached, so a press is
	// read with exactly the keyboard map it was typed with.
	lay   atomic.Pointer[layout]
	stop  sync.Once
	ended chan struct{}
	err   error // why the stream ended, once ended is closed
}

// LostConnection reports whether the key stream ended because the X server
// went away (rather than kindly closing it).
func (x *X11) LostConnection() bool {
	if x.hook == nil {
		return false
	}
	select {
	case <-x.hook.ended:
	default:
		return false
	}
	return errors.Is(x.hook.err, io.EOF) || errors.Is(x.hook.err, syscall.ECONNRESET)
}

// startKeys starts the key hook on x's display: sink gets each key, on the
// hook's own goroutine (no hand-over to another goroutine per key: each one
// costs a thread wake-up). The returned channel is closed when the recording
// stops (the X connection is gone or x is closed).
func (x *X11) startKeys(logf func(string, ...any), sink func(expander.Key)) (<-chan struct{}, error) {
	k := &keys{sink: sink, ended: make(chan struct{})}
	lay, err := x.kb.getMap()
	if err != nil {
		return nil, err
	}
	k.lay.Store(lay)
	ranges := x.recordRanges()
	x.hook = k
	rec, done, err := startRecord(x.c, displayName(), ranges, func(ev recorded) { x.onRecorded(k, ev, logf) })
	if err != nil {
		x.hook = nil
		return nil, err
	}
	k.rec = rec
	go func() {
		err := <-done
		k.err = err
		if logf != nil && err != nil && !x.LostConnection() {
			select {
			case <-x.dead:
			default:
				logf("key hook: %v", err)
			}
		}
		close(k.ended)
	}()
	return k.ended, nil
}

// recordRanges asks RECORD for key and button presses, focus changes, and for the requests
// that change the keyboard map: core ChangeKeyboardMapping and
// SetModifierMapping, XKB SetMap and GetKbdByName (setxkbmap).
func (x *X11) recordRanges() []record.Range {
	rs := []record.Range{
		{DeviceEvents: record.Range8{First: xproto.KeyPress, Last: xproto.KeyPress}},
		{DeviceEvents: record.Range8{First: xproto.ButtonPress, Last: xproto.ButtonPress}},
		// Focus moves, in order with the keys: a key typed right after
		// the focus moved is read as typed in the new window.
		{DeliveredEvents: record.Range8{First: xproto.FocusIn, Last: xproto.FocusIn}},
		{CoreRequests: record.Range8{First: opChangeKeyboardMapping, Last: opChangeKeyboardMapping}},
		{CoreRequests: record.Range8{First: opSetModifierMapping, Last: opSetModifierMapping}},
	}
	for _, minor := range []uint16{xkbSetMap, xkbGetKbdByName} {
		rs = append(rs, record.Range{ExtRequests: record.ExtRange{
			Major: record.Range8{First: x.kb.major, Last: x.kb.major},
			Minor: record.Range16{First: minor, Last: minor}}})
	}
	return rs
}

// onRecorded handles one recorded item on the hook goroutine.
func (x *X11) onRecorded(k *keys, ev recorded, logf func(string, ...any)) {
	if ev.request != nil {
		x.onMapRequest(k, ev.request, logf)
		return
	}
	if ev.focus {
		x.focusGen.Add(1)
		return
	}
	p := press{click: ev.button != 0, state: ev.state, at: ev.at}
	if p.click && ev.button >= 4 && ev.button <= 7 {
		return // a wheel turn moves no caret
	}
	if !p.click {
		p.sym, p.lock = k.lay.Load().lookup(ev.code, ev.state)
	}
	if key, ok := k.tr.translate(p); ok {
		k.sink(key)
	}
}

// onMapRequest follows a request that changed the keyboard map. The stream
// has it before the server carries it out, and the server carries it out
// before it reads the next request of any client: a core
// ChangeKeyboardMapping is applied from its own bytes (xdotool remaps a
// spare key for each character it cannot find and maps it back at once, so
// asking the server later could be too late), an XKB one is read back from
// the server.
func (x *X11) onMapRequest(k *keys, req []byte, logf func(string, ...any)) {
	x.stale.Store(true)
	if req[0] == opChangeKeyboardMapping && len(req) >= 8 {
		n, first, per := int(req[1]), int(req[4]), int(req[5])
		syms := req[8:]
		if per > 0 && len(syms) >= n*per*4 {
			lay := *k.lay.Load()
			for i := range n {
				code := first + i
				if code > 255 {
					break
				}
				s := make([]uint32, per)
				for j := range per {
					s[j] = binary.LittleEndian.Uint32(syms[(i*per+j)*4:])
				}
				lay.keys[code] = coreKey(s)
			}
			k.lay.Store(&lay)
			return
		}
	}
	lay, err := x.kb.getMap()
	if err != nil {
		if logf != nil {
			logf("key hook: %v", err)
		}
		return
	}
	k.lay.Store(lay)
}

// coreKey is how XKB takes a key given by a core ChangeKeyboardMapping:
// group 1 is its first two symbols, group 2 the next two (ONE_LEVEL when
// the second is empty, else TWO_LEVEL: the server's canonical types 0 and 1).
func coreKey(s []uint32) keySyms {
	at := func(i int) uint32 {
		if i < len(s) {
			return s[i]
		}
		return 0
	}
	var k keySyms
	groups := 1
	if at(2) != 0 || at(3) != 0 {
		groups = 2
	}
	if at(0) == 0 && at(1) == 0 && groups == 1 {
		return k // unmapped
	}
	k.width = 2
	k.groupInfo = uint8(groups)
	for g := range groups {
		lo, hi := at(2*g), at(2*g+1)
		if hi == 0 {
			k.types[g] = 0
			hi = lo
		} else {
			k.types[g] = 1
		}
		k.syms = append(k.syms, lo, hi)
	}
	return k
}

// lookup returns the keysym key code types in state (its modifiers and
// group), and whether Caps Lock is on and left to the character.
func (l *layout) lookup(code xproto.Keycode, state uint16) (uint32, bool) {
	group, mods := uint8(state>>13)&3, uint8(state)
	s := &l.keys[code]
	g, ok := s.effectiveGroup(group)
	if !ok {
		return 0, false
	}
	var t *keyType
	lv := uint8(0)
	if int(s.types[g]) < len(l.types) {
		t = &l.types[s.types[g]]
		lv = t.level(mods)
	}
	i := int(g)*int(s.width) + int(lv)
	if lv >= s.width || i >= len(s.syms) {
		return 0, false
	}
	lock := mods&stateLock != 0 && (t == nil || t.mask&stateLock == 0)
	return s.syms[i], lock
}

// DroppedKeys counts keys the hook had to drop because the engine fell behind
// (expected: zero).
func (x *X11) DroppedKeys() uint64 {
	if x.hook == nil {
		return 0
	}
	return x.hook.dropped.Load()
}

// stopKeys ends the recording.
func (x *X11) stopKeys() {
	if x.hook == nil {
		return
	}
	x.hook.stop.Do(x.hook.rec.close)
}
