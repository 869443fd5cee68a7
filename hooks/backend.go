package hooks

import (
	"errors"
	"os/exec"
	"time"

	"github.com/kindly-support/kindly/expander"
)

// Backend is one desktop: X11, Windows, an input method (IBus). The daemon's
// session loop reads its Events and answers through the capabilities the
// backend has (found by type assertion):
//
//   - Observers (X11, Windows) see a key after the app got it and correct the
//     text afterwards: they implement expander.Injector, and the session runs
//     the expander.Conductor over them (hold, markers, echo, replay).
//   - Backends in the key path (input methods) decide about each key before
//     the app sees it: their key events carry a Verdict channel, the session
//     answers at once with the edit, and the backend applies it itself
//     (forwarding Backspaces, committing text). They implement Committer for
//     edits that arrive later (a fill-in answered, a reply picked).
//
// Optional capabilities: Hotkeys, Asker, Clipboard, Runner, Picker, AppSetter,
// Notifier, Doctor.
type Backend interface {
	// Name is the backend's name ("x11", "windows", "ibus").
	Name() string
	// Events delivers keys, focus changes, hotkeys and the loss of the
	// desktop. It is closed when the backend stops.
	Events() <-chan Event
	Close() error
}

// EventKind tells what an Event carries.
type EventKind uint8

const (
	// KeyEvent: Key was typed (observers: the app has it already).
	KeyEvent EventKind = iota
	// FocusEvent: App has the keyboard focus now.
	FocusEvent // Key.Special is expander.Window when the desktop announced a switch
	// HotkeyEvent: the hotkey named Hotkey was pressed.
	HotkeyEvent
	// LostEvent: the connection to the desktop is gone (Err says why); the
	// session ends.
	LostEvent
)

// Event is one thing a backend reports.
type Event struct {
	Kind EventKind
	Key  expander.Key
	// Verdict, on a KeyEvent of a backend in the key path, must receive
	// exactly one answer before the backend lets the key through or
	// consumes it. nil for observers.
	Verdict chan<- Verdict
	App     App    // FocusEvent
	Hotkey  string // HotkeyEvent
	Err     error  // LostEvent
}

// Verdict answers a key for a backend in the key path.
type Verdict struct {
	// Consume: the key must not reach the app (it completed a trigger, or
	// kindly holds keys while a reply is being prepared).
	Consume bool
	// Edit, when not empty, is applied by the backend right away: Delete
	// runes before the caret (the abbreviation minus the consumed key),
	// Insert, then move the caret Left.
	Edit expander.Edit
}

// App is the focused application as a backend knows it. What identifies it
// is the backend's business: a WM_CLASS on X11, a process name on Windows,
// an app id (or a program name) for an input method.
type App struct {
	// ID is an opaque value that changes when the focused window changes
	// (an X window id, an HWND, an input context path); "" when unknown.
	ID string
	// Class is what app rules match as `class:` (WM_CLASS instance or
	// class, `slack.exe`, an app id). Instance is a second name for the
	// same app (X11's WM_CLASS instance), also matched.
	Class, Instance string
	Title           string
	// Password: the focused field is for a password or PIN (input methods
	// know this); kindly keeps no buffer there.
	Password bool
}

// Committer is a backend in the key path that can apply an edit the session
// decides later (after a dialog or a pick), into the field that had the
// focus when it was asked for.
type Committer interface {
	Commit(expander.Edit) error
}

// Hotkeys is a backend that can grab global hotkeys; each press arrives as
// a HotkeyEvent named name.
type Hotkeys interface {
	GrabHotkey(name, spec string) error
}

// Asker is a backend that can show the fill-in dialog.
type Asker interface {
	// Ask shows one dialog for all fields and returns the answers (ok
	// false: cancelled), giving the focus back to the app that had it.
	// Focused is when the dialog had the keyboard (keys before it went to
	// the app); Closed is when it let go of it.
	Ask(title string, fields []Field) (Answer, error)
}

// Answer is what the fill-in dialog returns.
type Answer struct {
	Values          map[string]string
	OK              bool
	Focused, Closed time.Time
}

// Clipboard is a backend that can read the clipboard's text.
type Clipboard interface {
	ClipboardText() (string, error)
}

// Runner is a backend that can run a program (the search picker) with the
// keyboard focus and give the focus back when it exits.
type Runner interface {
	RunFocused(cmd *exec.Cmd, title string) error
}

// Picker is a backend that decides itself how to show a program (the search
// picker, a terminal program) in a window of its own with the keyboard
// focus: an X11 terminal emulator, a Windows console. The window's title is
// title; RunPicker returns once the program has exited and the focus is
// back in the window that had it. It fails only when the program could not
// be started: how the program ended is its own business.
type Picker interface {
	RunPicker(program string, args []string, title string) error
}

// AppSetter is a backend that applies per-app settings itself (paste key,
// newline key): the session hands it the rules on start and on reload.
type AppSetter interface {
	SetApps(*Apps)
}

// Notifier is a backend that can show a desktop notification (a blocked
// expansion, an elevated window).
type Notifier interface {
	Notify(title, body string) error
}

// Doctor is a backend with checks of its own for `kindly doctor`.
type Doctor interface {
	Checks() []Check
}

// Check is one line of `kindly doctor`.
type Check struct {
	Name string `json:"name"`
	OK   bool   `json:"ok"`
	// Detail says what was found; Fix what to do when not OK.
	Detail string `json:"detail"`
	Fix    string `json:"fix,omitempty"`
}

// Options is what the daemon hands a backend's Open function.
type Options struct {
	// Apps are the per-app settings in force (rules from config.yml first,
	// then the backend's defaults).
	Apps *Apps
	// Logf logs (never typed text).
	Logf func(format string, args ...any)
	// Verbose asks for debug logging.
	Verbose bool
	// Injector "robotgo" picks the portable, slower injector where the
	// backend has one (X11); "" is the backend's own.
	Injector string
}

// Opener opens a backend; each backend package has one (x11.Open,
// windows.Open, ibus.Open). ErrUnavailable-wrapped errors say the backend
// cannot run in this session (so `auto` tries the next one) and what is
// missing.
type Opener func(Options) (Backend, error)

// ErrUnavailable marks a backend that cannot run here (no display, not this
// system, no ibus-daemon); its message names what is missing.
var ErrUnavailable = errors.New("backend unavailable")
