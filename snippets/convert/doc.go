// Package convert moves snippets between kindly and other text expanders:
// espanso match files (YAML), TextExpander groups (CSV: abbreviation,
// content, label) and a plain JSON list.
//
// Each tool's variables are mapped to kindly's placeholders (issue 3's
// syntax, see snippets/placeholder): a fill-in {{name}}, with a fallback
// {{name|there}}, {{multiline notes}}, a choice {{plan:Basic|Pro}},
// {{random:A|B}}, another reply {{> ;sig}}, {{date +2d "Monday, January 2"}}
// (a Go layout), {{clipboard}}; the caret stays kindly's (and espanso's)
// "$|$". Whatever cannot be mapped (espanso regex triggers, shell and script
// variables, images, TextExpander optional sections…) is never dropped
// silently: it becomes a [Note] with the file and line it came from. The
// package reads placeholders with a small parser of its own (placeholder.go)
// that only needs to tell the forms apart.
//
// The package only converts bytes to snippets and back; writing them into
// a library is snippets.AddAll's job.
package convert

import "github.com/kindly-support/kindly/snippets"

// Result is what an import read.
type Result struct {
	Snippets []snippets.Snippet // Pos is where each came from in the source
	Notes    []Note
	// Images maps the image_path of an imported image reply (relative to
	// the library file it goes into) to the image file it came from; the
	// importer copies them.
	Images map[string]string
}

// Note is something the conversion could not carry over as it was.
type Note struct {
	Pos     snippets.Pos
	Trigger string // "" when about the file
	Skipped bool   // the whole entry was left out
	Msg     string
}

// String formats a note like a compiler message.
func (n Note) String() string {
	what := "changed"
	if n.Skipped {
		what = "skipped"
	}
	if n.Pos.File == "" {
		return what + ": " + n.Msg
	}
	if n.Trigger != "" {
		return n.Pos.String() + ": " + what + ": " + n.Trigger + ": " + n.Msg
	}
	return n.Pos.String() + ": " + what + ": " + n.Msg
}
