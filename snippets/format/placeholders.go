package format

import (
	"regexp"
	"strconv"
	"strings"
)

// placeholderRe is a {{…}} placeholder in a source not yet rendered.
var placeholderRe = regexp.MustCompile(`\{\{[^{}]*\}\}`)

// hidePlaceholders replaces every placeholder of src with a token of the
// same length made of letters and digits ("kph0qxxxxx": no space, quote,
// markup, nor anything a link address would percent-encode), so the
// source can be read as markdown or HTML before rendering: a fill-in with
// a label, {{article "Link to the article"}}, works as a link address
// once rendered. show puts the placeholders back into any text made from
// the hidden source.
func hidePlaceholders(src string) (hidden string, show *strings.Replacer) {
	var pairs []string
	i := 0
	hidden = placeholderRe.ReplaceAllStringFunc(src, func(p string) string {
		tok := "kph" + strconv.Itoa(i) + "q"
		if len(p) < len(tok) {
			return p // too short to carry its number: "{{a}}" holds nothing to hide
		}
		i++
		tok += strings.Repeat("x", len(p)-len(tok))
		pairs = append(pairs, tok, p)
		return tok
	})
	return hidden, strings.NewReplacer(pairs...)
}

// Preview is the plain twin of a source whose placeholders are not rendered
// (a library listing, a search result): placeholders are shown as written.
func Preview(k Kind, src string) string {
	if k == Plain {
		return src
	}
	hidden, show := hidePlaceholders(src)
	return show.Replace(Convert(k, hidden).Text)
}
