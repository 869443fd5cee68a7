package daemon

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/kindly-support/kindly/hooks"
	"github.com/kindly-support/kindly/hooks/ibus"
	"github.com/kindly-support/kindly/hooks/windows"
	"github.com/kindly-support/kindly/hooks/x11"
)

// backendKind is one desktop kindly can run on.
type backendKind struct {
	Name string
	Open hooks.Opener
	// Defaults are the backend's built-in app rules (after the user's).
	Defaults []hooks.AppRule
	// Checks are `kindly doctor`'s checks for it, run without opening it.
	Checks func() []hooks.Check
}

// backends lists every backend this build has, in the order `auto` tries
// them on this system.
func backends() []backendKind {
	return []backendKind{
		{Name: "x11", Open: x11.Open, Defaults: x11.DefaultApps, Checks: x11.Checks},
		{Name: "ibus", Open: ibus.Open, Defaults: ibus.DefaultApps, Checks: ibus.Checks},
		{Name: "windows", Open: windows.Open, Defaults: windows.DefaultApps, Checks: windows.Checks},
	}
}

// chooseBackend returns the backend called name, or for "auto" the first
// that fits this session. An error wraps ErrNoKeyboard and says what is
// missing.
func chooseBackend(name string) (backendKind, error) {
	all := backends()
	if name != "" && name != "auto" {
		var names []string
		for _, b := range all {
			if b.Name == name {
				return b, nil
			}
			names = append(names, b.Name)
		}
		return backendKind{}, fmt.Errorf("%w: this kindly (%s) has no %q backend (it has: %s)", ErrNoKeyboard,
			runtime.GOOS, name, strings.Join(names, ", "))
	}
	if runtime.GOOS == "linux" && wayland() {
		// No program may watch keys on Wayland: kindly is an input method.
		for _, b := range all {
			if b.Name == "ibus" {
				return b, nil
			}
		}
	}
	if runtime.GOOS == "linux" && !x11.KeyboardSupport {
		return backendKind{}, fmt.Errorf("%w: %v", ErrNoKeyboard, x11.ErrNoKeyboard)
	}
	if runtime.GOOS == "linux" && os.Getenv("DISPLAY") == "" {
		msg := "no X11 display: DISPLAY is not set. kindly needs an X11 session"
		if w := os.Getenv("WAYLAND_DISPLAY"); w != "" {
			msg += fmt.Sprintf(" (WAYLAND_DISPLAY=%s is set: this is a Wayland session without XWayland's DISPLAY)", w)
		}
		return backendKind{}, errors.New(msg)
	}
	for _, b := range all {
		if b.Name == runtime.GOOS || b.Name == "x11" && runtime.GOOS == "linux" {
			return b, nil
		}
	}
	return backendKind{}, fmt.Errorf("%w: %w", ErrNoKeyboard, errors.New("kindly has no keyboard backend for "+runtime.GOOS+" yet"))
}

// wayland reports a Wayland session (XWayland's DISPLAY may be set too).
func wayland() bool {
	return os.Getenv("XDG_SESSION_TYPE") == "wayland" || os.Getenv("WAYLAND_DISPLAY") != "" && os.Getenv("XDG_SESSION_TYPE") == ""
}
