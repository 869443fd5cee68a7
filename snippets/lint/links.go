package lint

import (
	"strings"

	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/format"
)

// checkLinks: every link of a formatted reply goes to an http or https
// address (a placeholder such as {{help_center}} counts when its fallback,
// if any, is one) and has text to click.
func checkLinks(c *checker, s *snippets.Snippet) {
	orig, ok := c.source[s]
	if !ok {
		return
	}
	for _, l := range format.Links(s.Format, orig.Replace) {
		off := l.Offset
		switch {
		case !webAddress(l.Href):
			c.inReply(s, off, "link to an http:// or https:// address (or a profile value such as {{help_center|https://…}})",
				"link to %q: not an http or https address", l.Href)
		case l.Text == "":
			c.inReply(s, off, "give the link words to click: [how to reset your password](https://…)",
				"link to %q has no text", l.Href)
		}
	}
}

// webAddress reports whether href is http(s), or starts with a placeholder
// whose fallback (when it has one) is.
func webAddress(href string) bool {
	h := strings.ToLower(strings.TrimSpace(href))
	if rest, ok := strings.CutPrefix(h, "{{"); ok {
		end := strings.Index(rest, "}}")
		if end < 0 {
			return false
		}
		if _, fb, has := strings.Cut(rest[:end], "|"); has {
			return webAddress(fb)
		}
		return true
	}
	return strings.HasPrefix(h, "https://") || strings.HasPrefix(h, "http://")
}
