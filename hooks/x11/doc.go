// Package x11 is kindly's X11 backend, an observer. All of it is pure Go over
// the X protocol (jezek/xgb): the key source (the X RECORD extension, read on
// a connection of its own, record_linux.go and hook_linux.go), the live
// keyboard map (XKB: every group of the layout in force, followed as it
// changes, xkb_linux.go), the translation of recorded key presses into
// expander.Keys (translate.go), the injector (XTest key events and clipboard
// paste), the focused window's WM_CLASS and title for per-app settings
// (followed through focus events, not asked for on every key), global
// hotkeys, and the yad fill-in dialog. robotgo, an optional injector, is the
// only cgo part (behind "linux && cgo").
//
// Nothing here logs, stores or sends typed text: recorded presses become
// Keys and go to the engine.
package x11
