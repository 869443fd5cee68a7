//go:build linux

package x11

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// TestWindow is a minimal text field in its own X window, for `kindly doctor
// --self-test`: it takes key presses the way an app does (keycode and
// modifiers through the keyboard map), pastes the CLIPBOARD on Ctrl+V, and
// lets the caller read its text back.
type TestWindow struct {
	c    *xgb.Conn
	win  xproto.Window
	root xproto.Window

	mu    sync.Mutex
	text  []rune
	syms  [][]xproto.Keysym
	min   xproto.Keycode
	clip  xproto.Atom
	utf8  xproto.Atom
	prop  xproto.Atom
	stale bool
}

// OpenTestWindow maps a small focused window titled "kindly self-test".
func OpenTestWindow() (*TestWindow, error) {
	c, err := xgb.NewConn()
	if err != nil {
		return nil, err
	}
	t := &TestWindow{c: c, root: xproto.Setup(c).DefaultScreen(c).Root}
	for _, a := range []struct {
		p    *xproto.Atom
		name string
	}{{&t.clip, "CLIPBOARD"}, {&t.utf8, "UTF8_STRING"}, {&t.prop, "KINDLY_SELFTEST"}} {
		r, err := xproto.InternAtom(c, false, uint16(len(a.name)), a.name).Reply()
		if err != nil {
			c.Close()
			return nil, err
		}
		*a.p = r.Atom
	}
	if err := t.loadKeymap(); err != nil {
		c.Close()
		return nil, err
	}
	t.win, _ = xproto.NewWindowId(c)
	scr := xproto.Setup(c).DefaultScreen(c)
	xproto.CreateWindow(c, scr.RootDepth, t.win, t.root, 0, 0, 300, 80, 0, xproto.WindowClassInputOutput,
		scr.RootVisual, xproto.CwBackPixel|xproto.CwEventMask,
		[]uint32{scr.WhitePixel, xproto.EventMaskKeyPress | xproto.EventMaskExposure | xproto.EventMaskStructureNotify})
	title := "kindly self-test"
	xproto.ChangeProperty(c, xproto.PropModeReplace, t.win, xproto.AtomWmName, xproto.AtomString, 8, uint32(len(title)), []byte(title))
	class := "kindly-self-test\x00Kindly-self-test\x00"
	xproto.ChangeProperty(c, xproto.PropModeReplace, t.win, xproto.AtomWmClass, xproto.AtomString, 8, uint32(len(class)), []byte(class))
	xproto.MapWindow(c, t.win)
	// Wait until it is viewable, then focus it.
	for i := 0; i < 100; i++ {
		a, err := xproto.GetWindowAttributes(c, t.win).Reply()
		if err == nil && a.MapState == xproto.MapStateViewable {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := xproto.SetInputFocusChecked(c, xproto.InputFocusParent, t.win, xproto.TimeCurrentTime).Check(); err != nil {
		t.Close()
		return nil, fmt.Errorf("focus the self-test window: %w", err)
	}
	go t.events()
	return t, nil
}

func (t *TestWindow) loadKeymap() error {
	setup := xproto.Setup(t.c)
	r, err := xproto.GetKeyboardMapping(t.c, setup.MinKeycode, byte(setup.MaxKeycode-setup.MinKeycode+1)).Reply()
	if err != nil {
		return err
	}
	per := int(r.KeysymsPerKeycode)
	t.syms = nil
	for i := 0; i+per <= len(r.Keysyms); i += per {
		t.syms = append(t.syms, r.Keysyms[i:i+per])
	}
	t.min = setup.MinKeycode
	return nil
}

func (t *TestWindow) events() {
	for {
		ev, err := t.c.WaitForEvent()
		if ev == nil && err == nil {
			return
		}
		switch e := ev.(type) {
		case xproto.MappingNotifyEvent:
			t.mu.Lock()
			t.stale = true
			t.mu.Unlock()
		case xproto.KeyPressEvent:
			t.key(e)
		case xproto.SelectionNotifyEvent:
			if e.Property == xproto.AtomNone {
				continue
			}
			r, err := xproto.GetProperty(t.c, true, t.win, t.prop, xproto.GetPropertyTypeAny, 0, 1<<20).Reply()
			if err == nil {
				t.mu.Lock()
				t.text = append(t.text, []rune(string(r.Value))...)
				t.mu.Unlock()
			}
		}
	}
}

func (t *TestWindow) key(e xproto.KeyPressEvent) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stale {
		t.loadKeymap()
		t.stale = false
	}
	i := int(e.Detail) - int(t.min)
	if i < 0 || i >= len(t.syms) {
		return
	}
	syms := t.syms[i]
	ks := syms[0]
	if e.State&xproto.ModMaskShift != 0 && len(syms) > 1 && syms[1] != 0 {
		ks = syms[1]
	}
	switch {
	case e.State&xproto.ModMaskControl != 0:
		if ks == 'v' || ks == 'V' {
			xproto.ConvertSelection(t.c, t.win, t.clip, t.utf8, t.prop, e.Time)
		}
	case ks == ksBackSpace:
		if len(t.text) > 0 {
			t.text = t.text[:len(t.text)-1]
		}
	case ks == ksReturn:
		t.text = append(t.text, '\n')
	case ks >= 0x20 && ks < 0x7f, ks >= 0xa0 && ks < 0x100:
		t.text = append(t.text, rune(ks))
	case ks&0xff000000 == 0x01000000:
		t.text = append(t.text, rune(ks&0x00ffffff))
	}
}

// Text returns what the window holds.
func (t *TestWindow) Text() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.text)
}

// WaitText waits until the window holds want.
func (t *TestWindow) WaitText(want string, within time.Duration) error {
	deadline := time.Now().Add(within)
	for t.Text() != want {
		if time.Now().After(deadline) {
			return fmt.Errorf("the self-test window holds %q, want %q", t.Text(), want)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return nil
}

// Close destroys the window.
func (t *TestWindow) Close() error {
	if t.c == nil {
		return errors.New("closed")
	}
	xproto.DestroyWindow(t.c, t.win)
	xproto.GetInputFocus(t.c).Reply()
	t.c.Close()
	return nil
}

// Extensions reports which of the X extensions kindly needs the display has.
func Extensions() (map[string]bool, error) {
	c, err := xgb.NewConn()
	if err != nil {
		return nil, err
	}
	defer c.Close()
	have := map[string]bool{}
	for _, name := range []string{"XTEST", "RECORD", "XKEYBOARD"} {
		r, err := xproto.QueryExtension(c, uint16(len(name)), name).Reply()
		have[name] = err == nil && r.Present
	}
	return have, nil
}
