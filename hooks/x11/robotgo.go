//go:build linux && cgo

package x11

import (
	"errors"
	"strings"

	"github.com/go-vgo/robotgo"

	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/hooks"
)

// robotgoInjector types with robotgo: portable (X11, macOS, Windows) but
// slow (robotgo sleeps between key events: about 5 ms a character measured
// here) and unable to hold the keyboard, so keys typed during an expansion
// can land inside it. kindly uses it only when config.yml says
// `injector: robotgo`; docs/performance.md compares it with the X11 injector.
type robotgoInjector struct {
	*Backend // keys, focus and lifecycle come from the X11 backend
}

var robotgoKeys = map[expander.Special]string{
	expander.Backspace: "backspace", expander.Enter: "enter", expander.Tab: "tab",
	expander.Escape: "esc", expander.Left: "left", expander.Right: "right", expander.Up: "up",
	expander.Down: "down", expander.Home: "home", expander.End: "end", expander.PageUp: "pageup",
	expander.PageDown: "pagedown", expander.Delete: "delete", expander.Insert: "insert",
}

// withRobotgo returns b with injection done by robotgo.
func withRobotgo(b *Backend) hooks.Backend {
	robotgo.KeySleep = 0
	return &robotgoInjector{Backend: b}
}

func (r *robotgoInjector) Inject(b expander.Batch) ([]expander.Mark, error) {
	if b.Hold && b.Edit.Empty() && len(b.Replay) == 0 {
		return nil, errors.New("the robotgo injector cannot hold the keyboard")
	}
	for i := 0; i < b.Edit.Delete; i++ {
		if err := robotgo.KeyTap("backspace"); err != nil {
			return nil, err
		}
	}
	// robotgo.TypeStr drops newlines in some toolkits (Tk): press Enter.
	for i, line := range strings.Split(b.Edit.Insert, "\n") {
		if i > 0 {
			robotgo.KeyTap("enter")
		}
		if line != "" {
			robotgo.TypeStr(line)
		}
	}
	for i := 0; i < b.Edit.Left; i++ {
		robotgo.KeyTap("left")
	}
	for _, k := range b.Replay {
		if k.Special == expander.None {
			robotgo.TypeStr(string(k.Rune))
		} else if name, ok := robotgoKeys[k.Special]; ok {
			robotgo.KeyTap(name)
		}
	}
	return nil, nil
}
