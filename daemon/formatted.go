package daemon

import (
	"html"

	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/format"
)

// renderedAtFire reports whether s is rendered when it fires rather than
// once at load: replies with placeholders, and formatted and image replies
// (the engine's index holds only their plain twin; the HTML or the image
// goes on the Edit when the trigger fires).
func renderedAtFire(s *snippets.Snippet, static bool) bool {
	return !static || s.Format != format.Plain || s.ImagePath != ""
}

// formattedEdit puts a rendered reply on e, shaped the way the typed trigger
// asked (case, the separator after a word trigger). rich false (the app is
// set `rich: false`) leaves the HTML out: the app gets the plain twin.
func formattedEdit(e expander.Edit, rd snippets.Rendered, f expander.Fired, rich bool) expander.Edit {
	e.Insert, e.Left = f.Case.Shape(rd.Text), rd.Left
	e.HTML, e.HTMLLeft, e.Image = "", 0, nil
	if rd.Image != nil {
		e.Image = &expander.Image{Data: rd.Image, Type: "image/png"}
	}
	if rich && rd.HTML != "" {
		e.HTML, e.HTMLLeft = rd.HTML, rd.HTMLLeft
		if f.Case != expander.AsIs {
			e.HTML = format.Shape(e.HTML, f.Case.Shape, f.Case == expander.Capitalized)
		}
	}
	if f.Sep != 0 {
		e.Insert += string(f.Sep)
		if e.Left > 0 {
			e.Left++
		}
		if e.HTML != "" {
			e.HTML += html.EscapeString(string(f.Sep))
			if e.HTMLLeft > 0 {
				e.HTMLLeft++
			}
		}
	}
	return e
}
