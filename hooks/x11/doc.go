// Package x11 is kindly's X11 backend, an observer: the key source (gohook's
// XRecord hook, through cgo), the injector (XTest key events and clipboard
// paste over a pure-Go X11 connection, jezek/xgb), the translation of raw hook
// events into expander.Keys, the focused window's WM_CLASS and title for
// per-app settings, global hotkeys, and the yad fill-in dialog.
//
// It is the only package that imports gohook and robotgo. The cgo half is
// behind the "linux && cgo" build constraint; without it, Open reports that
// this build has no keyboard support, so `CGO_ENABLED=0 go build ./...` and
// builds for other systems still succeed.
//
// Nothing here logs, stores or sends typed text: events become Keys and go to
// the engine; the hook library's own key logging is switched off.
package x11
