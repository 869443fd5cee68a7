package format

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Shape applies a case form to the text of an HTML fragment, leaving tags,
// attributes and addresses alone: to every text node, or (first) only to
// the first one that holds a letter ("Capitalized" shapes the reply's
// first letter).
func Shape(fragment string, shape func(string) string, first bool) string {
	nodes, err := html.ParseFragment(strings.NewReader(fragment), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return fragment
	}
	done := false
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if done {
			return
		}
		if n.Type == html.TextNode && strings.IndexFunc(n.Data, unicode.IsLetter) >= 0 {
			n.Data = shape(n.Data)
			done = first
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	var b strings.Builder
	for _, n := range nodes {
		walk(n)
		if err := html.Render(&b, n); err != nil {
			return fragment
		}
	}
	return b.String()
}
