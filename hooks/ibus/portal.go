package ibus

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"
)

// On Wayland no program may grab a key for itself. The desktop's
// GlobalShortcuts portal binds a shortcut for an app (the user confirms or
// picks the keys) and tells it when it is pressed; where the desktop has
// no such portal, the user binds a desktop shortcut to a kindly command.

const (
	portalName     = "org.freedesktop.portal.Desktop"
	portalPath     = dbus.ObjectPath("/org/freedesktop/portal/desktop")
	shortcutsIface = "org.freedesktop.portal.GlobalShortcuts"
	requestIface   = "org.freedesktop.portal.Request"
)

// How long the portal may take: to create a session (no dialog), and to
// bind the shortcuts (the desktop may ask the user first).
var (
	portalTimeout    = 10 * time.Second
	portalAskTimeout = 5 * time.Second
	bindTimeout      = 5 * time.Minute
)

// shortcutsPortal is a session with the GlobalShortcuts portal.
type shortcutsPortal struct {
	conn    *dbus.Conn
	session dbus.ObjectPath
	sender  string // the connection's unique name as request paths spell it

	mu        sync.Mutex
	responses map[dbus.ObjectPath]chan *dbus.Signal
	tokens    int
	activated func(id string)
}

// shortcut is one shortcut for BindShortcuts: its id and options
// (description, preferred_trigger).
type shortcut struct {
	ID   string
	Opts map[string]dbus.Variant
}

// dialSession connects to the session bus at addr ("": the user's).
func dialSession(addr string) (*dbus.Conn, error) {
	var conn *dbus.Conn
	var err error
	if addr == "" {
		conn, err = dbus.SessionBusPrivate()
	} else {
		conn, err = dbus.Dial(addr)
	}
	if err != nil {
		return nil, err
	}
	if err := conn.Auth(nil); err != nil {
		conn.Close()
		return nil, err
	}
	if err := conn.Hello(); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

// errNoPortal says the desktop offers no GlobalShortcuts portal.
var errNoPortal = errors.New("the desktop offers no GlobalShortcuts portal")

// openShortcuts opens a GlobalShortcuts session on the session bus at
// addr; activated is told the id of each shortcut pressed.
func openShortcuts(addr string, activated func(id string)) (*shortcutsPortal, error) {
	conn, err := dialSession(addr)
	if err != nil {
		return nil, fmt.Errorf("%w (session bus: %v)", errNoPortal, err)
	}
	// Asking may start xdg-desktop-portal: bounded, as the session waits.
	ctx, cancel := context.WithTimeout(context.Background(), portalAskTimeout)
	defer cancel()
	var version dbus.Variant
	if err := conn.Object(portalName, portalPath).CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0, shortcutsIface, "version").Store(&version); err != nil {
		conn.Close()
		return nil, fmt.Errorf("%w (%v)", errNoPortal, err)
	}
	names := conn.Names()
	p := &shortcutsPortal{
		conn:      conn,
		sender:    strings.ReplaceAll(strings.TrimPrefix(names[0], ":"), ".", "_"),
		responses: map[dbus.ObjectPath]chan *dbus.Signal{},
		activated: activated,
	}
	for _, m := range [][]dbus.MatchOption{
		{dbus.WithMatchInterface(requestIface), dbus.WithMatchMember("Response")},
		{dbus.WithMatchInterface(shortcutsIface), dbus.WithMatchMember("Activated")},
	} {
		if err := conn.AddMatchSignal(m...); err != nil {
			conn.Close()
			return nil, fmt.Errorf("global shortcuts portal: listen: %w", err)
		}
	}
	ch := make(chan *dbus.Signal, 16)
	conn.Signal(ch)
	go p.run(ch)
	res, err := p.request("CreateSession", portalTimeout, func(opts map[string]dbus.Variant) []any {
		opts["session_handle_token"] = dbus.MakeVariant("kindly")
		return []any{opts}
	})
	if err != nil {
		conn.Close()
		return nil, err
	}
	h, _ := res["session_handle"].Value().(string)
	if o, ok := res["session_handle"].Value().(dbus.ObjectPath); ok {
		h = string(o)
	}
	if h == "" {
		conn.Close()
		return nil, errors.New("global shortcuts portal: CreateSession gave no session")
	}
	p.mu.Lock()
	p.session = dbus.ObjectPath(h)
	p.mu.Unlock()
	return p, nil
}

func (p *shortcutsPortal) run(ch chan *dbus.Signal) {
	for s := range ch {
		switch s.Name {
		case requestIface + ".Response":
			p.mu.Lock()
			w := p.responses[s.Path]
			delete(p.responses, s.Path)
			p.mu.Unlock()
			if w != nil {
				w <- s
			}
		case shortcutsIface + ".Activated":
			if len(s.Body) < 2 {
				continue
			}
			session, _ := s.Body[0].(dbus.ObjectPath)
			id, _ := s.Body[1].(string)
			p.mu.Lock()
			mine := session == p.session
			p.mu.Unlock()
			if mine && p.activated != nil {
				p.activated(id)
			}
		}
	}
}

// request calls a portal method that answers through a Request object's
// Response signal, and returns the results. args gets the options dict
// (with the handle token already in it) and returns the call's arguments.
func (p *shortcutsPortal) request(method string, within time.Duration, args func(opts map[string]dbus.Variant) []any) (map[string]dbus.Variant, error) {
	p.mu.Lock()
	p.tokens++
	token := fmt.Sprintf("kindly%d", p.tokens)
	path := dbus.ObjectPath(fmt.Sprintf("%s/request/%s/%s", portalPath, p.sender, token))
	w := make(chan *dbus.Signal, 1)
	p.responses[path] = w
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		delete(p.responses, path)
		p.mu.Unlock()
	}()
	opts := map[string]dbus.Variant{"handle_token": dbus.MakeVariant(token)}
	var handle dbus.ObjectPath
	if err := p.conn.Object(portalName, portalPath).Call(shortcutsIface+"."+method, 0, args(opts)...).Store(&handle); err != nil {
		return nil, fmt.Errorf("global shortcuts portal: %s: %w", method, err)
	}
	if handle != path {
		// An older portal picks its own path: follow it.
		p.mu.Lock()
		if _, waiting := p.responses[path]; waiting {
			delete(p.responses, path)
			p.responses[handle] = w
		}
		p.mu.Unlock()
	}
	select {
	case s := <-w:
		code, _ := s.Body[0].(uint32)
		res, _ := s.Body[1].(map[string]dbus.Variant)
		switch code {
		case 0:
			return res, nil
		case 1:
			return nil, fmt.Errorf("global shortcuts portal: %s: cancelled by the user", method)
		default:
			return nil, fmt.Errorf("global shortcuts portal: %s failed", method)
		}
	case <-time.After(within):
		return nil, fmt.Errorf("global shortcuts portal: %s: no answer in %v", method, within)
	}
}

// bind binds the shortcuts (the desktop may ask the user first).
func (p *shortcutsPortal) bind(list []shortcut) error {
	p.mu.Lock()
	session := p.session
	p.mu.Unlock()
	_, err := p.request("BindShortcuts", bindTimeout, func(opts map[string]dbus.Variant) []any {
		return []any{session, list, "", opts}
	})
	return err
}

func (p *shortcutsPortal) Close() error { return p.conn.Close() }

// trigger spells a kindly hotkey ("ctrl+alt+shift+p") as the shortcuts
// specification the portal takes does ("CTRL+ALT+SHIFT+p").
func trigger(spec string) string {
	parts := strings.Split(spec, "+")
	for i, part := range parts[:len(parts)-1] {
		switch strings.ToLower(part) {
		case "ctrl", "control":
			parts[i] = "CTRL"
		case "alt":
			parts[i] = "ALT"
		case "shift":
			parts[i] = "SHIFT"
		case "super", "meta", "win", "logo", "cmd":
			parts[i] = "LOGO"
		default:
			parts[i] = strings.ToUpper(part)
		}
	}
	return strings.Join(parts, "+")
}

// hotkeyHelp is what kindly says once where it cannot have hotkeys.
const hotkeyHelp = "no hotkeys on Wayland without the GlobalShortcuts portal: bind desktop shortcuts instead " +
	"(GNOME: Settings > Keyboard > Custom Shortcuts; KDE: System Settings > Shortcuts) " +
	"to `kindly pick` (search) and `kindly pause --toggle` (pause)"
