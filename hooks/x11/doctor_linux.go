//go:build linux

package x11

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/hooks"
)

// Checks are `kindly doctor`'s X11 checks: the build, the helpers (dialog,
// clipboard, notifications), the display, the extensions kindly needs and
// the keyboard map, each with its fix.
func Checks() []hooks.Check {
	var checks []hooks.Check
	add := func(name string, ok bool, detail, fix string) {
		checks = append(checks, hooks.Check{Name: name, OK: ok, Detail: detail, Fix: fix})
	}
	if KeyboardSupport {
		add("build", true, "keyboard hook built in (X RECORD, pure Go)", "")
	} else {
		add("build", false, "this kindly was built without the keyboard hook (CGO_ENABLED=0)",
			"rebuild on Linux with cgo: make build")
	}
	checks = append(checks, helperChecks()...)
	display := os.Getenv("DISPLAY")
	if display == "" {
		fix := "run kindly inside an X11 session (DISPLAY must be set)"
		if os.Getenv("WAYLAND_DISPLAY") != "" {
			fix = "this is a Wayland session: log in to an X11 session (Wayland is not supported yet)"
		}
		add("display", false, "DISPLAY is not set", fix)
		return checks
	}
	ext, err := Extensions()
	if err != nil {
		add("display", false, fmt.Sprintf("cannot connect to %s: %v", display, err),
			"check DISPLAY and that the X server lets you connect (xhost, XAUTHORITY)")
		return checks
	}
	add("display", true, "connected to "+display, "")
	for _, name := range []string{"XTEST", "RECORD"} {
		what := map[string]string{"XTEST": "typing replies", "RECORD": "watching the keyboard"}[name]
		if ext[name] {
			add(strings.ToLower(name), true, "extension present ("+what+")", "")
		} else {
			add(strings.ToLower(name), false, "the X server lacks the "+name+" extension, needed for "+what,
				"enable "+name+" in the X server configuration (Xorg and Xvfb have it by default)")
		}
	}
	x, err := OpenX11(nil)
	if err != nil {
		add("keyboard", false, err.Error(), "see the message; 'setxkbmap us' resets a broken keyboard map")
	} else {
		add("keyboard", true, "keyboard map readable, marker keys mapped", "")
		x.Close()
	}
	return checks
}

// SelfTest expands a typed and a pasted reply into a throwaway window and
// reads them back: the whole path, hook to injector, on this display.
func SelfTest() hooks.Check {
	fail := func(detail, fix string) hooks.Check {
		return hooks.Check{Name: "self-test", OK: false, Detail: detail, Fix: fix}
	}
	if !KeyboardSupport {
		return fail("no keyboard hook in this build", "make build")
	}
	rules := []expander.Rule{
		{Triggers: []string{";kdtyped"}, Replace: "typed ok"},
		{Triggers: []string{";kdpaste"}, Replace: "pasted: café — ✓ ok"},
	}
	be, err := Open(hooks.Options{})
	if err != nil {
		return fail(err.Error(), "fix the display check first")
	}
	defer be.Close()
	b := be.(*Backend)
	win, err := OpenTestWindow()
	if err != nil {
		return fail("could not open a test window: "+err.Error(), "")
	}
	defer win.Close()
	cond := expander.NewConductor(expander.NewCore(expander.NewEngine(expander.NewIndex(rules))), b)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case ev, ok := <-b.Events():
				if !ok {
					return
				}
				if ev.Kind == hooks.KeyEvent {
					cond.Step(ev.Key)
				}
			case <-stop:
				return
			}
		}
	}()
	start := time.Now()
	for _, trig := range []struct{ typed, want string }{{"a ;kdtyped", "a typed ok"}, {" ;kdpaste", "a typed ok pasted: café — ✓ ok"}} {
		var ks []expander.Key
		for _, r := range trig.typed {
			ks = append(ks, expander.Key{Rune: r})
		}
		if _, err := b.Inject(expander.Batch{Replay: ks}); err != nil {
			close(stop)
			return fail("could not type into the test window: "+err.Error(), "")
		}
		if err := win.WaitText(trig.want, 3*time.Second); err != nil {
			close(stop)
			return fail(err.Error(), "run 'kindly run -v' and look at its messages; check the clipboard (xclip -o) for the pasted case")
		}
	}
	close(stop)
	<-done
	return hooks.Check{Name: "self-test", OK: true,
		Detail: fmt.Sprintf("expanded a typed and a pasted reply into a test window in %s", time.Since(start).Round(time.Millisecond))}
}
