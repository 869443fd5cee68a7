package ibus

import (
	"github.com/godbus/dbus/v5"
)

// engineMethods is org.freedesktop.IBus.Engine. Every method runs in its
// turn (see sequencer); each one is listed in sequenced with its D-Bus
// signature.
type engineMethods struct{ e *engine }

// sequenced lists the calls that take a ticket, with their signatures: a
// call godbus would refuse (unknown member, wrong arguments) never reaches
// a handler, so it must not be given a ticket.
var sequenced = map[string]string{
	engineIface + ".ProcessKeyEvent":            "uuu",
	engineIface + ".SetCursorLocation":          "iiii",
	engineIface + ".ProcessHandWritingEvent":    "ad",
	engineIface + ".CancelHandWriting":          "u",
	engineIface + ".SetCapabilities":            "u",
	engineIface + ".PropertyActivate":           "su",
	engineIface + ".PropertyShow":               "s",
	engineIface + ".PropertyHide":               "s",
	engineIface + ".CandidateClicked":           "uuu",
	engineIface + ".FocusIn":                    "",
	engineIface + ".FocusInId":                  "ss",
	engineIface + ".FocusOut":                   "",
	engineIface + ".FocusOutId":                 "s",
	engineIface + ".Reset":                      "",
	engineIface + ".Enable":                     "",
	engineIface + ".Disable":                    "",
	engineIface + ".PageUp":                     "",
	engineIface + ".PageDown":                   "",
	engineIface + ".CursorUp":                   "",
	engineIface + ".CursorDown":                 "",
	engineIface + ".SetSurroundingText":         "vuu",
	engineIface + ".PanelExtensionReceived":     "v",
	engineIface + ".PanelExtensionRegisterKeys": "v",
	propsIface + ".Get":                         "ss",
	propsIface + ".Set":                         "ssv",
	propsIface + ".GetAll":                      "s",
	serviceIface + ".Destroy":                   "",
}

func (m engineMethods) ProcessKeyEvent(keyval, keycode, state uint32, msg dbus.Message) (bool, *dbus.Error) {
	t := m.e.b.seq.call(m.e.b.conn, msg)
	handled := m.e.processKey(keyval, keycode, state)
	t.end(handled)
	return handled, nil
}

func (m engineMethods) SetCursorLocation(x, y, w, h int32, msg dbus.Message) *dbus.Error {
	t := m.e.b.seq.call(m.e.b.conn, msg)
	defer t.end()
	return nil
}

func (m engineMethods) ProcessHandWritingEvent(c []float64, msg dbus.Message) *dbus.Error {
	t := m.e.b.seq.call(m.e.b.conn, msg)
	defer t.end()
	return nil
}

func (m engineMethods) CancelHandWriting(n uint32, msg dbus.Message) *dbus.Error {
	t := m.e.b.seq.call(m.e.b.conn, msg)
	defer t.end()
	return nil
}

func (m engineMethods) SetCapabilities(caps uint32, msg dbus.Message) *dbus.Error {
	t := m.e.b.seq.call(m.e.b.conn, msg)
	defer t.end()
	m.e.mu.Lock()
	m.e.caps = caps
	m.e.mu.Unlock()
	return nil
}

func (m engineMethods) PropertyActivate(name string, state uint32, msg dbus.Message) *dbus.Error {
	t := m.e.b.seq.call(m.e.b.conn, msg)
	defer t.end()
	return nil
}

func (m engineMethods) PropertyShow(name string, msg dbus.Message) *dbus.Error {
	t := m.e.b.seq.call(m.e.b.conn, msg)
	defer t.end()
	return nil
}

func (m engineMethods) PropertyHide(name string, msg dbus.Message) *dbus.Error {
	t := m.e.b.seq.call(m.e.b.conn, msg)
	defer t.end()
	return nil
}

func (m engineMethods) CandidateClicked(index, button, state uint32, msg dbus.Message) *dbus.Error {
	t := m.e.b.seq.call(m.e.b.conn, msg)
	defer t.end()
	return nil
}

func (m engineMethods) FocusIn(msg dbus.Message) *dbus.Error {
	t := m.e.b.seq.call(m.e.b.conn, msg)
	defer t.end()
	// IBus says which context only with FocusInId, which it uses once
	// it has read the engine's FocusId property (from the second engine
	// on); ask for the context's path at least.
	var ctx dbus.ObjectPath
	if err := m.e.b.conn.Object(ibusIface, ibusPath).Call(ibusIface+".CurrentInputContext", 0).Store(&ctx); err != nil {
		m.e.b.logf("ibus: which input context has the focus: %v", err)
	}
	m.e.focusIn(string(ctx), "")
	return nil
}

func (m engineMethods) FocusInId(path, client string, msg dbus.Message) *dbus.Error {
	t := m.e.b.seq.call(m.e.b.conn, msg)
	defer t.end()
	if trace != nil {
		trace("FocusInId %s %s", path, client)
	}
	m.e.focusIn(path, client)
	return nil
}

func (m engineMethods) FocusOut(msg dbus.Message) *dbus.Error {
	t := m.e.b.seq.call(m.e.b.conn, msg)
	defer t.end()
	if trace != nil {
		trace("FocusOut")
	}
	m.e.focusOut()
	return nil
}

func (m engineMethods) FocusOutId(path string, msg dbus.Message) *dbus.Error {
	t := m.e.b.seq.call(m.e.b.conn, msg)
	defer t.end()
	if trace != nil {
		trace("FocusOutId %s", path)
	}
	m.e.focusOut()
	return nil
}

// Reset: the client says its text changed in a way the engine cannot
// follow (a click, a programmatic edit): what was typed is forgotten.
func (m engineMethods) Reset(msg dbus.Message) *dbus.Error {
	t := m.e.b.seq.call(m.e.b.conn, msg)
	defer t.end()
	if trace != nil {
		trace("Reset")
	}
	m.e.reset()
	return nil
}

func (m engineMethods) Enable(msg dbus.Message) *dbus.Error {
	t := m.e.b.seq.call(m.e.b.conn, msg)
	defer t.end()
	m.e.emit("RequireSurroundingText")
	return nil
}

func (m engineMethods) Disable(msg dbus.Message) *dbus.Error {
	t := m.e.b.seq.call(m.e.b.conn, msg)
	defer t.end()
	m.e.b.reset(m.e)
	return nil
}

func (m engineMethods) PageUp(msg dbus.Message) *dbus.Error {
	t := m.e.b.seq.call(m.e.b.conn, msg)
	defer t.end()
	return nil
}

func (m engineMethods) PageDown(msg dbus.Message) *dbus.Error {
	t := m.e.b.seq.call(m.e.b.conn, msg)
	defer t.end()
	return nil
}

func (m engineMethods) CursorUp(msg dbus.Message) *dbus.Error {
	t := m.e.b.seq.call(m.e.b.conn, msg)
	defer t.end()
	return nil
}

func (m engineMethods) CursorDown(msg dbus.Message) *dbus.Error {
	t := m.e.b.seq.call(m.e.b.conn, msg)
	defer t.end()
	return nil
}

// SetSurroundingText: the text around the caret, which the engine asks
// for (RequireSurroundingText) to know when the keys it let through are
// typed (see engine.apply); it keeps nothing of it beyond that.
func (m engineMethods) SetSurroundingText(text dbus.Variant, cursor, anchor uint32, msg dbus.Message) *dbus.Error {
	t := m.e.b.seq.call(m.e.b.conn, msg)
	defer t.end()
	if trace != nil {
		trace("surrounding %d runes, caret %d", len([]rune(textOf(text))), cursor)
	}
	m.e.mu.Lock()
	m.e.surSeen = true
	m.e.mu.Unlock()
	m.e.surrounding(textOf(text), cursor)
	return nil
}

func (m engineMethods) PanelExtensionReceived(v dbus.Variant, msg dbus.Message) *dbus.Error {
	t := m.e.b.seq.call(m.e.b.conn, msg)
	defer t.end()
	return nil
}

func (m engineMethods) PanelExtensionRegisterKeys(v dbus.Variant, msg dbus.Message) *dbus.Error {
	t := m.e.b.seq.call(m.e.b.conn, msg)
	defer t.end()
	return nil
}

// propsMethods is org.freedesktop.DBus.Properties on an engine: IBus
// writes ContentType (the field's purpose) and reads FocusId (whether the
// engine wants FocusInId, which names the client).
type propsMethods struct{ e *engine }

func (p propsMethods) Get(iface, prop string, msg dbus.Message) (dbus.Variant, *dbus.Error) {
	t := p.e.b.seq.call(p.e.b.conn, msg)
	if iface == engineIface && prop == "FocusId" {
		v := dbus.MakeVariant(true)
		t.end(v)
		return v, nil
	}
	err := errUnknownProperty(prop)
	t.fail(err)
	return dbus.Variant{}, dbus.MakeFailedError(err)
}

func (p propsMethods) GetAll(iface string, msg dbus.Message) (map[string]dbus.Variant, *dbus.Error) {
	t := p.e.b.seq.call(p.e.b.conn, msg)
	all := map[string]dbus.Variant{}
	if iface == engineIface {
		all["FocusId"] = dbus.MakeVariant(true)
	}
	t.end(all)
	return all, nil
}

func (p propsMethods) Set(iface, prop string, v dbus.Variant, msg dbus.Message) *dbus.Error {
	t := p.e.b.seq.call(p.e.b.conn, msg)
	f, ok := v.Value().([]any)
	if iface != engineIface || prop != "ContentType" || !ok || len(f) != 2 {
		err := errUnknownProperty(prop)
		t.fail(err)
		return dbus.MakeFailedError(err)
	}
	purpose, _ := f[0].(uint32)
	hints, _ := f[1].(uint32)
	if trace != nil {
		trace("content type purpose %d hints %#x", purpose, hints)
	}
	p.e.setContentType(purpose, hints)
	t.end()
	return nil
}

type errUnknownProperty string

func (e errUnknownProperty) Error() string { return "ibus: no property " + string(e) }

// serviceMethods is org.freedesktop.IBus.Service: IBus destroys an engine
// when its input context goes or switches engines.
type serviceMethods struct{ e *engine }

func (s serviceMethods) Destroy(msg dbus.Message) *dbus.Error {
	t := s.e.b.seq.call(s.e.b.conn, msg)
	defer t.end()
	s.e.b.destroy(s.e)
	return nil
}

// factory is org.freedesktop.IBus.Factory: ibus-daemon asks it for an
// engine for each input context that switches to kindly.
type factory struct{ b *Backend }

func (f factory) CreateEngine(name string) (dbus.ObjectPath, *dbus.Error) {
	if name != EngineName {
		return "", dbus.MakeFailedError(errUnknownProperty("engine " + name))
	}
	p, err := f.b.newEngine()
	if err != nil {
		return "", dbus.MakeFailedError(err)
	}
	return p, nil
}
