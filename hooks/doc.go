// Package hooks is what every desktop backend shares: the Backend seam the
// daemon's session loop runs over (events with an optional verdict for
// backends in the key path, capabilities found by type assertion), per-app
// rules (App, AppRule, AppConfig) and the fill-in Field. Each desktop lives in
// a folder of its own below it and owns everything about that system:
//
//	hooks/x11/      X RECORD keys with the live XKB map, XTest and selections (all xgb), yad dialog
//	hooks/windows/  low-level hook, SendInput, clipboard, Win32 dialog (no cgo)
//	hooks/ibus/     the IBus engine over D-Bus (Wayland, and X11 apps through IBus)
//	hooks/keysym/   the pure keysym table X11 and IBus share
//
// This package imports no system library. Nothing here, nor in a backend,
// logs, stores or sends typed text.
package hooks
