//go:build windows

package windows

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/hooks"
)

// Backend is the Windows desktop: see the package comment.
type Backend struct {
	hook   *hook
	clip   *clipboard
	wins   *windowCache
	events chan hooks.Event
	logf   func(string, ...any)

	mu       sync.Mutex // Inject, SetApps, hotkeys
	apps     *hooks.Apps
	held     bool
	markerID uint32
	elevNote bool // the elevated-window notice was given
	// replayed is the time of the newest user key the conductor had typed
	// again (keys swallowed after it and not replayed are orphans when an
	// expansion is abandoned).
	replayed time.Time
	early    *earlyOffer

	hkMu    sync.Mutex
	hotkeys map[uint32]string
	nextHK  uint32

	closeOnce sync.Once
	quit      chan struct{}
	watchdog  sync.WaitGroup
	lost      atomic.Bool
}

var (
	_ hooks.Backend     = (*Backend)(nil)
	_ expander.Injector = (*Backend)(nil)
	_ hooks.Hotkeys     = (*Backend)(nil)
	_ hooks.Clipboard   = (*Backend)(nil)
	_ hooks.AppSetter   = (*Backend)(nil)
	_ hooks.Doctor      = (*Backend)(nil)
	_ hooks.Asker       = (*Backend)(nil)
	_ hooks.Notifier    = (*Backend)(nil)
)

// Open installs the keyboard hook and starts the backend.
func Open(opts hooks.Options) (hooks.Backend, error) {
	b, err := open(opts)
	if err != nil {
		return nil, err
	}
	hideOwnConsole()
	return b, nil
}

func open(opts hooks.Options) (*Backend, error) {
	b := &Backend{apps: opts.Apps, logf: opts.Logf, wins: newWindowCache(),
		events: make(chan hooks.Event, 1024), hotkeys: map[uint32]string{}, nextHK: 1, quit: make(chan struct{})}
	if b.apps == nil {
		b.apps = NewApps(nil)
	}
	if b.logf == nil {
		b.logf = func(string, ...any) {}
	}
	clip, err := startClipboard()
	if err != nil {
		return nil, err
	}
	b.clip = clip
	h, err := startHook()
	if err != nil {
		clip.close()
		return nil, err
	}
	b.hook = h
	tr := &translator{windows: b.wins, hotkeys: b.hotkeyName, emit: b.emit, off: b.offIn, orphans: b.typeOrphans}
	tr.caps = keyToggled(vkCapital)
	go func() {
		tr.run(h.out)
		close(b.events)
	}()
	b.watchdog.Add(1)
	go b.watch()
	return b, nil
}

// NewApps returns the user's rules in front of kindly's Windows defaults
// (DefaultApps).
func NewApps(user []hooks.AppRule) *hooks.Apps { return hooks.NewApps(user, DefaultApps) }

func (b *Backend) emit(e hooks.Event) {
	select {
	case b.events <- e:
	case <-b.quit:
	}
}

// Name is "windows".
func (b *Backend) Name() string { return "windows" }

// Events delivers keys, focus changes and hotkeys.
func (b *Backend) Events() <-chan hooks.Event { return b.events }

// Close removes the hook, gives the clipboard back and ends the threads.
func (b *Backend) Close() error {
	b.closeOnce.Do(func() {
		b.mu.Lock()
		if b.held {
			var p plan
			b.end(&p, false, false, false)
			b.send(p)
		}
		b.mu.Unlock()
		close(b.quit)
		b.watchdog.Wait()
		b.hkMu.Lock()
		for id := range b.hotkeys {
			b.hook.thread.do(func() { procUnregisterHotKey.Call(0, uintptr(id)) })
		}
		b.hkMu.Unlock()
		b.hook.stop()
		b.clip.close()
	})
	return nil
}

// offIn tells whether kindly is off in app.
func (b *Backend) offIn(app hooks.App) bool {
	b.mu.Lock()
	apps := b.apps
	b.mu.Unlock()
	return apps.For(app).Off
}

// SetApps replaces the per-app settings.
func (b *Backend) SetApps(a *hooks.Apps) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.apps = a
}

// ClipboardText returns the clipboard's text.
func (b *Backend) ClipboardText() (string, error) { return b.clip.text() }

// DroppedKeys is how many hook events were lost because nobody read them
// (kindly status shows it; expected 0).
func (b *Backend) DroppedKeys() uint64 { return b.hook.dropped.Load() }

// watchdogEvery is how often the watchdog checks a quiet hook.
const watchdogEvery = 2 * time.Second

// watch checks, when the hook has been quiet for a while, that it still
// runs: it sends a private ping through the input stream and reinstalls the
// hook when the ping does not arrive. (Windows removes a low-level hook
// whose callback answered too slowly, and tells nobody.)
func (b *Backend) watch() {
	defer b.watchdog.Done()
	t := time.NewTicker(watchdogEvery)
	defer t.Stop()
	var id uint32
	for {
		select {
		case <-b.quit:
			return
		case <-t.C:
		}
		if time.Since(time.Unix(0, b.hook.lastEvent.Load())) < watchdogEvery {
			continue
		}
		id = id%0xFFFFF + 1
		var p plan
		p.control(opPing, id)
		b.mu.Lock()
		b.send(p)
		b.mu.Unlock()
		deadline := time.Now().Add(time.Second)
		for b.hook.pinged.Load() != id && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if b.hook.pinged.Load() == id {
			continue
		}
		select {
		case <-b.quit:
			return
		default:
		}
		if err := b.hook.reinstall(); err != nil {
			b.logf("the keyboard hook was removed by Windows and could not be put back: %v", err)
			if b.lost.CompareAndSwap(false, true) {
				b.emit(hooks.Event{Kind: hooks.LostEvent, Err: err})
			}
			return
		}
		b.logf("the keyboard hook was removed by Windows (it answered too slowly); put it back")
	}
}

// HookInstalls is how many times the hook was installed (1 + reinstalls).
func (b *Backend) HookInstalls() int { return int(b.hook.installs.Load()) }

// send sends a plan as one SendInput call: Windows never puts other input
// between its events.
func (b *Backend) send(p plan) error {
	in := make([]input, len(p.ev))
	for i, e := range p.ev {
		in[i] = input{typ: inputKeyboard, ki: keybdInput{vk: e.vk, scan: e.scan, flags: e.flags, extra: e.extra}}
		if e.flags&keyeventfUnicode == 0 && e.vk != vkKindly && e.vk != vkMask {
			in[i].ki.scan = scanFor(e.vk)
		}
	}
	if n, err := sendInput(in); int(n) != len(in) {
		return fmt.Errorf("SendInput sent %d of %d key events: %v", n, len(in), err)
	}
	return nil
}

func scanFor(vk uint16) uint16 {
	r, _, _ := procMapVirtualKeyEx.Call(uintptr(vk), 0, keyboardLayout(0))
	return uint16(r)
}

// altOrWinDown reports whether an Alt or Win key is down for the apps.
func altOrWinDown() bool {
	for _, vk := range []uint8{vkLMenu, vkRMenu, vkLWin, vkRWin} {
		if asyncKeyDown(vk) {
			return true
		}
	}
	return false
}

// vkFor finds the key that types r in the foreground window's layout.
func vkFor(layout uintptr) func(rune) (uint16, bool, bool) {
	return func(r rune) (uint16, bool, bool) {
		if r > 0xFFFF {
			return 0, false, false
		}
		v, _, _ := procVkKeyScanEx.Call(uintptr(r), layout)
		if int16(v) == -1 {
			return 0, false, false
		}
		return uint16(v & 0xFF), v&0x100 != 0, true
	}
}

// Inject applies one batch; see expander.Batch. Hold, release and markers
// are private events in the same SendInput call as the keys, so the hook
// acts on them exactly where they sit in the input stream.
func (b *Backend) Inject(batch expander.Batch) ([]expander.Mark, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	starting := batch.Hold && !b.held && batch.Edit.Empty() && len(batch.Replay) == 0
	var cfg hooks.AppConfig
	var fg window
	if starting || !batch.Edit.Empty() {
		fg = b.wins.get(foregroundWindow())
		cfg = b.apps.For(fg.app())
		if starting && cfg.Off {
			return nil, expander.ErrSkip
		}
		if starting && fg.elevated {
			if !b.elevNote {
				b.elevNote = true
				msg := fmt.Sprintf("%s runs as administrator: Windows drops what kindly types there, so kindly leaves the text as typed. "+
					"To expand there too, run kindly as administrator (or the app without).", appName(fg))
				b.logf("%s", msg)
				go b.Notify("kindly cannot type here", msg)
			}
			return nil, expander.ErrSkip
		}
	}
	for _, k := range batch.Replay {
		if k.At.After(b.replayed) {
			b.replayed = k.At
		}
	}
	early := b.early
	b.early = nil
	if starting && batch.Next != "" && pastes(batch.Next, cfg) {
		// Take the clipboard now, on its own thread, while the hold's
		// marker makes its way through the key stream.
		e := &earlyOffer{text: batch.Next, done: make(chan struct{})}
		go func() { e.fetched, e.err = b.clip.offer(e.text); close(e.done) }()
		b.early = e
	}
	layout := keyboardLayout(fg.tid)
	text := batch.Edit.Insert
	paste := pastes(text, cfg)
	edits := !batch.Edit.Empty() || len(batch.Replay) > 0

	// Part one: delete, then type or paste the reply. The keyboard stays
	// held (when it is) all through kindly's typing: a key the user types
	// meanwhile is held too, and comes back in the next batch.
	var p plan
	if edits {
		p.lift(altOrWinDown())
	}
	for i := 0; i < batch.Edit.Delete; i++ {
		p.tap(vkBack)
	}
	var fetched <-chan struct{}
	if early != nil {
		<-early.done
		if paste && early.err == nil && early.text == text {
			fetched = early.fetched
		} else if !paste {
			b.clip.restore() // taken for nothing: give it back
		}
	}
	if paste {
		if fetched == nil {
			var err error
			if fetched, err = b.clip.offer(text); err != nil {
				return nil, err
			}
		}
		p.pasteKeys(cfg.Paste)
	} else {
		p.text(text, cfg.ShiftEnter)
	}
	// Part two: the caret and the user's keys. After a paste they wait
	// until the app has fetched the text (the keyboard stays held).
	var q plan
	if !cfg.NoCaret {
		for i := 0; i < batch.Edit.Left; i++ {
			q.tap(vkLeft)
		}
	}
	for _, k := range batch.Replay {
		q.replay(k, vkFor(layout))
	}
	if fetched == nil {
		p.ev = append(p.ev, q.ev...)
		m := b.end(&p, batch.Hold, batch.Mark, edits)
		return m, b.send(p)
	}
	marks := b.end(&p, true, batch.Mark, false)
	if err := b.send(p); err != nil {
		b.clip.restore()
		return nil, err
	}
	var waitErr error
	select {
	case <-fetched:
	case <-time.After(time.Second):
		waitErr = errors.New("the app did not fetch the pasted reply within 1s (check its paste shortcut in the apps settings)")
	}
	if err := b.clip.restore(); err != nil {
		b.logf("give the clipboard back: %v", err)
	}
	var r plan
	r.ev = append(r.ev, q.ev...)
	marks = append(marks, b.end(&r, batch.Hold, batch.Mark, true)...)
	return marks, errors.Join(waitErr, b.send(r))
}

// end closes a plan with the marker and the hold the batch asks for, as
// one private event, and returns the marker. kindly's own typing never
// reaches the key stream, so no marker has echo before it.
func (b *Backend) end(p *plan, hold, mark, lifted bool) []expander.Mark {
	if lifted && !hold && !b.held {
		p.sync() // nothing held: give the modifiers back right away
	}
	var op uint32
	switch {
	case mark && hold:
		op = opHoldMarker
	case mark && b.held:
		op = opReleaseMark
	case mark:
		op = opMarker
	case hold && !b.held:
		op = opHold
	case !hold && b.held:
		op = opAbandon // letting go without a marker: the conductor gave up
	}
	b.held = hold
	if op == 0 {
		return nil
	}
	id := uint32(0)
	if mark {
		b.markerID = b.markerID%0xFFFFF + 1
		id = b.markerID
	}
	p.control(op, id)
	if op == opReleaseMark || op == opAbandon {
		// Let go first, then give the app the user's modifiers: a Shift
		// the user pressed or released while held counts from here.
		p.sync()
	}
	if !mark {
		return nil
	}
	return []expander.Mark{{ID: id}}
}

// earlyOffer is the clipboard taken for the reply of the expansion under
// way, before its edit batch.
type earlyOffer struct {
	text    string
	done    chan struct{}
	fetched <-chan struct{}
	err     error
}

// typeOrphans types the user's keys the hook swallowed before an
// abandoned expansion let go and that the conductor never typed again. The
// conductor takes them for keys the app got, so they must get there.
func (b *Backend) typeOrphans(held []expander.Key) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var p plan
	n := 0
	layout := keyboardLayout(b.wins.get(foregroundWindow()).tid)
	for _, k := range held {
		if k.At.After(b.replayed) {
			p.replay(k, vkFor(layout))
			b.replayed = k.At
			n++
		}
	}
	if n == 0 {
		return
	}
	if err := b.send(p); err != nil {
		b.logf("type %d keys held during an abandoned expansion: %v", n, err)
	}
}

// pastes reports whether text goes in by paste rather than typed.
func pastes(text string, cfg hooks.AppConfig) bool {
	return text != "" && !(cfg.TypeMax >= 0 && utf8.RuneCountInString(text) <= cfg.TypeMax)
}

func appName(w window) string {
	if w.exe != "" {
		return strings.TrimSuffix(w.exe, ".exe")
	}
	return "the focused window"
}

func (b *Backend) hotkeyName(id uint32) (string, bool) {
	b.hkMu.Lock()
	defer b.hkMu.Unlock()
	n, ok := b.hotkeys[id]
	return n, ok
}
