package snippets

import "github.com/kindly-support/kindly/snippets/format"

// Pos is a place in a library file. File is the path relative to the library
// root, slash-separated ("personal.yml", "team/billing.yml"), or, for [Decode],
// the name the caller passed. Line and Col count from 1 (Col in characters); 0
// means unknown (a problem about the whole file, or a YAML syntax error whose
// column the parser does not report).
type Pos struct {
	File      string
	Line, Col int
}

// Snippet is one library entry: typing any of its triggers replaces the trigger
// with Replace.
type Snippet struct {
	Triggers []string // at least one; non-empty, no leading whitespace; may end with spaces, Tabs, newlines
	Replace  string   // the reply as written under Format's key; may hold one CaretMarker ("" for an image)
	Format   format.Kind
	// ImagePath is image_path as written: an image reply, the file relative
	// to the snippet's file. Image holds it as PNG once Load or LoadFS read
	// it (JPEG and GIF converted); Decode alone leaves it nil.
	ImagePath     string
	Image         []byte
	imageAt       linecol  // where image_path is written, in the snippet's file
	Label         string   // short human title (optional)
	Tags          []string // free-form tags such as "chat" or "email" (optional)
	Word          bool     // expand only as a whole word
	PropagateCase bool     // ";Ty" gives "Thank you", ";TY" gives "THANK YOU"
	Pos           Pos      // where the entry starts (its first key)
	TriggerPos    []Pos    // where each trigger is written, parallel to Triggers (nil when not loaded from a file)
}

// CaretMarker in a reply marks where the caret ends after expansion.
const CaretMarker = "$|$"

// triggerPos returns where trigger i is written, falling back to the entry.
func (s *Snippet) triggerPos(i int) Pos {
	if i < len(s.TriggerPos) {
		return s.TriggerPos[i]
	}
	return s.Pos
}

// Library is a loaded snippet library.
type Library struct {
	Snippets []Snippet // in file order, files in sorted path order
	Files    []string  // the library files read, relative to the root, slash-separated
}

// Find returns the snippet that defines trigger (the first one when a broken
// library defines it twice).
func (l *Library) Find(trigger string) (*Snippet, bool) {
	if l == nil {
		return nil, false
	}
	for i := range l.Snippets {
		for _, t := range l.Snippets[i].Triggers {
			if t == trigger {
				return &l.Snippets[i], true
			}
		}
	}
	return nil, false
}

// linecol is a place in the snippet's own file, kept small: a large library
// holds one per image reply's snippet.
type linecol struct{ line, col int32 }
