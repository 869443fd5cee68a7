package hooks

import (
	"errors"
	"os/exec"

	"github.com/kindly-support/kindly/expander"
)

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
	// Ask shows one dialog for all fields and returns the answers (ok false:
	// cancelled), giving the focus back to the window that had it.
	Ask(title string, fields []Field) (values map[string]string, ok bool, err error)
	// RunFocused runs cmd (its window titled title) with the keyboard focus,
	// and gives the focus back when it exits.
	RunFocused(cmd *exec.Cmd, title string) error
	// ClipboardText returns the text on the clipboard.
	ClipboardText() (string, error)
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

// Field is one value a fill-in dialog asks for.
type Field struct {
	Name      string
	Label     string
	Default   string
	Multiline bool     // a text box (Ctrl+Enter accepts there; Enter adds a line)
	Choices   []string // a drop-down; Default picks the first choice shown
	Check     bool     // a tick box (an optional section); Default "true" ticks it
}

// ErrNoDialog says the fill-in dialog program is missing.
var ErrNoDialog = errors.New("the fill-in dialog needs yad (apt-get install yad)")
