package expander

import "time"

// Special names a key that is not text, or an event that is not a key at all
// (a click, a window change, a marker). The zero value means "a typed rune".
type Special uint8

// The special keys and events the engine understands.
const (
	None      Special = iota // a typed rune (Key.Rune)
	Backspace                // deletes the rune before the caret
	Enter                    // Return / KP_Enter
	Tab                      // Tab
	Escape                   // Escape
	Left                     // caret movement keys: they reset the buffer
	Right
	Up
	Down
	Home
	End
	PageUp
	PageDown
	Delete   // forward delete
	Insert   // the Insert key (Shift+Insert pastes in terminals)
	Click    // a mouse button press anywhere
	Window   // the focused window changed
	Marker   // an injector's marker arrived in the key stream (Key.Marker says which)
	OtherKey // any other non-text key (F-keys, media keys…): resets the buffer
)

var specialNames = [...]string{
	None: "", Backspace: "Backspace", Enter: "Enter", Tab: "Tab", Escape: "Escape",
	Left: "Left", Right: "Right", Up: "Up", Down: "Down", Home: "Home", End: "End",
	PageUp: "PageUp", PageDown: "PageDown", Delete: "Delete", Insert: "Insert",
	Click: "Click", Window: "Window", Marker: "Marker", OtherKey: "Other",
}

// String returns the name used in `kindly try --keys` braces ("Backspace", "Left"…).
func (s Special) String() string {
	if int(s) < len(specialNames) {
		return specialNames[s]
	}
	return "Special(?)"
}

// SpecialByName looks up a special key by the name String returns
// (case-insensitive); ok is false for unknown names.
func SpecialByName(name string) (s Special, ok bool) {
	for i, n := range specialNames {
		if i != 0 && equalFoldASCII(n, name) {
			return Special(i), true
		}
	}
	return None, false
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// Mods is a set of held modifier keys.
type Mods uint8

// Modifier bits. Shift alone never makes a shortcut: it is already applied to Key.Rune.
const (
	Shift Mods = 1 << iota
	Ctrl
	Alt
	Meta
)

// Shortcut reports whether the modifiers turn a key into a shortcut
// (Ctrl, Alt or Meta held), which resets the typed buffer.
func (m Mods) Shortcut() bool { return m&(Ctrl|Alt|Meta) != 0 }

// Key is one key press (or click, window change, marker) as the engine sees it.
// Exactly one of Rune (when Special is None) or Special is meaningful.
type Key struct {
	Rune    rune      // the typed character, Shift and layout already applied
	Special Special   // None for a typed rune
	Mods    Mods      // modifiers held at the time of the press
	Marker  uint32    // for Special == Marker: the id the injector put in the stream
	At      time.Time // when the key was pressed (from the key source; never read from a clock here)
}

// Text reports whether k types its rune into the focused app (a rune with no
// Ctrl/Alt/Meta held).
func (k Key) Text() bool { return k.Special == None && !k.Mods.Shortcut() }

// Edit is what the engine asks the injector to do to the focused text field:
// delete Delete characters before the caret, insert Insert at the caret, then
// move the caret Left characters to the left. Counts are in runes
// ("characters" as the app sees them), not bytes.
//
// A formatted reply also carries HTML: the injector pastes it where the app
// takes formatting, offering Insert (its plain twin) beside it for apps and
// fields that take only text; where it types the reply, it types Insert. An
// input method (a backend in the key path) commits Insert: the twin.
// An image reply carries Image instead (Insert is then usually empty).
// Left counts characters of Insert; HTMLLeft is the caret's place once
// HTML is pasted, in Left arrow presses from its end (a rich editor steps
// over list numbers and from one paragraph to the next in one press).
type Edit struct {
	Delete int
	Insert string
	Left   int

	// HTML is a sanitised HTML fragment Insert is the plain twin of ("":
	// a plain reply).
	HTML     string
	HTMLLeft int
	// Image is an image reply (nil: none). A pointer, so Edits stay
	// comparable.
	Image *Image
}

// Image is an image to paste.
type Image struct {
	Data []byte
	Type string // its MIME type: "image/png"
}

// Empty reports whether the edit changes nothing.
func (e Edit) Empty() bool {
	return e.Delete == 0 && e.Insert == "" && e.Left == 0 && e.HTML == "" && e.Image == nil
}

// Formatted reports whether the edit carries more than plain text.
func (e Edit) Formatted() bool { return e.HTML != "" || e.Image != nil }
