package daemon

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kindly-support/kindly/config"
	"github.com/kindly-support/kindly/daemon/control"
	"github.com/kindly-support/kindly/hooks"
	"github.com/kindly-support/kindly/hooks/x11"
	"github.com/kindly-support/kindly/reply"
	"github.com/kindly-support/kindly/snippets/profile"
)

// DoctorOptions is what `kindly doctor` hands the checks.
type DoctorOptions struct {
	Home     string
	SelfTest bool
	Backend  string
}

// Doctor runs `kindly doctor`'s checks, each with what to do when it fails:
// the library, the backend's own checks, and the daemon.
func Doctor(o DoctorOptions) []hooks.Check {
	var checks []hooks.Check
	add := func(name string, ok bool, detail, fix string) {
		checks = append(checks, hooks.Check{Name: name, OK: ok, Detail: detail, Fix: fix})
	}
	// The library does not need a display.
	set, problems, err := load(o.Home, nil)
	switch {
	case err != nil && set == nil && len(problems) == 0:
		add("library", false, err.Error(), "check that "+snippetsDir(o.Home)+" is readable")
	case err != nil:
		add("library", false, fmt.Sprintf("%s, first: %s", lineCount(problems), firstLine(problems, err)),
			"run 'kindly check' and fix the errors; the daemon keeps its last good library meanwhile")
	default:
		detail := fmt.Sprintf("%d snippets in %s", len(set.Snippets), snippetsDir(o.Home))
		if len(problems) > 0 {
			detail += fmt.Sprintf(" (%s: kindly check)", countOf(len(problems), "warning"))
		}
		add("library", true, detail, "")
	}
	checks = append(checks, profileCheck(o.Home, set))
	kind, err := chooseBackend(o.Backend)
	if err != nil && !errors.Is(err, ErrNoKeyboard) {
		// No display: the X11 checks say so, with the fix.
		kind = backendKind{Name: "x11", Checks: x11.Checks}
		err = nil
	}
	if err != nil {
		add("backend", false, err.Error(), "run kindly in a desktop session it supports (X11 on Linux)")
		return append(checks, daemonCheck(o.Home))
	}
	backendChecks := kind.Checks()
	checks = append(checks, backendChecks...)
	for _, c := range backendChecks {
		if !c.OK {
			return append(checks, daemonCheck(o.Home))
		}
	}
	checks = append(checks, daemonCheck(o.Home))
	if o.SelfTest && kind.Name == "x11" {
		checks = append(checks, x11.SelfTest())
	}
	return checks
}

func daemonCheck(home string) hooks.Check {
	st, err := control.QueryStatus(home)
	switch {
	case errors.Is(err, control.ErrNotRunning):
		return hooks.Check{Name: "daemon", OK: true, Detail: "not running (start it with 'kindly run' or 'kindly service install')"}
	case err != nil:
		return hooks.Check{Name: "daemon", OK: false, Detail: err.Error(), Fix: "kindly stop, then kindly run"}
	case !st.Hooked:
		return hooks.Check{Name: "daemon", OK: false, Detail: "running but not hooked", Fix: "restart it: kindly stop; kindly run"}
	}
	detail := fmt.Sprintf("running (pid %d), hooked, %d snippets", st.PID, st.Snippets)
	if st.Paused {
		return hooks.Check{Name: "daemon", OK: false, Detail: detail + ", paused: triggers are not expanded",
			Fix: "kindly resume (or the pause hotkey, ctrl+alt+shift+p unless config.yml says otherwise)"}
	}
	return hooks.Check{Name: "daemon", OK: true, Detail: detail}
}

// profileCheck: the agent's name is in the profile, or the replies that
// sign with {{agent}} ask for it every time (and are blocked when it is
// left empty).
func profileCheck(home string, set *reply.Set) hooks.Check {
	p, err := config.LoadProfile(home)
	if err != nil {
		return hooks.Check{Name: "profile", OK: false, Detail: err.Error(), Fix: "fix config.yml at the line named"}
	}
	if name := strings.TrimSpace(p["agent"]); name != "" {
		return hooks.Check{Name: "profile", OK: true, Detail: "replies are signed " + name}
	}
	signed := 0
	if set != nil {
		for _, s := range set.Snippets {
			if strings.Contains(s.Replace, "{{agent}}") {
				signed++
			}
		}
	}
	return hooks.Check{Name: "profile", OK: false,
		Detail: fmt.Sprintf("your name is not set: %d replies sign with {{agent}} and ask for it each time", signed),
		Fix:    profile.SetCommand("agent")}
}
