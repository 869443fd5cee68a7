// Package daemon is `kindly run`: it loads the library and config, opens a
// desktop backend (X11, Windows, IBus…), and runs the session loop over it:
// the expander.Core (and, for an observer, the expander.Conductor) on one
// goroutine that owns all engine state, with reloads (file changes, SIGHUP,
// `kindly reload`) swapped in as new immutable reply sets. A broken library
// or config never replaces a good one. It logs to stderr and never logs
// typed text.
package daemon

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/kindly-support/kindly/cmd/termtext"
	"github.com/kindly-support/kindly/config"
	"github.com/kindly-support/kindly/daemon/control"
	"github.com/kindly-support/kindly/hooks"
	"github.com/kindly-support/kindly/reply"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/pack"
	"github.com/kindly-support/kindly/snippets/profile"
	"github.com/kindly-support/kindly/stats"
)

// Options is what `kindly run` hands the daemon.
type Options struct {
	Home    string
	Verbose bool
	// Backend is auto (or "") or one backend's name; it overrides
	// config.yml's backend:.
	Backend string
	Stderr  io.Writer
	// FirstStart, when set, runs once the desktop is known to work and
	// before the library is loaded (it writes the starter pack on a first
	// start and asks for the agent's name). ask is the backend's fill-in
	// dialog, nil when it has none.
	FirstStart func(ask hooks.Asker) error
	// Ready, when set, is called once the daemon expands (hooked, library loaded).
	Ready func()
}

// ErrNoKeyboard marks the error of a build or session that cannot read the
// keyboard (no backend can run here).
var ErrNoKeyboard = errors.New("no keyboard access")

// load reads and validates the library and the profile. Problems are
// returned as lines (file:line:col: severity: message); errors make the
// library unusable. cache (nil for none) spares decoding the library files
// that did not change.
func load(home string, cache *snippets.Cache) (*reply.Set, []string, error) {
	if _, err := os.Stat(snippetsDir(home)); errors.Is(err, os.ErrNotExist) {
		return nil, nil, fmt.Errorf("the library folder %s is gone", snippetsDir(home))
	}
	lib, problems, err := pack.LoadLibraryWith(home, cache) // the agent's own replies and the team packs
	if err != nil {
		return nil, nil, err
	}
	var lines []string
	for _, p := range problems {
		lines = append(lines, p.String())
	}
	if snippets.HasErrors(problems) {
		return nil, lines, fmt.Errorf("the library has %s", problemCount(problems))
	}
	cfg, _ := config.Load(home)
	if err := cfg.Section("profile"); err != nil {
		return nil, append(lines, err.Error()), err
	}
	return reply.Compile(lib, cfg.Profile), lines, nil
}

func snippetsDir(home string) string { return filepath.Join(home, "snippets") }

// Run is the daemon: it returns when stopped (nil) or when it cannot go on.
func Run(o Options) error {
	started := time.Now()
	stderr := o.Stderr
	if stderr == nil {
		stderr = os.Stderr
	}
	// What the log quotes from the library (problem messages, trigger
	// names) cannot steer the terminal or journal viewer showing it.
	logger := log.New(visibleWriter{stderr}, "kindly: ", log.Ltime|log.Lmicroseconds)
	debugf := func(format string, args ...any) {
		if o.Verbose {
			logger.Printf(format, args...)
		}
	}
	// At start a config with mistakes still gives the settings written
	// right (an app rule with a typo is left out, not every rule); on
	// reload, the previous good config stays until the file is fixed.
	cfg, cfgErr := config.Load(o.Home)
	if cfgErr != nil {
		logger.Printf("config: %v (using the settings written right and the built-in ones for the rest; fix the file and kindly reloads it)", cfgErr)
	}
	name := o.Backend
	if name == "" || name == "auto" {
		name = cfg.Backend
	}
	kind, err := chooseBackend(name)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.Home, 0o700); err != nil {
		return fmt.Errorf("create home %s: %w", o.Home, err)
	}
	keeper, err := keepHome(o.Home, logger.Printf)
	if err != nil {
		return err
	}
	defer keeper.close()

	be, err := kind.Open(hooks.Options{Apps: hooks.NewApps(cfg.Apps, kind.Defaults), Logf: logger.Printf,
		Verbose: o.Verbose, Injector: cfg.Injector})
	if errors.Is(err, hooks.ErrUnavailable) {
		if kind.Name == "ibus" && os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") != "" {
			err = fmt.Errorf("this is a Wayland session (WAYLAND_DISPLAY=%s) without an X11 DISPLAY, where kindly works as an IBus input method: %w",
				os.Getenv("WAYLAND_DISPLAY"), err)
		}
		return fmt.Errorf("%w: %w", ErrNoKeyboard, err)
	}
	if err != nil {
		return err
	}
	defer be.Close()
	if cfg.Injector == "robotgo" && be.Name() == "x11" {
		logger.Print("injector: robotgo (slower; keys typed during an expansion are not held)")
	}

	if o.FirstStart != nil {
		ask, _ := be.(hooks.Asker)
		if err := o.FirstStart(ask); err != nil {
			return err
		}
	}
	// Decoded library files by content: a reload decodes only the files that
	// changed, and a start after a save decodes nothing.
	cache := snippets.OpenCache(snippets.CachePath(os.Getenv, o.Home))
	set, problems, err := load(o.Home, cache)
	go debug.FreeOSMemory() // what loading used is garbage now: give it back
	for _, p := range problems {
		logger.Print(p)
	}
	lastError := ""
	if err != nil {
		logger.Printf("%v: starting with an empty library; fix the file and kindly reloads it", err)
		lastError = firstLine(problems, err)
		set = reply.Empty()
	}

	rec := stats.NewRecorder(stats.Path(o.Home), 0)
	defer func() {
		if err := rec.Flush(); err != nil {
			logger.Printf("stats: %v", err)
		}
	}()
	s := newSession(be, set, cfg, kind.Defaults, rec, time.Now, logger.Printf, debugf)
	s.status = control.Status{PID: os.Getpid(), Home: o.Home, Backend: be.Name(), Display: displayOf(be.Name()),
		Started: started, Hooked: true, Snippets: len(set.Snippets), Reloaded: time.Now(), LastError: lastError}
	if n, ok := be.(hooks.Notifier); ok {
		s.rend.notify = func(title, msg string) {
			if err := n.Notify(title, msg); err != nil {
				debugf("notify: %v", err)
			}
		}
	}
	s.rend.remember = func(key, value string) error { return profile.Set(o.Home, key, value) }
	if r, ok := be.(hooks.Runner); ok {
		terminal := cfg.PickerTerminal
		s.pick = func() (string, error) { return pick(r, o.Home, terminal) }
	}
	s.grabHotkeys()
	s.tray = startTray(cfg.Tray != nil && !*cfg.Tray, false, logger.Printf)
	defer s.tray.Close()

	if err := keeper.listen(s.reqs); err != nil {
		return err
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var reloadMu sync.Mutex
	s.reload = func(reply chan string) {
		go func() {
			reloadMu.Lock()
			defer reloadMu.Unlock()
			set, problems, err := load(o.Home, cache)
			cfg, cerr := config.Load(o.Home)
			s.reloads <- reloadResult{set: set, problems: problems, err: err, reply: reply, cfg: cfg, cfgErr: cerr}
		}()
	}
	stopWatch, err := watch(ctx, keeper, func() { s.reload(nil) }, logger.Printf)
	if err != nil {
		logger.Printf("watch the library: %v (use 'kindly reload' after edits)", err)
	} else {
		defer stopWatch()
	}
	signal.Notify(s.sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(s.sigs)
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

	where := be.Name()
	if d := displayOf(be.Name()); d != "" {
		where = d
	}
	logger.Printf("ready on %s: %d snippets from %s (started in %s)", where, len(set.Snippets),
		snippetsDir(o.Home), time.Since(started).Round(time.Millisecond))
	if o.Ready != nil {
		o.Ready()
	}
	return s.run(ctx)
}

// displayOf names the display a backend runs on, for status and logs.
func displayOf(backend string) string {
	if backend == "x11" {
		return os.Getenv("DISPLAY")
	}
	return ""
}

func firstLine(problems []string, err error) string {
	for _, p := range problems {
		if strings.Contains(p, ": error: ") {
			return p
		}
	}
	return err.Error()
}

// visibleWriter writes every control character but line feed and tab as a
// visible escape (termtext.Visible): a library or a pack can hold them.
type visibleWriter struct{ w io.Writer }

func (v visibleWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(v.w, termtext.Visible(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
