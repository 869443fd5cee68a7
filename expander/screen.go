package expander

// Screen is an in-memory text field: it takes keys the way an app's text box
// does and applies Edits the way an injector would. Tests and `kindly try`
// use it to see what the user would see. Caret and counts are in runes.
type Screen struct {
	text  []rune
	caret int
}

// Type applies one key press: a rune is inserted at the caret, Enter inserts
// '\n' and Tab '\t', Backspace deletes before the caret and Delete after it,
// Left and Right move the caret by one rune, Home and End to the start and
// end of the caret's line. Other keys and shortcuts (Ctrl, Alt or Meta held)
// leave the text alone.
func (s *Screen) Type(k Key) {
	if k.Mods.Shortcut() {
		return
	}
	switch k.Special {
	case None:
		if k.Rune != 0 {
			s.insert([]rune{k.Rune})
		}
	case Enter:
		s.insert([]rune{'\n'})
	case Tab:
		s.insert([]rune{'\t'})
	case Backspace:
		if s.caret > 0 {
			s.text = append(s.text[:s.caret-1], s.text[s.caret:]...)
			s.caret--
		}
	case Delete:
		if s.caret < len(s.text) {
			s.text = append(s.text[:s.caret], s.text[s.caret+1:]...)
		}
	case Left:
		s.caret = max(s.caret-1, 0)
	case Right:
		s.caret = min(s.caret+1, len(s.text))
	case Home:
		for s.caret > 0 && s.text[s.caret-1] != '\n' {
			s.caret--
		}
	case End:
		for s.caret < len(s.text) && s.text[s.caret] != '\n' {
			s.caret++
		}
	}
}

// Apply performs an Edit: delete e.Delete runes before the caret (as many as
// there are), insert e.Insert, move the caret e.Left runes left.
func (s *Screen) Apply(e Edit) {
	d := min(max(e.Delete, 0), s.caret)
	s.text = append(s.text[:s.caret-d], s.text[s.caret:]...)
	s.caret -= d
	s.insert([]rune(e.Insert))
	s.caret -= min(max(e.Left, 0), s.caret)
}

func (s *Screen) insert(rs []rune) {
	s.text = append(s.text[:s.caret], append(rs, s.text[s.caret:]...)...)
	s.caret += len(rs)
}

// Text returns the field's content.
func (s *Screen) Text() string { return string(s.text) }

// Caret returns the caret position in runes from the start of the text.
func (s *Screen) Caret() int { return s.caret }

// Play types keys into an empty Screen through an Engine on idx, applying
// every Edit the engine returns, and returns the Screen.
func Play(idx *Index, keys []Key) *Screen {
	s := &Screen{}
	e := NewEngine(idx)
	for _, k := range keys {
		s.Type(k)
		if ed, _, ok := e.Step(k); ok {
			s.Apply(ed)
		}
	}
	return s
}
