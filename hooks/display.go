package hooks

import "github.com/kindly-support/kindly/expander"

// Display is an open connection to the desktop: the injector, the focused
// window's class, and the connection's life.
type Display interface {
	expander.Injector
	// FocusedClass returns the WM_CLASS instance and class of the focused window.
	FocusedClass() (instance, class string)
	// Dead is closed when the connection to the display is lost.
	Dead() <-chan struct{}
	// SetApps replaces the per-app settings (config reload).
	SetApps(*Apps)
	// WindowChanges delivers a value whenever the active window changes.
	WindowChanges() <-chan struct{}
	Close() error
}
