//go:build linux

package hooks

// Open connects to the X11 display named by DISPLAY.
func Open(apps *Apps) (Display, error) {
	if getenv("DISPLAY") == "" {
		return nil, ErrNoDisplay
	}
	x, err := OpenX11(apps)
	if err != nil {
		return nil, err
	}
	return x, nil
}
