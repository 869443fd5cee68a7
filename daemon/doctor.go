package daemon

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/kindly-support/kindly/cmd"
	"github.com/kindly-support/kindly/daemon/control"
	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/hooks"
)

// Doctor runs `kindly doctor`'s checks, each with what to do when it fails.
func Doctor(o cmd.DoctorOptions) []cmd.Check {
	var checks []cmd.Check
	add := func(name string, ok bool, detail, fix string) {
		checks = append(checks, cmd.Check{Name: name, OK: ok, Detail: detail, Fix: fix})
	}
	if hooks.KeyboardSupport {
		add("build", true, "keyboard hook built in (cgo)", "")
	} else {
		add("build", false, "this kindly was built without the keyboard hook (CGO_ENABLED=0)",
			"rebuild on Linux with cgo: make build")
	}

	// The library does not need a display.
	lib, problems, err := load(o.Home)
	switch {
	case err != nil && lib == nil && len(problems) == 0:
		add("library", false, err.Error(), "check that "+snippetsDir(o.Home)+" is readable")
	case err != nil:
		add("library", false, fmt.Sprintf("%d problems, first: %s", len(problems), firstLine(problems, err)),
			"run 'kindly check' and fix the errors; the daemon keeps its last good library meanwhile")
	default:
		detail := fmt.Sprintf("%d snippets in %s", len(lib.snippets), snippetsDir(o.Home))
		if len(problems) > 0 {
			detail += fmt.Sprintf(" (%d warnings: kindly check)", len(problems))
		}
		add("library", true, detail, "")
	}

	display := os.Getenv("DISPLAY")
	if display == "" {
		fix := "run kindly inside an X11 session (DISPLAY must be set)"
		if os.Getenv("WAYLAND_DISPLAY") != "" {
			fix = "this is a Wayland session: log in to an X11 session (Wayland is not supported yet)"
		}
		add("display", false, "DISPLAY is not set", fix)
		return append(checks, daemonCheck(o.Home))
	}
	ext, err := hooks.Extensions()
	if err != nil {
		add("display", false, fmt.Sprintf("cannot connect to %s: %v", display, err),
			"check DISPLAY and that the X server lets you connect (xhost, XAUTHORITY)")
		return append(checks, daemonCheck(o.Home))
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
	x, err := hooks.Open(nil)
	if err != nil {
		add("keyboard", false, err.Error(), "see the message; 'setxkbmap us' resets a broken keyboard map")
	} else {
		add("keyboard", true, "keyboard map readable, marker key mapped", "")
		x.Close()
	}
	checks = append(checks, daemonCheck(o.Home))
	if o.SelfTest {
		checks = append(checks, selfTest())
	}
	return checks
}

func daemonCheck(home string) cmd.Check {
	st, err := control.QueryStatus(home)
	switch {
	case errors.Is(err, control.ErrNotRunning):
		return cmd.Check{Name: "daemon", OK: true, Detail: "not running (start it with 'kindly run' or 'kindly service install')"}
	case err != nil:
		return cmd.Check{Name: "daemon", OK: false, Detail: err.Error(), Fix: "kindly stop, then kindly run"}
	case !st.Hooked:
		return cmd.Check{Name: "daemon", OK: false, Detail: "running but not hooked", Fix: "restart it: kindly stop; kindly run"}
	}
	detail := fmt.Sprintf("running (pid %d), hooked, %d snippets", st.PID, st.Snippets)
	if st.Paused {
		detail += ", paused (kindly resume)"
	}
	return cmd.Check{Name: "daemon", OK: true, Detail: detail}
}

// selfTest expands a typed and a pasted reply into a throwaway window and
// reads them back: the whole path, hook to injector, on this display.
func selfTest() cmd.Check {
	fail := func(detail, fix string) cmd.Check {
		return cmd.Check{Name: "self-test", OK: false, Detail: detail, Fix: fix}
	}
	if !hooks.KeyboardSupport {
		return fail("no keyboard hook in this build", "make build")
	}
	rules := []expander.Rule{
		{Triggers: []string{";kdtyped"}, Replace: "typed ok"},
		{Triggers: []string{";kdpaste"}, Replace: "pasted: café — ✓ ok"},
	}
	disp, err := hooks.Open(nil)
	if err != nil {
		return fail(err.Error(), "fix the display check first")
	}
	defer disp.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	keys, err := hooks.StartKeys(ctx, nil)
	if err != nil {
		return fail("the key hook did not start: "+err.Error(), "check the RECORD extension")
	}
	win, err := hooks.OpenTestWindow()
	if err != nil {
		return fail("could not open a test window: "+err.Error(), "")
	}
	defer win.Close()
	cond := expander.NewConductor(expander.NewEngine(expander.NewIndex(rules)), disp)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case k, ok := <-keys:
				if !ok {
					return
				}
				cond.Step(k)
			case <-ctx.Done():
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
		if _, err := disp.Inject(expander.Batch{Replay: ks}); err != nil {
			cancel()
			return fail("could not type into the test window: "+err.Error(), "")
		}
		if err := win.WaitText(trig.want, 3*time.Second); err != nil {
			cancel()
			return fail(err.Error(), "run 'kindly run -v' and look at its messages; check the clipboard (xclip -o) for the pasted case")
		}
	}
	cancel()
	<-done
	return cmd.Check{Name: "self-test", OK: true,
		Detail: fmt.Sprintf("expanded a typed and a pasted reply into a test window in %s", time.Since(start).Round(time.Millisecond))}
}
