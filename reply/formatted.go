package reply

import (
	"errors"
	"html"

	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/format"
	"github.com/kindly-support/kindly/snippets/placeholder"
)

// ruleReply is what the engine's index holds for s: the reply; for a
// formatted one its plain twin (rendered when it has no placeholders, the
// caret marked), for an image nothing. Set.Finish puts the HTML or the image
// on the edit when the trigger fires.
func ruleReply(s *snippets.Snippet) string {
	switch {
	case s.ImagePath != "":
		return ""
	case s.Format == format.Plain:
		return s.Replace
	}
	if t, errs := placeholder.Parse(s.Replace); len(errs) == 0 && t.Static() {
		if r, err := s.Render(placeholder.Env{}); err == nil {
			return placeholder.MarkCaret(s.Replace, r.Text, r.Left)
		}
	}
	return s.Text()
}

// Finish renders rule f.Rule (its template t) with env and shapes it into
// e, as the package's Finish does. A formatted reply (markdown:, html:)
// carries its sanitised HTML beside its plain twin, every value escaped; rich
// false (the focused app is set `rich: false`) leaves the HTML out, so the
// app gets the twin. An image reply carries its image.
func (s *Set) Finish(t *placeholder.Template, env placeholder.Env, e expander.Edit, f expander.Fired, rich bool) (expander.Edit, error) {
	if f.Rule < 0 || f.Rule >= len(s.Snippets) {
		return Finish(t, env, e, f)
	}
	sn := &s.Snippets[f.Rule]
	if sn.Format == format.Plain && sn.ImagePath == "" {
		return Finish(t, env, e, f)
	}
	var rd snippets.Rendered
	if sn.ImagePath != "" {
		rd.Image = sn.Image
	} else {
		r, err := format.Render(sn.Format, t, env)
		if err != nil {
			var missing *placeholder.MissingError
			if errors.As(err, &missing) {
				return e, &MissingError{Names: missing.Names}
			}
			return e, err
		}
		rd = snippets.Rendered{Text: r.Text, HTML: r.HTML, Left: r.Left, HTMLLeft: r.HTMLLeft}
	}
	return formattedEdit(e, rd, f, rich), nil
}

// formattedEdit puts a rendered formatted or image reply on e, shaped the
// way the typed trigger asked (case, the separator after a word trigger).
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
