package daemon

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime/debug"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/kindly-support/kindly/config"
	"github.com/kindly-support/kindly/daemon/control"
	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/hooks"
	"github.com/kindly-support/kindly/reply"
)

// recorder is what the session tells the stats file (counts only).
type recorder interface {
	Key(at time.Time, backspace bool)
	Expanded(trigger string, replyRunes int, at time.Time)
	Flush() error
}

// session is the daemon's loop over one backend: it owns the Core (and, for
// an observer, the Conductor) on one goroutine, and takes keys, focus
// changes, hotkeys, dialog answers, picks, reloads and control requests in
// turn. It knows no desktop: what differs between X11, Windows and an input
// method is the backend and its capabilities.
type session struct {
	be   hooks.Backend
	core *expander.Core
	cond *expander.Conductor // nil for a backend in the key path
	rend *renderer

	cfg      config.Config
	defaults []hooks.AppRule // the backend's built-in app rules
	apps     *hooks.Apps
	status   control.Status
	rec      recorder
	now      func() time.Time
	logf     func(string, ...any)
	debugf   func(string, ...any)

	app    hooks.App // the focused app
	off    bool      // kindly keeps no buffer in the focused app (off rule, password field)
	asking bool      // key path: a dialog is open for a trigger

	// pick runs the search picker (nil: this backend cannot) and returns
	// the chosen trigger ("" none).
	pick    func() (string, error)
	picking bool

	asks    chan askResult
	picks   chan picked
	reloads chan reloadResult
	reload  func(reply chan string) // starts a reload; its result comes on reloads
	reqs    chan control.Request
	sigs    chan os.Signal
	tray    *trayIcon // nil: no tray icon
}

// askResult is a dialog's answer for a key-path backend.
type askResult struct {
	a expander.Answered
	f expander.Fired
}

// picked is what the search hotkey's picker returned.
type picked struct {
	trigger string // "" when the agent left without picking
	err     error
}

type reloadResult struct {
	cfg      config.Config
	cfgErr   error
	set      *reply.Set
	problems []string
	err      error
	reply    chan string
}

// newSession wires a session over be with the library set and config cfg.
func newSession(be hooks.Backend, set *reply.Set, cfg config.Config, defaults []hooks.AppRule, rec recorder,
	now func() time.Time, logf, debugf func(string, ...any)) *session {
	s := &session{be: be, cfg: cfg, defaults: defaults, rec: rec, now: now, logf: logf, debugf: debugf,
		asks: make(chan askResult, 1), picks: make(chan picked, 1), reloads: make(chan reloadResult, 1),
		reqs: make(chan control.Request), sigs: make(chan os.Signal, 2)}
	s.core = expander.NewCore(expander.NewEngine(set.Index))
	s.core.IdleReset = cfg.Idle()
	s.rend = &renderer{set: set, now: now, logf: logf}
	if a, ok := be.(hooks.Asker); ok {
		s.rend.ask = a.Ask
	}
	if c, ok := be.(hooks.Clipboard); ok {
		s.rend.clipboard = c.ClipboardText
	}
	s.core.Prepare = s.rend.prepare
	s.rend.rich = func() bool { r := s.apps.For(s.app).Rich; return r == nil || *r }
	s.core.Expanded = s.expanded
	if inj, ok := be.(expander.Injector); ok {
		s.cond = expander.NewConductor(s.core, inj)
		s.cond.Errorf = logf
		s.cond.Debugf = debugf
		s.cond.StartAsk = func(ask func() expander.Answered) {
			go func() { s.asks <- askResult{a: ask()} }()
		}
	}
	s.setApps(cfg.Apps)
	s.status.Snippets = len(set.Snippets)
	return s
}

func (s *session) setApps(user []hooks.AppRule) {
	s.apps = hooks.NewApps(user, s.defaults)
	if a, ok := s.be.(hooks.AppSetter); ok {
		a.SetApps(s.apps)
	}
}

// grabHotkeys grabs the pause and search hotkeys where the backend can.
func (s *session) grabHotkeys() {
	h, ok := s.be.(hooks.Hotkeys)
	if !ok {
		return
	}
	for _, hk := range []struct{ name, spec string }{{"pause", s.cfg.PauseKey()}, {"search", s.cfg.SearchKey()}} {
		if hk.spec == "" {
			continue
		}
		if err := h.GrabHotkey(hk.name, hk.spec); err != nil {
			s.logf("%s hotkey: %v", hk.name, err)
		} else {
			s.debugf("%s hotkey: %s", hk.name, hk.spec)
		}
	}
}

func (s *session) expanded(f expander.Fired) {
	s.status.Expanded++
	n := 0
	if set := s.rend.set; f.Rule < len(set.Snippets) {
		n = utf8.RuneCountInString(set.Snippets[f.Rule].Replace)
	}
	s.rec.Expanded(f.Trigger, n, s.now())
	s.debugf("expanded %s", f.Trigger)
}

// forget drops what was typed (never during an expansion).
func (s *session) forget() {
	if s.cond != nil {
		s.cond.Forget()
	} else {
		s.core.Reset()
	}
}

func (s *session) busy() bool {
	if s.cond != nil {
		return s.cond.Busy()
	}
	return s.asking
}

func (s *session) setPaused(p bool, why string) {
	if s.status.Paused != p {
		s.status.Paused = p
		s.tray.SetPaused(p)
		s.forget()
		s.logf("%s (%s)", map[bool]string{true: "paused", false: "resumed"}[p], why)
		if why == "hotkey" && s.rend.notify != nil {
			go s.rend.notify(pauseNotice(p, s.cfg.PauseKey()))
		}
	}
}

// errStop ends the loop without an error.
var errStop = fmt.Errorf("stop")

// run is the loop. It returns nil when stopped, or why it cannot go on.
func (s *session) run(ctx context.Context) error {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	armed := time.Time{}
	events := s.be.Events()
	for {
		if s.cond != nil {
			if d := s.cond.Deadline(); !d.Equal(armed) {
				timer.Stop()
				armed = d
				if !d.IsZero() {
					timer.Reset(d.Sub(s.now()))
				}
			}
		}
		select {
		case ev, ok := <-events:
			if !ok {
				return fmt.Errorf("the %s backend stopped", s.be.Name())
			}
			if err := s.event(ev); err != nil {
				return err
			}
		case r := <-s.asks:
			if s.cond != nil {
				s.cond.Answer(r.a)
			} else {
				s.answered(r)
			}
		case p := <-s.picks:
			s.picked(p)
		case a := <-s.tray.actions():
			if err := s.trayAction(a); err != nil {
				if err == errStop {
					return nil
				}
				return err
			}
		case <-timer.C:
			armed = time.Time{}
			s.cond.Timeout()
		case r := <-s.reloads:
			msg := s.applyReload(r)
			if r.reply != nil {
				r.reply <- msg
			}
		case r := <-s.reqs:
			if err := s.request(r); err != nil {
				if err == errStop {
					return nil
				}
				return err
			}
		case sig := <-s.sigs:
			if sig == syscall.SIGHUP {
				if s.reload != nil {
					s.reload(nil)
				}
				continue
			}
			s.logf("stopping (%v)", sig)
			return nil
		case <-ctx.Done():
			return nil
		}
	}
}

// event handles one backend event.
func (s *session) event(ev hooks.Event) error {
	switch ev.Kind {
	case hooks.LostEvent:
		return fmt.Errorf("%v; exiting so the service manager can restart kindly", ev.Err)
	case hooks.FocusEvent:
		s.app = ev.App
		s.off = s.apps.For(ev.App).Off || ev.App.Password
		// The class only: a title can name a customer.
		s.debugf("focus: %q%s", ev.App.Class, map[bool]string{true: " (kindly is off here)"}[s.off])
		switch {
		case s.cond != nil && ev.Key.Special == expander.Window:
			// The desktop announced a switch: the buffer goes, and an
			// expansion in flight is dropped (the text moved on).
			s.cond.Step(ev.Key)
		default:
			// Noticed before a key: forget what was typed (not during an
			// expansion, whose keys are the conductor's).
			s.forget()
		}
	case hooks.HotkeyEvent:
		switch {
		case ev.Hotkey == "pause":
			s.setPaused(!s.status.Paused, "hotkey")
		case ev.Hotkey == "search" && !s.picking && !s.status.Paused && s.pick != nil:
			s.picking = true
			s.forget()
			go func() {
				t, err := s.pick()
				s.picks <- picked{trigger: t, err: err}
			}()
		}
	case hooks.KeyEvent:
		if ev.Verdict != nil {
			ev.Verdict <- s.verdict(ev.Key)
			return nil
		}
		k := ev.Key
		if !s.cond.Busy() && k.Special != expander.Marker {
			// Paused, or an app where kindly is off (password managers,
			// private windows): no buffer at all.
			if s.status.Paused || s.off {
				s.cond.Forget()
				return nil
			}
			s.rec.Key(k.At, k.Special == expander.Backspace)
		}
		s.cond.Step(k)
	}
	return nil
}

// verdict decides about one key for a backend in the key path: it lets the
// key through, or consumes the key that completes a trigger and hands back
// the edit (the abbreviation typed so far deleted, the reply inserted).
func (s *session) verdict(k expander.Key) hooks.Verdict {
	if s.status.Paused || s.off || s.asking {
		s.core.Reset()
		return hooks.Verdict{}
	}
	s.rec.Key(k.At, k.Special == expander.Backspace)
	e, f, ok := s.core.Step(k)
	if !ok {
		return hooks.Verdict{}
	}
	p := s.core.Prepared(e, f)
	switch {
	case p.Skip:
		return hooks.Verdict{}
	case p.Ask != nil:
		// The key goes through: the whole abbreviation is in the field
		// while the agent answers, and the answer replaces it.
		s.asking = true
		go func() { s.asks <- askResult{a: p.Ask(), f: f} }()
		return hooks.Verdict{}
	}
	e = p.Edit
	e.Delete-- // the key that completed the trigger never reaches the app
	s.core.Done(f)
	return hooks.Verdict{Consume: true, Edit: e}
}

// answered applies a dialog's answer for a backend in the key path.
func (s *session) answered(r askResult) {
	s.asking = false
	if !r.a.OK {
		return
	}
	c, ok := s.be.(hooks.Committer)
	if !ok {
		return
	}
	if err := c.Commit(r.a.Edit); err != nil {
		s.logf("expand: %v", err)
		return
	}
	s.core.Done(r.f)
}

// picked expands the reply chosen in the search picker.
func (s *session) picked(p picked) {
	s.picking = false
	switch {
	case p.err != nil:
		s.logf("search: %v", p.err)
		return
	case p.trigger == "":
		return
	}
	e, f, ok := s.rend.set.Picked(p.trigger)
	if !ok {
		s.logf("search: the picked reply is no longer in the library")
		return
	}
	if s.cond != nil {
		s.cond.Insert(e, f, s.now())
		return
	}
	pr := s.core.Prepared(e, f)
	switch {
	case pr.Skip:
	case pr.Ask != nil:
		s.asking = true
		go func() { s.asks <- askResult{a: pr.Ask(), f: f} }()
	default:
		s.answered(askResult{a: expander.Answered{Edit: pr.Edit, OK: true}, f: f})
	}
}

// request answers a control request; errStop stops the session.
func (s *session) request(r control.Request) error {
	switch r.Cmd {
	case "status":
		if d, ok := s.be.(interface{ DroppedKeys() uint64 }); ok {
			s.status.Dropped = d.DroppedKeys()
		}
		s.status.Busy = s.busy()
		b, _ := json.Marshal(s.status)
		r.Reply <- "ok " + string(b)
	case "reload":
		if s.reload != nil {
			s.reload(r.Reply)
		} else {
			r.Reply <- "error: reload is not available"
		}
	case "pause", "resume", "toggle":
		// toggle: `kindly pause --toggle`, what a desktop shortcut runs
		// where kindly cannot grab the pause hotkey (Wayland).
		pause := r.Cmd == "pause" || r.Cmd == "toggle" && !s.status.Paused
		s.setPaused(pause, "kindly "+map[bool]string{true: "pause", false: "resume"}[pause])
		r.Reply <- "ok " + map[bool]string{true: "paused", false: "running"}[s.status.Paused]
	case "stop":
		r.Reply <- "ok stopping"
		s.logf("stopping (kindly stop)")
		return errStop
	default:
		r.Reply <- "error: unknown request " + fmt.Sprintf("%q", r.Cmd)
	}
	return nil
}

// applyReload swaps a good library and config in, or reports why the old
// ones stay.
func (s *session) applyReload(r reloadResult) string {
	if r.cfgErr != nil {
		s.logf("config: %v (keeping the previous settings)", r.cfgErr)
	} else {
		s.cfg = r.cfg
		s.setApps(r.cfg.Apps)
		s.core.IdleReset = r.cfg.Idle()
		s.off = s.apps.For(s.app).Off || s.app.Password
	}
	for _, p := range r.problems {
		s.logf("%s", p)
	}
	st := &s.status
	if r.err != nil {
		st.LastError = firstLine(r.problems, r.err)
		s.logf("reload: %v; still serving the last good library (%d snippets)", r.err, st.Snippets)
		return "error: " + st.LastError + fmt.Sprintf(" (still serving the last good library: %d snippets)", st.Snippets)
	}
	// Fired.Rule indexes the set the engine now uses.
	s.core.SetIndex(r.set.Index)
	s.rend.set = r.set
	go debug.FreeOSMemory() // the old library is garbage now: resident memory stays flat across reloads
	st.Snippets, st.Reloaded, st.LastError = len(r.set.Snippets), s.now(), ""
	s.logf("reloaded: %d snippets", st.Snippets)
	return fmt.Sprintf("ok reloaded %d snippets", st.Snippets)
}
