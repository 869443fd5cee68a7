package e2e

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// saveTargetsManager is a clipboard manager that does what the freedesktop
// clipboard manager specification asks and nothing more: it owns
// CLIPBOARD_MANAGER, and on a SAVE_TARGETS request it copies every target
// the requestor lists from the CLIPBOARD owner, takes the CLIPBOARD, serves
// the copies, and answers the request. (GNOME's former gsd-clipboard did
// this; no manager Debian ships that runs under Xvfb does, so the protocol is
// checked against this stand-in.)
type saveTargetsManager struct {
	c     *xgb.Conn
	win   xproto.Window
	saved atomic.Int32 // SAVE_TARGETS requests answered
}

func startSaveTargetsManager(t *testing.T, display string) *saveTargetsManager {
	t.Helper()
	c, err := xgb.NewConnDisplay(display)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	m := &saveTargetsManager{c: c}
	atom := func(name string) xproto.Atom {
		r, err := xproto.InternAtom(c, false, uint16(len(name)), name).Reply()
		if err != nil {
			t.Fatal(err)
		}
		return r.Atom
	}
	mgrAtom, saveAtom, clip, targets, tmp := atom("CLIPBOARD_MANAGER"), atom("SAVE_TARGETS"), atom("CLIPBOARD"), atom("TARGETS"), atom("MGR_TMP")
	win, _ := xproto.NewWindowId(c)
	root := xproto.Setup(c).DefaultScreen(c).Root
	xproto.CreateWindow(c, 0, win, root, 0, 0, 1, 1, 0, xproto.WindowClassInputOnly, 0, 0, nil)
	m.win = win
	xproto.SetSelectionOwner(c, win, mgrAtom, xproto.TimeCurrentTime)
	if o, err := xproto.GetSelectionOwner(c, mgrAtom).Reply(); err != nil || o.Owner != win {
		t.Fatal("the stand-in manager could not own CLIPBOARD_MANAGER")
	}
	type item struct {
		typ  xproto.Atom
		data []byte
	}
	copies := map[xproto.Atom]item{}
	notify := func(e xproto.SelectionRequestEvent, prop xproto.Atom) {
		n := xproto.SelectionNotifyEvent{Time: e.Time, Requestor: e.Requestor, Selection: e.Selection, Target: e.Target, Property: prop}
		xproto.SendEvent(c, false, e.Requestor, 0, string(n.Bytes()))
	}
	// fetch converts CLIPBOARD to target, waiting for the answer.
	fetch := func(target xproto.Atom) (item, bool) {
		xproto.ConvertSelection(c, win, clip, target, tmp, xproto.TimeCurrentTime)
		deadline := time.Now().Add(time.Second)
		for time.Now().Before(deadline) {
			ev, xerr := c.WaitForEvent()
			if ev == nil && xerr == nil {
				return item{}, false
			}
			n, ok := ev.(xproto.SelectionNotifyEvent)
			if !ok || n.Target != target {
				continue
			}
			if n.Property == xproto.AtomNone {
				return item{}, false
			}
			r, err := xproto.GetProperty(c, true, win, tmp, xproto.GetPropertyTypeAny, 0, 1<<24).Reply()
			if err != nil {
				return item{}, false
			}
			return item{r.Type, r.Value}, true
		}
		return item{}, false
	}
	go func() {
		for {
			ev, err := c.WaitForEvent()
			if ev == nil && err == nil {
				return
			}
			e, ok := ev.(xproto.SelectionRequestEvent)
			if !ok {
				continue
			}
			switch {
			case e.Selection == mgrAtom && e.Target == saveAtom:
				var want []xproto.Atom
				if e.Property != xproto.AtomNone {
					if r, err := xproto.GetProperty(c, false, e.Requestor, e.Property, xproto.AtomAtom, 0, 1<<16).Reply(); err == nil {
						for i := 0; i+4 <= len(r.Value); i += 4 {
							want = append(want, xproto.Atom(xgb.Get32(r.Value[i:])))
						}
					}
				}
				for _, tg := range want {
					if it, ok := fetch(tg); ok {
						copies[tg] = it
					}
				}
				xproto.SetSelectionOwner(c, win, clip, xproto.TimeCurrentTime)
				m.saved.Add(1)
				notify(e, e.Property)
			case e.Selection == clip && e.Target == targets:
				buf := make([]byte, 4, 4*(len(copies)+1))
				xgb.Put32(buf, uint32(targets))
				for tg := range copies {
					b := make([]byte, 4)
					xgb.Put32(b, uint32(tg))
					buf = append(buf, b...)
				}
				xproto.ChangeProperty(c, xproto.PropModeReplace, e.Requestor, e.Property, xproto.AtomAtom, 32, uint32(len(buf)/4), buf)
				notify(e, e.Property)
			case e.Selection == clip && copies[e.Target].data != nil:
				it := copies[e.Target]
				xproto.ChangeProperty(c, xproto.PropModeReplace, e.Requestor, e.Property, it.typ, 8, uint32(len(it.data)), it.data)
				notify(e, e.Property)
			default:
				notify(e, xproto.AtomNone)
			}
		}
	}()
	return m
}

// With a clipboard manager that implements SAVE_TARGETS, `kindly stop`
// hands the clipboard to it: text and HTML are served by the manager, and
// no keeper process is started.
func TestClipboardSavedByManager(t *testing.T) {
	e := startX(t)
	need(t, python(), "xclip")
	m := startSaveTargetsManager(t, e.display)
	e.startDaemon("testdata/library")
	e.pasteThenOwn(t)
	if out, err := e.kindly("stop"); err != nil {
		t.Fatalf("stop: %v\n%s", err, out)
	}
	d := e.daemon
	e.daemon = nil
	d.Wait()
	if m.saved.Load() != 1 {
		t.Fatalf("the manager got %d SAVE_TARGETS requests", m.saved.Load())
	}
	if got := e.clip("text/html"); got != clipHTML {
		t.Fatalf("HTML after kindly stop: %q", got)
	}
	if got := e.clip("UTF8_STRING"); got != clipText {
		t.Fatalf("text after kindly stop: %q", got)
	}
	if k := e.keepers(); len(k) != 0 {
		t.Fatalf("a keeper runs although the manager saved the clipboard: %v", k)
	}
}
