// Package hooks connects kindly's pure engine to the operating system: the key
// source (gohook's XRecord hook, through cgo) and the injector (XTest key
// events and clipboard paste over a pure-Go X11 connection), the translation of
// raw hook events into expander.Keys, and the focused window's class for
// per-app settings.
//
// It is the only package that imports gohook and robotgo. The cgo half is
// behind the "linux && cgo" build constraint; without it, Keys reports that
// this build has no keyboard support, so `CGO_ENABLED=0 go build ./...` and
// builds for other systems still succeed.
//
// Nothing here logs, stores or sends typed text: events become Keys and go to
// the engine; the hook library's own key logging is switched off.
package hooks
