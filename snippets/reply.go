package snippets

import (
	"github.com/kindly-support/kindly/snippets/format"
	"github.com/kindly-support/kindly/snippets/placeholder"
)

// Text is the reply as a reader of plain text sees it, placeholders as
// written: the reply itself, a formatted reply's plain twin, "[image: …]"
// for an image. Search, list and previews show it.
func (s *Snippet) Text() string {
	switch {
	case s.ImagePath != "":
		return "[image: " + s.ImagePath + "]"
	case s.Format == format.Plain:
		return s.Replace
	}
	return format.Preview(s.Format, s.Replace)
}

// Rendered is a reply ready to insert.
type Rendered struct {
	Text  string // the text; for a formatted reply its plain twin
	HTML  string // a formatted reply's sanitised HTML ("" for a plain one)
	Image []byte // an image reply's PNG (Text is then "")
	Left  int    // where the caret goes: characters of Text after it
	// HTMLLeft is where the caret goes once HTML is pasted (Left arrow
	// presses from the end, see format.Reply).
	HTMLLeft int
}

// Render renders the reply with env: placeholders filled (for markdown and
// HTML every value escaped, so it shows literally), then converted to HTML
// and its twin. An image reply renders to its image.
func (s *Snippet) Render(env placeholder.Env) (Rendered, error) {
	if s.ImagePath != "" {
		return Rendered{Image: s.Image}, nil
	}
	tpl, errs := placeholder.Parse(s.Replace)
	if len(errs) > 0 {
		return Rendered{}, errs[0]
	}
	r, err := format.Render(s.Format, tpl, env)
	if err != nil {
		return Rendered{}, err
	}
	return Rendered{Text: r.Text, HTML: r.HTML, Left: r.Left, HTMLLeft: r.HTMLLeft}, nil
}
