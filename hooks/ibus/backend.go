package ibus

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/hooks"
)

// verdictTimeout bounds the wait for the session's answer to a key: a key
// is never held longer than this (it then passes through untouched).
const verdictTimeout = 2 * time.Second

// Backend is kindly's IBus engine, registered with the user's ibus-daemon.
type Backend struct {
	conn   *dbus.Conn
	opts   hooks.Options
	seq    *sequencer
	events chan hooks.Event
	done   chan struct{}
	close  sync.Once

	mu      sync.Mutex
	engines map[dbus.ObjectPath]*engine
	next    int
	// The engine and input context that had the focus last (ibus-daemon's
	// stand-in "fake" context aside): where Commit goes.
	lastEngine *engine
	lastCtx    string
	// later holds edits committed while that context had no focus; they
	// go in when it has it again.
	later []expander.Edit
	// askEngine and askCtx are where the fill-in dialog's answer goes: the
	// field that had the focus when it was asked for.
	askEngine *engine
	askCtx    string
	laterCtx  string // the context later waits for

	forceForward bool // tests: take the forward path everywhere

	// apps are the per-app rules in force; atomic, as engines read them
	// holding their own lock (which may be taken under mu).
	apps atomic.Pointer[hooks.Apps]

	// The accessibility bus, asked which app has the focus where IBus
	// does not say (GNOME Wayland: every client is gnome-shell). Started
	// at the first such focus; sessionAddr is the session bus ("": the
	// user's).
	a11yOnce    sync.Once
	a11y        atomic.Pointer[atspiWatch]
	sessionAddr string
	a11yCtx     map[string]string // the app AT-SPI named, by input context (under mu)

	// Hotkeys through the GlobalShortcuts portal: the shortcuts asked
	// for, bound together once the session has asked for all of them.
	hkMu     sync.Mutex
	portal   *shortcutsPortal
	hotkeys  []shortcut
	bindWait *time.Timer
	hkSaid   bool // the user was told how to bind desktop shortcuts
}

var (
	_ hooks.Backend   = (*Backend)(nil)
	_ hooks.Committer = (*Backend)(nil)
	_ hooks.Doctor    = (*Backend)(nil)
	_ hooks.AppSetter = (*Backend)(nil)
	_ hooks.Hotkeys   = (*Backend)(nil)
)

// hotkeyNames describe kindly's hotkeys in the desktop's shortcut list.
var hotkeyNames = map[string]string{
	"pause":  "Pause or resume kindly",
	"search": "Search kindly's replies",
}

// bindDelay is how long GrabHotkey waits for the session's next hotkey
// before binding them all in one go (one question to the user).
const bindDelay = 100 * time.Millisecond

// GrabHotkey asks the desktop's GlobalShortcuts portal for the hotkey
// (spec as in config.yml, the preferred keys: the desktop or the user may
// pick others); pressing it is a HotkeyEvent named name. Without the
// portal it returns, once, how to bind desktop shortcuts to kindly's
// commands instead.
func (b *Backend) GrabHotkey(name, spec string) error {
	b.hkMu.Lock()
	defer b.hkMu.Unlock()
	if b.portal == nil {
		if b.hkSaid {
			return nil
		}
		p, err := openShortcuts(b.sessionAddr, b.hotkey)
		if err != nil {
			b.hkSaid = true
			return fmt.Errorf("%s (%v)", hotkeyHelp, err)
		}
		select {
		case <-b.done:
			p.Close()
			return errors.New("ibus: closed")
		default:
		}
		go func() { <-b.done; p.Close() }()
		b.portal = p
	}
	sc := shortcut{ID: name, Opts: map[string]dbus.Variant{
		"description":       dbus.MakeVariant(cmp.Or(hotkeyNames[name], name)),
		"preferred_trigger": dbus.MakeVariant(trigger(spec)),
	}}
	if i := slices.IndexFunc(b.hotkeys, func(h shortcut) bool { return h.ID == name }); i >= 0 {
		b.hotkeys[i] = sc
	} else {
		b.hotkeys = append(b.hotkeys, sc)
	}
	if b.bindWait == nil {
		b.bindWait = time.AfterFunc(bindDelay, b.bindHotkeys)
	} else {
		b.bindWait.Reset(bindDelay)
	}
	return nil
}

func (b *Backend) bindHotkeys() {
	b.hkMu.Lock()
	p, list := b.portal, slices.Clone(b.hotkeys)
	b.hkMu.Unlock()
	if err := p.bind(list); err != nil {
		b.logf("ibus: hotkeys: %v; %s", err, hotkeyHelp)
		return
	}
	b.debugf("hotkeys bound through the GlobalShortcuts portal")
}

// hotkey: the portal says the shortcut id was pressed.
func (b *Backend) hotkey(id string) {
	b.send(hooks.Event{Kind: hooks.HotkeyEvent, Hotkey: id})
}

// DefaultApps are the IBus backend's per-app defaults, matched on the
// program name IBus reports (GTK's program name, Electron's executable):
// chat apps send on Enter, so a line break goes in as Shift+Return.
var DefaultApps = []hooks.AppRule{
	{Class: "slack", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "discord", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "signal", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "signal-desktop", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "element", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "element-desktop", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "mattermost", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "teams-for-linux", Config: hooks.AppConfig{ShiftEnter: true}},
	{Class: "telegram-desktop", Config: hooks.AppConfig{ShiftEnter: true}},
}

// SetApps replaces the per-app rules (on start and on reload).
func (b *Backend) SetApps(a *hooks.Apps) {
	b.apps.Store(a)
}

// appConfig is the rule in force for app.
func (b *Backend) appConfig(app hooks.App) hooks.AppConfig {
	return b.apps.Load().For(app)
}

// Open connects to the user's ibus-daemon and registers the kindly engine
// there (no root needed: the component is registered for this connection
// only and goes away with it). The user, or `kindly ibus install`, still
// has to switch to the kindly input source. An error wrapping
// hooks.ErrUnavailable says ibus-daemon is not there.
func Open(opts hooks.Options) (hooks.Backend, error) {
	return open(opts, "")
}

// OpenAddress is Open on the ibus-daemon at addr.
func OpenAddress(opts hooks.Options, addr string) (*Backend, error) {
	b, err := open(opts, addr)
	if err != nil {
		return nil, err
	}
	return b.(*Backend), nil
}

func open(opts hooks.Options, addr string) (hooks.Backend, error) {
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	if addr == "" {
		a, err := Address()
		if err != nil {
			return nil, fmt.Errorf("%w: %v (install ibus and start it: ibus-daemon -drx)", hooks.ErrUnavailable, err)
		}
		addr = a
	}
	b := &Backend{
		opts:    opts,
		seq:     newSequencer(),
		events:  make(chan hooks.Event, 64),
		done:    make(chan struct{}),
		engines: map[dbus.ObjectPath]*engine{},
	}
	b.apps.Store(opts.Apps)
	conn, err := dbus.Dial(addr, dbus.WithIncomingInterceptor(b.intercept))
	if err != nil {
		return nil, fmt.Errorf("%w: connect to ibus-daemon at %s: %v", hooks.ErrUnavailable, addr, err)
	}
	if err := conn.Auth(nil); err != nil {
		conn.Close()
		return nil, fmt.Errorf("%w: authenticate to ibus-daemon: %v", hooks.ErrUnavailable, err)
	}
	if err := conn.Hello(); err != nil {
		conn.Close()
		return nil, fmt.Errorf("%w: hello to ibus-daemon: %v", hooks.ErrUnavailable, err)
	}
	b.conn = conn
	if err := conn.Export(factory{b}, factoryPath, factoryIface); err != nil {
		conn.Close()
		return nil, fmt.Errorf("ibus: export factory: %w", err)
	}
	// Own the component's name too, so the component an installed
	// kindly.xml describes (which input-source menus list) is served by
	// this process as well.
	if _, err := conn.RequestName(ComponentName, dbus.NameFlagDoNotQueue); err != nil {
		b.logf("ibus: request name %s: %v", ComponentName, err)
	}
	exe, _ := os.Executable()
	call := conn.Object(ibusIface, ibusPath).Call(ibusIface+".RegisterComponent", 0, dbus.MakeVariant(component(exe+" run --backend ibus")))
	if call.Err != nil {
		conn.Close()
		return nil, fmt.Errorf("ibus: register the kindly component: %w", call.Err)
	}
	if name, err := globalEngine(conn); err != nil || name != EngineName {
		opts.Logf("ibus: kindly is registered with ibus-daemon; it expands once kindly is the input source (GNOME: Super+Space, after `kindly ibus install`; elsewhere: ibus engine kindly)")
	}
	go b.watch()
	return b, nil
}

// watch reports the loss of ibus-daemon.
func (b *Backend) watch() {
	<-b.conn.Context().Done()
	select {
	case <-b.done:
		return
	default:
	}
	select {
	case b.events <- hooks.Event{Kind: hooks.LostEvent, Err: errors.New("ibus: the connection to ibus-daemon was closed")}:
	case <-b.done:
	}
}

// intercept runs on godbus's reading goroutine for every incoming message,
// in arrival order: it gives the engine's calls their tickets.
func (b *Backend) intercept(msg *dbus.Message) {
	if msg.Type != dbus.TypeMethodCall {
		return
	}
	path, _ := msg.Headers[dbus.FieldPath].Value().(dbus.ObjectPath)
	iface, _ := msg.Headers[dbus.FieldInterface].Value().(string)
	member, _ := msg.Headers[dbus.FieldMember].Value().(string)
	sig, ok := sequenced[iface+"."+member]
	if !ok || len(path) <= len(enginesPrefix) || string(path[:len(enginesPrefix)]) != enginesPrefix {
		return
	}
	var got string
	if s, ok := msg.Headers[dbus.FieldSignature].Value().(dbus.Signature); ok {
		got = s.String()
	}
	if got != sig {
		return
	}
	b.mu.Lock()
	_, known := b.engines[path]
	b.mu.Unlock()
	if known {
		b.seq.issue(msg)
	}
}

func (b *Backend) logf(format string, args ...any) { b.opts.Logf(format, args...) }

// debugf logs with --verbose: what the engine does, never what is typed.
func (b *Backend) debugf(format string, args ...any) {
	if b.opts.Verbose {
		b.opts.Logf("ibus: "+format, args...)
	}
}

// Name is "ibus".
func (b *Backend) Name() string { return "ibus" }

// Events delivers keys (each with a Verdict channel), focus changes and
// the loss of ibus-daemon.
func (b *Backend) Events() <-chan hooks.Event { return b.events }

// Close unregisters the engine (by leaving the bus) and ends Events.
func (b *Backend) Close() error {
	var err error
	b.close.Do(func() {
		close(b.done)
		err = b.conn.Close()
	})
	return err
}

func (b *Backend) newEngine() (dbus.ObjectPath, error) {
	b.mu.Lock()
	b.next++
	path := dbus.ObjectPath(fmt.Sprintf("%s%d", enginesPrefix, b.next))
	e := newEngine(b, path)
	b.engines[path] = e
	b.mu.Unlock()
	for _, x := range []struct {
		v     any
		iface string
	}{{engineMethods{e}, engineIface}, {propsMethods{e}, propsIface}, {serviceMethods{e}, serviceIface}} {
		if err := b.conn.Export(x.v, path, x.iface); err != nil {
			return "", fmt.Errorf("ibus: export engine %s: %w", path, err)
		}
	}
	return path, nil
}

func (b *Backend) destroy(e *engine) {
	e.mu.Lock()
	b.debugf("engine %s destroyed (a reply on its way: %v)", e.path, e.waiting)
	e.destroyed = true
	e.mu.Unlock()
	b.mu.Lock()
	delete(b.engines, e.path)
	if b.lastEngine == e {
		b.lastEngine = nil
	}
	b.mu.Unlock()
	for _, iface := range []string{engineIface, propsIface, serviceIface} {
		b.conn.Export(nil, e.path, iface)
	}
}

// send delivers an event to the session unless the backend is closed.
func (b *Backend) send(ev hooks.Event) bool {
	select {
	case b.events <- ev:
		return true
	case <-b.done:
		return false
	}
}

// verdict reports key k to the session and waits for its answer. A
// session that does not answer in verdictTimeout lets the key through.
func (b *Backend) verdict(k expander.Key) hooks.Verdict {
	ch := make(chan hooks.Verdict, 1)
	k.At = time.Now()
	if !b.send(hooks.Event{Kind: hooks.KeyEvent, Key: k, Verdict: ch}) {
		return hooks.Verdict{}
	}
	t := time.NewTimer(verdictTimeout)
	defer t.Stop()
	select {
	case v := <-ch:
		return v
	case <-b.done:
	case <-t.C:
		b.logf("ibus: no verdict for a key within %v; it went through untouched", verdictTimeout)
	}
	return hooks.Verdict{}
}

// focus reports that e has the focus in a context of app (real: not
// ibus-daemon's stand-in context), and applies the edits that waited for
// this context.
func (b *Backend) focus(e *engine, app hooks.App, real bool) {
	var later []expander.Edit
	b.mu.Lock()
	ctx := e.ctxID()
	if real {
		if len(b.later) > 0 && b.laterCtx == ctx {
			later, b.later = b.later, nil
		}
		b.lastEngine, b.lastCtx = e, ctx
	}
	b.mu.Unlock()
	b.send(hooks.Event{Kind: hooks.FocusEvent, App: app})
	for _, ed := range later {
		e.commitIn(ctx, ed)
	}
}

// focusOut: the keyboard went to a window kindly knows nothing of yet.
func (b *Backend) focusOut(e *engine) {
	b.send(hooks.Event{Kind: hooks.FocusEvent, App: hooks.App{}})
}

// reset makes the session forget what was typed, as a click does.
func (b *Backend) reset(e *engine) {
	b.verdict(expander.Key{Special: expander.Click})
}

// Commit applies an edit decided after the key that asked for it (a
// fill-in answered, a reply picked) into the input context that had the
// focus last; if it does not have it now, the edit waits for it.
func (b *Backend) Commit(ed expander.Edit) error {
	b.mu.Lock()
	e, ctx := b.lastEngine, b.lastCtx
	if b.askEngine != nil {
		e, ctx = b.askEngine, b.askCtx
		b.askEngine, b.askCtx = nil, ""
		// The focus goes back there: the edit waits for it.
		b.lastEngine, b.lastCtx = e, ctx
	}
	b.mu.Unlock()
	if e == nil {
		return errors.New("ibus: no text field has had the focus since kindly started")
	}
	if !e.commitIn(ctx, ed) {
		b.mu.Lock()
		if b.laterCtx != ctx {
			b.later = nil // edits for a field the agent has left for good
		}
		b.later, b.laterCtx = append(b.later, ed), ctx
		b.mu.Unlock()
	}
	return nil
}

// needsA11y reports a client name that does not name the app: IBus's
// gnome-shell (GNOME Wayland) or none yet ("fake", ibus-daemon's stand-in
// context for windows without IBus, is no app at all).
func needsA11y(client string) bool {
	_, prog, ok := strings.Cut(client, ":")
	if !ok {
		prog = client
	}
	return prog == "gnome-shell" || prog == ""
}

// a11yApp is the app AT-SPI says has the focus, for input context ctx:
// the last focus change it announced, else what it said for ctx before
// ("": not known). The first call starts following AT-SPI.
func (b *Backend) a11yApp(ctx string) string {
	b.a11yOnce.Do(func() { go b.startA11y() })
	name := ""
	if w := b.a11y.Load(); w != nil {
		name = w.Focused()
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if name == "" {
		return b.a11yCtx[ctx]
	}
	if b.a11yCtx == nil {
		b.a11yCtx = map[string]string{}
	}
	b.a11yCtx[ctx] = name
	return name
}

func (b *Backend) startA11y() {
	w, err := watchATSPI(b.sessionAddr)
	if err != nil {
		b.logf("ibus: where IBus does not name the focused app (GNOME Wayland), per-app rules do not apply: %v", err)
		return
	}
	select {
	case <-b.done:
		w.Close()
		return
	default:
	}
	go func() { <-b.done; w.Close() }()
	w.mu.Lock()
	w.onFocus = b.a11yFocus
	w.mu.Unlock()
	b.a11y.Store(w)
	if name := w.Focused(); name != "" {
		b.a11yFocus(name)
	}
}

// a11yFocus: AT-SPI says app has the focus now; if the focused input
// context's app is not known from IBus, the session is told.
func (b *Backend) a11yFocus(app string) {
	b.mu.Lock()
	e, ctx := b.lastEngine, b.lastCtx
	if e != nil {
		if b.a11yCtx == nil {
			b.a11yCtx = map[string]string{}
		}
		b.a11yCtx[ctx] = app
	}
	b.mu.Unlock()
	if e == nil {
		return
	}
	e.mu.Lock()
	if !e.focused || e.destroyed || e.contextID != ctx || !needsA11y(e.client) || e.a11yName == app {
		e.mu.Unlock()
		return
	}
	e.a11yName = app
	a := e.app()
	e.mu.Unlock()
	b.debugf("AT-SPI names the focused app")
	b.send(hooks.Event{Kind: hooks.FocusEvent, App: a})
}

// Checks are kindly doctor's IBus lines.
func (b *Backend) Checks() []hooks.Check { return Checks() }
