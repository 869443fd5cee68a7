//go:build linux

package x11

import (
	"errors"
	"sync"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"

	"github.com/kindly-support/kindly/expander"
)

// The clipboard side of the X11 injector. To paste a reply kindly becomes
// the owner of the selection the app pastes from and serves the text; first
// it reads what the user had there (text, HTML, images: the formats listed
// in keepTargets) so it can serve that back afterwards. Large contents go
// both ways with the INCR protocol.

// selections is the state of the selections kindly owns, shared with the
// event goroutine.
type selections struct {
	sync.Mutex
	owned   map[xproto.Atom]*content      // what we serve, per selection
	saved   map[xproto.Atom]*savedSel     // the user's content to give back
	pending map[xproto.Atom]chan struct{} // closed when a paste was fetched
	restore map[xproto.Atom]*time.Timer
	incr    map[incrKey]*incrTransfer // INCR transfers under way
	cleared chan struct{}             // when not nil, told of each SelectionClear (the clipboard keeper)
}

// content is what kindly serves for one selection: data per target.
type content struct {
	targets []xproto.Atom
	data    map[xproto.Atom][]byte
	typ     map[xproto.Atom]xproto.Atom // the property type to answer with
	reply   bool                        // a reply being pasted (its fetch ends the wait)
	html    xproto.Atom                 // the text/html target, when served
	gotHTML bool                        // an app fetched the text/html (a rich field)
}

type savedSel struct {
	content *content
	none    bool // nobody owned it: give it up instead of serving
}

type incrKey struct {
	w    xproto.Window
	prop xproto.Atom
}

type incrTransfer struct {
	data []byte
	typ  xproto.Atom
	off  int
	done time.Time
}

const (
	// saveWait is how long the owner of the user's clipboard has to answer
	// before a paste (the reply waits meanwhile; without an answer the
	// clipboard is not given back).
	saveWait = 250 * time.Millisecond
	// chunk is the most kindly puts in one property change (well under the
	// core protocol's request limit).
	chunk = 64 << 10
	// maxSaved bounds what is kept of the user's clipboard (all formats).
	maxSaved = 64 << 20
)

// keepTargets are the formats saved and given back, in order of preference.
var keepTargets = []string{
	"UTF8_STRING", "text/plain;charset=utf-8", "STRING", "text/html", "text/uri-list",
	"image/png", "image/jpeg", "image/gif", "image/bmp", "image/webp",
}

func (x *X11) atom(name string) xproto.Atom {
	r, err := xproto.InternAtom(x.c, false, uint16(len(name)), name).Reply()
	if err != nil {
		return xproto.AtomNone
	}
	return r.Atom
}

// htmlPrefix starts the text/html kindly serves: Chromium and Firefox read
// the charset from it (without it Chromium takes the bytes for Latin-1).
const htmlPrefix = `<meta http-equiv="content-type" content="text/html; charset=utf-8">`

// replyContent is a reply as the selection serves it: a formatted reply as
// text/html with its plain twin in every text target beside it (an app or
// field that takes only text pastes the twin), an image as image/png, a
// plain reply as text.
func (x *X11) replyContent(e expander.Edit) *content {
	c := &content{data: map[xproto.Atom][]byte{}, typ: map[xproto.Atom]xproto.Atom{}, reply: true}
	add := func(a xproto.Atom, data []byte, typ xproto.Atom) {
		c.targets = append(c.targets, a)
		c.data[a], c.typ[a] = data, typ
	}
	if e.Image != nil {
		a := x.atom(e.Image.Type)
		add(a, e.Image.Data, a)
	}
	if e.HTML != "" {
		a := x.atom("text/html")
		add(a, []byte(htmlPrefix+e.HTML), a)
		c.html = a
	}
	if e.Insert == "" && e.Image != nil {
		return c // an image alone: no empty text to paste instead
	}
	b := []byte(e.Insert)
	for _, a := range []xproto.Atom{x.atomUTF8, x.atomPlainUTF8, x.atomText} {
		add(a, b, x.atomUTF8)
	}
	l1 := latin1(b)
	for _, a := range []xproto.Atom{xproto.AtomString, x.atomPlain} {
		add(a, l1, xproto.AtomString)
	}
	return c
}

// serve answers another client's request for a selection kindly owns.
func (x *X11) serve(e xproto.SelectionRequestEvent) {
	x.sel.Lock()
	c := x.sel.owned[e.Selection]
	x.sel.Unlock()
	prop := e.Property
	if prop == xproto.AtomNone {
		prop = e.Target
	}
	fetchedReply := false
	switch {
	case c == nil:
		prop = xproto.AtomNone
	case e.Target == x.atom("MULTIPLE") && e.Property != xproto.AtomNone:
		// Several targets at once (ICCCM 2.6.2): the requestor's property
		// holds (target, property) pairs; each is answered in its property,
		// and a pair that cannot be is given the property None.
		if !x.serveMultiple(e.Requestor, e.Property, c) {
			prop = xproto.AtomNone
		}
	case e.Target == x.atomTargets:
		atoms := append([]xproto.Atom{x.atomTargets}, c.targets...)
		buf := make([]byte, 4*len(atoms))
		for i, a := range atoms {
			xgb.Put32(buf[4*i:], uint32(a))
		}
		xproto.ChangeProperty(x.c, xproto.PropModeReplace, e.Requestor, prop, xproto.AtomAtom, 32, uint32(len(atoms)), buf)
	case c.data[e.Target] != nil:
		data, typ := c.data[e.Target], c.typ[e.Target]
		if len(data) <= chunk {
			xproto.ChangeProperty(x.c, xproto.PropModeReplace, e.Requestor, prop, typ, 8, uint32(len(data)), data)
		} else {
			x.startIncr(e.Requestor, prop, typ, data)
		}
		fetchedReply = c.reply
		if c.reply && c.html != 0 && e.Target == c.html {
			x.sel.Lock()
			c.gotHTML = true
			x.sel.Unlock()
		}
	default:
		prop = xproto.AtomNone
	}
	notify := xproto.SelectionNotifyEvent{Time: e.Time, Requestor: e.Requestor, Selection: e.Selection, Target: e.Target, Property: prop}
	// No round trip needed before calling the paste fetched: the keys the
	// injector sends next go out on this same connection, after this event.
	xproto.SendEvent(x.c, false, e.Requestor, 0, string(notify.Bytes()))
	if fetchedReply {
		x.sel.Lock()
		fetched := x.sel.pending[e.Selection]
		delete(x.sel.pending, e.Selection)
		x.sel.Unlock()
		if fetched != nil {
			close(fetched)
		}
	}
}

// serveMultiple answers a MULTIPLE request for content c; false when the
// list of pairs cannot be read.
func (x *X11) serveMultiple(w xproto.Window, prop xproto.Atom, c *content) bool {
	r, err := xproto.GetProperty(x.c, false, w, prop, xproto.GetPropertyTypeAny, 0, 1<<16).Reply()
	if err != nil || r.Format != 32 {
		return false
	}
	pairs := make([]byte, len(r.Value))
	copy(pairs, r.Value)
	for i := 0; i+8 <= len(pairs); i += 8 {
		target, p := xproto.Atom(xgb.Get32(pairs[i:])), xproto.Atom(xgb.Get32(pairs[i+4:]))
		data, ok := c.data[target]
		switch {
		case target == x.atomTargets:
			atoms := append([]xproto.Atom{x.atomTargets}, c.targets...)
			buf := make([]byte, 4*len(atoms))
			for j, a := range atoms {
				xgb.Put32(buf[4*j:], uint32(a))
			}
			xproto.ChangeProperty(x.c, xproto.PropModeReplace, w, p, xproto.AtomAtom, 32, uint32(len(atoms)), buf)
		case ok && len(data) <= chunk:
			xproto.ChangeProperty(x.c, xproto.PropModeReplace, w, p, c.typ[target], 8, uint32(len(data)), data)
		case ok:
			x.startIncr(w, p, c.typ[target], data)
		default:
			xgb.Put32(pairs[i+4:], uint32(xproto.AtomNone))
		}
	}
	xproto.ChangeProperty(x.c, xproto.PropModeReplace, w, prop, r.Type, 32, uint32(len(pairs)/4), pairs)
	return true
}

// startIncr begins sending data to a requestor in chunks: each time it
// deletes the property, the next chunk goes in; an empty one ends it.
func (x *X11) startIncr(w xproto.Window, prop, typ xproto.Atom, data []byte) {
	x.sel.Lock()
	x.sel.incr[incrKey{w, prop}] = &incrTransfer{data: data, typ: typ, done: time.Now().Add(10 * time.Second)}
	for k, t := range x.sel.incr { // drop transfers a requestor abandoned
		if time.Now().After(t.done) {
			delete(x.sel.incr, k)
		}
	}
	x.sel.Unlock()
	xproto.ChangeWindowAttributes(x.c, w, xproto.CwEventMask, []uint32{xproto.EventMaskPropertyChange})
	size := make([]byte, 4)
	xgb.Put32(size, uint32(len(data)))
	xproto.ChangeProperty(x.c, xproto.PropModeReplace, w, prop, x.atomIncr, 32, 1, size)
}

// incrStep sends the next chunk of an INCR transfer; false if e is not one.
func (x *X11) incrStep(e xproto.PropertyNotifyEvent) bool {
	k := incrKey{e.Window, e.Atom}
	x.sel.Lock()
	t := x.sel.incr[k]
	if t == nil {
		x.sel.Unlock()
		return false
	}
	end := min(t.off+chunk, len(t.data))
	part := t.data[t.off:end]
	t.off = end
	if len(part) == 0 {
		delete(x.sel.incr, k)
	}
	x.sel.Unlock()
	xproto.ChangeProperty(x.c, xproto.PropModeReplace, e.Window, e.Atom, t.typ, 8, uint32(len(part)), part)
	return true
}

func latin1(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for _, r := range string(b) {
		if r < 0x100 {
			out = append(out, byte(r))
		} else {
			out = append(out, '?')
		}
	}
	return out
}

// offer makes kindly the owner of sel with the reply of e, first saving
// what the user had there so it can be given back. The returned channel is
// closed once an app fetched the reply.
func (x *X11) offer(sel xproto.Atom, e expander.Edit) (chan struct{}, error) {
	x.sel.Lock()
	t := x.sel.restore[sel]
	_, restorePending := x.sel.saved[sel]
	x.sel.Unlock()
	if t != nil {
		t.Stop()
	}
	if !restorePending {
		saved := x.readSelection(sel)
		x.sel.Lock()
		x.sel.saved[sel] = saved
		x.sel.Unlock()
	}
	fetched := make(chan struct{})
	x.sel.Lock()
	x.sel.owned[sel] = x.replyContent(e)
	x.sel.pending[sel] = fetched
	x.sel.Unlock()
	xproto.SetSelectionOwner(x.c, x.win, sel, xproto.TimeCurrentTime)
	r, err := xproto.GetSelectionOwner(x.c, sel).Reply()
	if err != nil || r.Owner != x.win {
		return nil, errors.New("could not take the clipboard to paste the reply")
	}
	return fetched, nil
}

// readSelection returns what sel holds now in the formats kindly keeps, or
// nil when it cannot be read (then nothing is restored).
func (x *X11) readSelection(sel xproto.Atom) *savedSel {
	o, err := xproto.GetSelectionOwner(x.c, sel).Reply()
	if err != nil {
		return nil
	}
	if o.Owner == xproto.WindowNone {
		return &savedSel{none: true}
	}
	if o.Owner == x.win {
		x.sel.Lock()
		c := x.sel.owned[sel]
		x.sel.Unlock()
		if c != nil && !c.reply {
			return &savedSel{content: c}
		}
		return nil
	}
	offered, _, ok := x.convert(sel, x.atomTargets, saveWait)
	if !ok {
		return nil
	}
	have := map[xproto.Atom]bool{}
	for i := 0; i+4 <= len(offered); i += 4 {
		have[xproto.Atom(xgb.Get32(offered[i:]))] = true
	}
	c := &content{data: map[xproto.Atom][]byte{}, typ: map[xproto.Atom]xproto.Atom{}}
	total := 0
	for _, name := range keepTargets {
		a := x.atom(name)
		if !have[a] {
			continue
		}
		data, typ, ok := x.convert(sel, a, saveWait)
		if !ok || total+len(data) > maxSaved {
			continue
		}
		total += len(data)
		c.targets = append(c.targets, a)
		c.data[a], c.typ[a] = data, typ
	}
	if len(c.targets) == 0 {
		return nil
	}
	if c.data[x.atomUTF8] != nil { // text: answer TEXT requests too
		c.targets = append(c.targets, x.atomText)
		c.data[x.atomText], c.typ[x.atomText] = c.data[x.atomUTF8], x.atomUTF8
	}
	return &savedSel{content: c}
}

// convert asks sel's owner for target and reads the answer (INCR included).
func (x *X11) convert(sel, target xproto.Atom, wait time.Duration) ([]byte, xproto.Atom, bool) {
	for len(x.notify) > 0 {
		<-x.notify
	}
	for len(x.props) > 0 {
		<-x.props
	}
	xproto.ConvertSelection(x.c, x.win, sel, target, x.atomProp, xproto.TimeCurrentTime)
	deadline := time.After(wait)
	for {
		select {
		case n := <-x.notify:
			if n.Selection != sel || n.Target != target {
				continue
			}
			if n.Property == xproto.AtomNone {
				return nil, 0, false
			}
			r, err := xproto.GetProperty(x.c, true, x.win, x.atomProp, xproto.GetPropertyTypeAny, 0, 1<<24).Reply()
			if err != nil {
				return nil, 0, false
			}
			if r.Type != x.atomIncr {
				return append([]byte(nil), r.Value...), r.Type, true
			}
			return x.readIncr()
		case <-deadline:
			return nil, 0, false
		}
	}
}

// readIncr collects an INCR transfer into kindly's window property.
func (x *X11) readIncr() ([]byte, xproto.Atom, bool) {
	var data []byte
	var typ xproto.Atom
	for {
		select {
		case e := <-x.props:
			if e.Atom != x.atomProp || e.State != xproto.PropertyNewValue {
				continue
			}
			r, err := xproto.GetProperty(x.c, true, x.win, x.atomProp, xproto.GetPropertyTypeAny, 0, 1<<24).Reply()
			if err != nil {
				return nil, 0, false
			}
			if len(r.Value) == 0 {
				return data, typ, true
			}
			if len(data)+len(r.Value) > maxSaved {
				return nil, 0, false
			}
			data, typ = append(data, r.Value...), r.Type
		case <-time.After(time.Second):
			return nil, 0, false
		}
	}
}

// restoreDelay is how long the reply stays on the clipboard after the app
// fetched it, in case the app asks again.
const restoreDelay = 200 * time.Millisecond

func (x *X11) scheduleRestore(sel xproto.Atom) {
	x.sel.Lock()
	defer x.sel.Unlock()
	if t := x.sel.restore[sel]; t != nil {
		t.Stop()
	}
	x.sel.restore[sel] = time.AfterFunc(restoreDelay, func() { x.restoreSelection(sel) })
}

// restoreSelection serves the user's saved content again (or gives the
// selection up when nobody had it).
func (x *X11) restoreSelection(sel xproto.Atom) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.sel.Lock()
	saved, ok := x.sel.saved[sel]
	delete(x.sel.saved, sel)
	delete(x.sel.restore, sel)
	switch {
	case ok && saved != nil && saved.content != nil:
		x.sel.owned[sel] = saved.content
	case ok && saved != nil && saved.none:
		delete(x.sel.owned, sel)
	}
	x.sel.Unlock()
	if ok && saved != nil && saved.none {
		xproto.SetSelectionOwner(x.c, xproto.WindowNone, sel, xproto.TimeCurrentTime)
		xproto.GetInputFocus(x.c).Reply()
	}
}

// ClipboardText returns the text on the CLIPBOARD ({{clipboard}}).
func (x *X11) ClipboardText() (string, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	o, err := xproto.GetSelectionOwner(x.c, x.atomClipboard).Reply()
	if err != nil {
		return "", err
	}
	if o.Owner == xproto.WindowNone {
		return "", nil
	}
	if o.Owner == x.win {
		x.sel.Lock()
		defer x.sel.Unlock()
		if c := x.sel.owned[x.atomClipboard]; c != nil {
			return string(c.data[x.atomUTF8]), nil
		}
		return "", nil
	}
	data, _, ok := x.convert(x.atomClipboard, x.atomUTF8, 2*time.Second)
	if !ok {
		return "", errors.New("the clipboard holds no text")
	}
	return string(data), nil
}

// fetchedHTML reports whether the reply kindly serves on sel went out as
// HTML (the app pasted into a rich field) rather than as its plain twin.
func (x *X11) fetchedHTML(sel xproto.Atom) bool {
	x.sel.Lock()
	defer x.sel.Unlock()
	c := x.sel.owned[sel]
	return c != nil && c.reply && c.gotHTML
}
