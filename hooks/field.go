package hooks

// Field is one value a fill-in dialog asks for.
type Field struct {
	Name      string
	Label     string
	Default   string
	Multiline bool     // a text box (Ctrl+Enter accepts there; Enter adds a line)
	Choices   []string // a drop-down; Default picks the first choice shown
	Check     bool     // a tick box (an optional section); Default "true" ticks it
}
