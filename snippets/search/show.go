package search

import (
	"strings"
	"unicode"
)

// Span is a piece of a shown text, matched or not, for highlighting.
type Span struct {
	Text    string
	Matched bool
}

// Spans cuts text into runs of matched and unmatched characters; pos are the
// byte offsets of the matched ones, ascending.
func Spans(text string, pos []int) []Span {
	var out []Span
	j := 0
	start, cur := 0, false
	for i := range text {
		for j < len(pos) && pos[j] < i {
			j++
		}
		m := j < len(pos) && pos[j] == i
		if i == 0 {
			cur = m
			continue
		}
		if m != cur {
			out = append(out, Span{text[start:i], cur})
			start, cur = i, m
		}
	}
	if start < len(text) {
		out = append(out, Span{text[start:], cur})
	}
	return out
}

// Excerpt returns a one-line piece of the hit's text of at most width
// characters around its first matched character (line breaks and tabs become
// spaces, "…" marks a cut), with the positions moved to match.
func (h Hit) Excerpt(width int) (string, []int) {
	// Flatten, remembering where each rune came from.
	type ch struct {
		r   rune
		off int
	}
	var rs []ch
	space := false
	for i, r := range h.Text {
		if unicode.IsSpace(r) {
			if space {
				continue
			}
			r, space = ' ', true
		} else {
			space = false
		}
		rs = append(rs, ch{r, i})
	}
	first := 0
	if len(h.Positions) > 0 {
		for k, c := range rs {
			if c.off >= h.Positions[0] {
				first = k
				break
			}
		}
	}
	width = max(width, 8)
	from, to := 0, len(rs)
	if len(rs) > width {
		// Start a little before the match, at a word when one begins near.
		from = max(0, first-width/4)
		for k := from; k > 0 && k > from-8; k-- {
			if rs[k-1].r == ' ' {
				from = k
				break
			}
		}
		avail := width
		if from > 0 {
			avail-- // the leading "…"
		}
		if from+avail >= len(rs) {
			// The end fits: use the whole width, starting at a word.
			from = len(rs) - (width - 1)
			for k := from; k < len(rs) && k < from+10 && k <= first; k++ {
				if rs[k-1].r == ' ' {
					from = k
					break
				}
			}
		} else {
			// Cut after a word, leaving room for the trailing "…".
			to = from + avail - 1
			for k := to; k > to-10 && k > first+1; k-- {
				if rs[k].r == ' ' {
					to = k
					break
				}
			}
		}
	}
	var b strings.Builder
	var pos []int
	if from > 0 {
		b.WriteString("…")
	}
	j := 0
	for _, c := range rs[from:to] {
		for j < len(h.Positions) && h.Positions[j] < c.off {
			j++
		}
		if j < len(h.Positions) && h.Positions[j] == c.off {
			pos = append(pos, b.Len())
		}
		b.WriteRune(c.r)
	}
	if to < len(rs) {
		b.WriteString("…")
	}
	return b.String(), pos
}
