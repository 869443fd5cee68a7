// Package daemon is `kindly run`: it loads the library, opens the display,
// starts the key hook, and runs the expander.Conductor on one goroutine that
// owns all engine state, with reloads (file changes, SIGHUP, `kindly
// reload`) swapped in as new immutable indexes. A broken library never
// replaces a good one. It logs to stderr and never logs typed text.
package daemon

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	"encoding/json"

	"github.com/kindly-support/kindly/cmd"
	"github.com/kindly-support/kindly/daemon/control"
	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/hooks"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/pack"
	"github.com/kindly-support/kindly/snippets/placeholder"
	"github.com/kindly-support/kindly/snippets/profile"
	"github.com/kindly-support/kindly/stats"
)

// Plug installs the real daemon into the command line's dependencies.
func Plug(d *cmd.Deps) *cmd.Deps {
	d.RunDaemon, d.NoKeyboard, d.RunDoctor = Run, ErrNoKeyboard, Doctor
	return d
}

// ErrNoKeyboard marks the error of a build that cannot read the keyboard
// (no cgo, or a system kindly has no adapter for).
var ErrNoKeyboard = errors.New("no keyboard access")

// library is one loaded, validated library.
type library struct {
	idx      *expander.Index
	snippets []snippets.Snippet
	rules    []expander.Rule         // what the index was built from, per snippet
	dynamic  []*placeholder.Template // per rule: the template of a reply with placeholders, else nil
	profile  map[string]string
}

// find returns the snippet with trigger.
func (l *library) find(trigger string) (*snippets.Snippet, bool) {
	for i := range l.snippets {
		for _, t := range l.snippets[i].Triggers {
			if t == trigger {
				return &l.snippets[i], true
			}
		}
	}
	return nil, false
}

// load reads and validates the library. Problems are returned as lines
// (file:line:col: severity: message); errors make the library unusable.
func load(home string) (*library, []string, error) {
	lib, problems, err := pack.LoadLibrary(home) // the agent's own replies and the team packs
	if err != nil {
		return nil, nil, err
	}
	var lines []string
	for _, p := range problems {
		lines = append(lines, p.String())
	}
	if snippets.HasErrors(problems) {
		return nil, lines, fmt.Errorf("the library has errors (%d problems)", len(problems))
	}
	prof, err := profile.Load(home)
	if err != nil {
		return nil, append(lines, err.Error()), err
	}
	rules, dynamic := compile(lib)
	return &library{idx: expander.NewIndex(rules), snippets: lib.Snippets, rules: rules, dynamic: dynamic, profile: prof}, lines, nil
}

func snippetsDir(home string) string { return home + string(os.PathSeparator) + "snippets" }

// Run is the daemon: it returns when stopped (nil) or when it cannot go on.
func Run(o cmd.DaemonOptions) error {
	started := time.Now()
	logger := log.New(o.IO.Err, "kindly: ", log.Ltime|log.Lmicroseconds)
	debugf := func(format string, args ...any) {
		if o.Verbose {
			logger.Printf(format, args...)
		}
	}
	if !hooks.KeyboardSupport {
		_, err := hooks.StartKeys(context.Background(), nil)
		return fmt.Errorf("%w: %v", ErrNoKeyboard, err)
	}
	if os.Getenv("DISPLAY") == "" {
		msg := hooks.ErrNoDisplay.Error()
		if w := os.Getenv("WAYLAND_DISPLAY"); w != "" {
			msg += fmt.Sprintf(" (WAYLAND_DISPLAY=%s is set: this is a Wayland session without XWayland's DISPLAY)", w)
		}
		return errors.New(msg)
	}
	if err := os.MkdirAll(o.Home, 0o700); err != nil {
		return fmt.Errorf("create home %s: %w", o.Home, err)
	}
	unlock, err := lockHome(o.Home)
	if err != nil {
		return err
	}
	defer unlock()

	cfg, err := LoadConfig(o.Home)
	if err != nil {
		logger.Printf("config: %v (using the built-in app settings)", err)
	}
	lib, problems, err := load(o.Home)
	for _, p := range problems {
		logger.Print(p)
	}
	status := control.Status{PID: os.Getpid(), Home: o.Home, Display: os.Getenv("DISPLAY"), Started: started}
	if err != nil {
		logger.Printf("%v: starting with an empty library; fix the file and kindly reloads it", err)
		status.LastError = firstLine(problems, err)
		lib = &library{idx: expander.NewIndex(nil)}
	}
	status.Snippets, status.Reloaded = len(lib.snippets), time.Now()

	disp, err := hooks.Open(hooks.NewApps(cfg.Apps))
	if err != nil {
		return err
	}
	defer disp.Close()
	if cfg.Injector == "robotgo" {
		disp = hooks.WithRobotgo(disp)
		logger.Print("injector: robotgo (slower; keys typed during an expansion are not held)")
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	keys, err := hooks.StartKeys(ctx, logger.Printf)
	if err != nil {
		return err
	}
	status.Hooked = true

	reqs := make(chan control.Request)
	l, err := control.Listen(control.SocketPath(o.Home), reqs)
	if err != nil {
		return err
	}
	defer l.Close()
	defer os.Remove(control.SocketPath(o.Home))

	reloads := make(chan reloadResult, 1)
	var reloadMu sync.Mutex
	reload := func(reply chan string) {
		go func() {
			reloadMu.Lock()
			defer reloadMu.Unlock()
			lib, problems, err := load(o.Home)
			cfg, cerr := LoadConfig(o.Home)
			reloads <- reloadResult{lib: lib, problems: problems, err: err, reply: reply, cfg: cfg, cfgErr: cerr}
		}()
	}
	stopWatch, err := watch(ctx, o.Home, func() { reload(nil) }, logger.Printf)
	if err != nil {
		logger.Printf("watch the library: %v (use 'kindly reload' after edits)", err)
	} else {
		defer stopWatch()
	}

	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)

	eng := expander.NewEngine(lib.idx)
	cond := expander.NewConductor(eng, disp)
	cond.Errorf = logger.Printf
	cond.IdleReset = cfg.idleReset()
	rend := &renderer{disp: disp, lib: lib, profile: lib.profile, logf: logger.Printf, now: time.Now}
	cond.Prepare = rend.prepare
	apps := hooks.NewApps(cfg.Apps)
	rend.plain = func() bool { rich := apps.For(disp.Focused()).Rich; return rich != nil && !*rich }
	if hk := cfg.pauseHotkey(); hk != "" {
		if err := disp.GrabHotkey("pause", hk); err != nil {
			logger.Printf("pause hotkey: %v", err)
		} else {
			debugf("pause hotkey: %s", hk)
		}
	}
	if hk := cfg.searchHotkey(); hk != "" {
		if err := disp.GrabHotkey("search", hk); err != nil {
			logger.Printf("search hotkey: %v", err)
		} else {
			debugf("search hotkey: %s", hk)
		}
	}
	picks := make(chan picked, 1)
	picking := false
	var lastWin uint32
	setPaused := func(p bool, why string) {
		if status.Paused != p {
			status.Paused = p
			cond.Forget()
			logger.Printf("%s (%s)", map[bool]string{true: "paused", false: "resumed"}[p], why)
		}
	}
	// Usage counts (trigger names and numbers only) for `kindly stats`.
	rec := stats.NewRecorder(stats.Path(o.Home), 0)
	defer func() {
		if err := rec.Flush(); err != nil {
			logger.Printf("stats: %v", err)
		}
	}()
	go func() {
		t := time.NewTicker(30 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if err := rec.Flush(); err != nil {
					logger.Printf("stats: %v", err)
				}
			}
		}
	}()
	cond.Expanded = func(f expander.Fired) {
		status.Expanded++
		n := 0
		if f.Rule < len(lib.snippets) {
			n = utf8.RuneCountInString(lib.snippets[f.Rule].Replace)
		}
		rec.Expanded(f.Trigger, n, time.Now())
		debugf("expanded %s", f.Trigger)
	}
	logger.Printf("ready on %s: %d snippets from %s (started in %s)", status.Display, status.Snippets,
		snippetsDir(o.Home), time.Since(started).Round(time.Millisecond))
	if o.Ready != nil {
		o.Ready()
	}

	timer := time.NewTimer(time.Hour)
	timer.Stop()
	armed := time.Time{}
	for {
		if d := cond.Deadline(); !d.Equal(armed) {
			timer.Stop()
			armed = d
			if !d.IsZero() {
				timer.Reset(time.Until(d))
			}
		}
		select {
		case k, ok := <-keys:
			if !ok {
				return errors.New("the key hook stopped (the X connection was lost?); exiting so the service manager can restart kindly")
			}
			if !cond.Busy() && k.Special != expander.Marker {
				// Where is this key going? A new window resets the buffer;
				// paused, or an app where kindly is off (password managers,
				// private windows), keeps no buffer at all.
				w := disp.Focused()
				if w.ID != lastWin {
					lastWin = w.ID
					cond.Forget()
				}
				if status.Paused || apps.For(w).Off {
					cond.Forget()
					continue
				}
				rec.Key(k.At, k.Special == expander.Backspace)
			}
			cond.Step(k)
		case name := <-disp.Hotkeys():
			switch {
			case name == "pause":
				setPaused(!status.Paused, "hotkey")
			case name == "search" && !picking && !status.Paused:
				picking = true
				cond.Forget()
				terminal := cfg.PickerTerminal
				go func() { picks <- pick(disp, o.Home, terminal) }()
			}
		case p := <-picks:
			picking = false
			switch {
			case p.err != nil:
				logger.Printf("search: %v", p.err)
			case p.trigger != "":
				if e, f, ok := pickedEdit(lib, p.trigger); ok {
					cond.Insert(e, f, time.Now())
				} else {
					logger.Printf("search: the picked reply is no longer in the library")
				}
			}
		case <-timer.C:
			armed = time.Time{}
			cond.Timeout()
		case <-disp.WindowChanges():
			cond.Step(expander.Key{Special: expander.Window, At: time.Now()})
		case r := <-reloads:
			if r.cfgErr != nil {
				logger.Printf("config: %v (keeping the previous app settings)", r.cfgErr)
			} else {
				apps = hooks.NewApps(r.cfg.Apps)
				disp.SetApps(apps)
				cond.IdleReset = r.cfg.idleReset()
			}
			msg := applyReload(r, eng, &status, logger)
			if r.err == nil {
				lib = r.lib // Fired.Rule indexes the library the engine now uses
				rend.lib, rend.profile = lib, lib.profile
			}
			if r.reply != nil {
				r.reply <- msg
			}
		case r := <-reqs:
			switch r.Cmd {
			case "status":
				status.Dropped = hooks.DroppedKeys()
				b, _ := json.Marshal(status)
				r.Reply <- "ok " + string(b)
			case "reload":
				reload(r.Reply)
			case "pause", "resume":
				setPaused(r.Cmd == "pause", "kindly "+r.Cmd)
				r.Reply <- "ok " + map[bool]string{true: "paused", false: "running"}[status.Paused]
			case "stop":
				r.Reply <- "ok stopping"
				logger.Print("stopping (kindly stop)")
				return nil
			default:
				r.Reply <- "error: unknown request " + fmt.Sprintf("%q", r.Cmd)
			}
		case sig := <-sigs:
			if sig == syscall.SIGHUP {
				reload(nil)
				continue
			}
			logger.Printf("stopping (%v)", sig)
			return nil
		case <-disp.Dead():
			return errors.New("lost the X connection; exiting so the service manager can restart kindly")
		}
	}
}

type reloadResult struct {
	cfg      Config
	cfgErr   error
	lib      *library
	problems []string
	err      error
	reply    chan string
}

// applyReload swaps a good library in, or reports why the old one stays.
func applyReload(r reloadResult, eng *expander.Engine, st *control.Status, logger *log.Logger) string {
	for _, p := range r.problems {
		logger.Print(p)
	}
	if r.err != nil {
		st.LastError = firstLine(r.problems, r.err)
		logger.Printf("reload: %v; still serving the last good library (%d snippets)", r.err, st.Snippets)
		return "error: " + st.LastError + fmt.Sprintf(" (still serving the last good library: %d snippets)", st.Snippets)
	}
	eng.SetIndex(r.lib.idx)
	st.Snippets, st.Reloaded, st.LastError = len(r.lib.snippets), time.Now(), ""
	logger.Printf("reloaded: %d snippets", st.Snippets)
	return fmt.Sprintf("ok reloaded %d snippets", st.Snippets)
}

func firstLine(problems []string, err error) string {
	for _, p := range problems {
		if strings.Contains(p, ": error: ") {
			return p
		}
	}
	return err.Error()
}
