package hooks

import "github.com/kindly-support/kindly/expander"

// Display is an open connection to the desktop: the injector, the focused
// window's class, and the connection's life.
type Display interface {
	expander.Injector
	// Focused returns the focused top-level window.
	Focused() Window
	// Dead is closed when the connection to the display is lost.
	Dead() <-chan struct{}
	// GrabHotkey makes spec ("ctrl+alt+shift+p") a global hotkey named name.
	GrabHotkey(name, spec string) error
	// Hotkeys delivers the name of each hotkey pressed.
	Hotkeys() <-chan string
	// SetApps replaces the per-app settings (config reload).
	SetApps(*Apps)
	// WindowChanges delivers a value whenever the active window changes.
	WindowChanges() <-chan struct{}
	Close() error
}

// Window is a top-level window as kindly sees it.
type Window struct {
	ID              uint32 // 0 when unknown
	Instance, Class string // WM_CLASS
	Title           string
}
