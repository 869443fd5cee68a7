package format

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Twin writes an HTML fragment as plain text: link text then the URL in
// brackets ("our guide [https://…]"), "- " before each bullet, "1. " before
// each numbered step (nested lists indented), a blank line between
// paragraphs, a line break for <br>, table rows with their cells separated
// by " | ". Whitespace is collapsed as a browser does, except in <pre>.
func Twin(fragment string) string {
	twin, _ := twinAndVisible(fragment)
	return twin
}

// twinAndVisible returns the twin, and the fragment's caret positions as a
// rich editor has them: its text, one line break between blocks, U+FFFC
// for an image; no list markers, link addresses or table separators.
func twinAndVisible(fragment string) (twin, visible string) {
	nodes, err := html.ParseFragment(strings.NewReader(fragment), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return fragment, fragment // x/net/html fails only on reader errors
	}
	var w twinWriter
	for _, n := range nodes {
		w.node(n)
	}
	return strings.TrimRight(w.b.String(), " \n"), strings.TrimRight(w.vis.String(), " \n")
}

// level is one list item or quote the current line sits in.
type level struct {
	marker string // written at the item's first line
	indent string // written at its other lines
	used   bool   // the marker went out
}

type twinWriter struct {
	b       strings.Builder
	vis     strings.Builder // the caret positions a rich editor has
	only    bool            // writing twin-only decoration (an address, a separator)
	levels  []*level
	breaks  int   // line breaks wanted before the next text
	lineBeg bool  // at the start of a line (or of the output)
	space   bool  // a collapsed space wanted before the next text
	pre     int   // inside <pre>
	lists   []int // per open list: the next number, or -1 for bullets
}

func (w *twinWriter) want(n int) {
	if w.b.Len() > 0 || len(w.levels) > 0 {
		w.breaks = max(w.breaks, n)
	}
	w.space = false
}

// text writes s (already collapsed or verbatim), honouring pending breaks
// and line prefixes.
func (w *twinWriter) text(s string) {
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			w.breaks++
			w.space = false
		}
		if line == "" {
			continue
		}
		w.flush()
		if w.space && !w.lineBeg {
			w.b.WriteByte(' ')
			if !w.only {
				w.vis.WriteByte(' ')
			}
		}
		w.space = false
		w.b.WriteString(strings.ReplaceAll(line, "\u00a0", " ")) // a no-break space is a space in plain text
		if !w.only {
			w.vis.WriteString(line)
		}
		w.lineBeg = false
	}
}

// flush writes the pending line breaks and the next line's prefix.
func (w *twinWriter) flush() {
	if w.b.Len() == 0 && w.breaks > 0 {
		w.breaks = 0
	}
	if w.breaks > 0 {
		for range w.breaks {
			w.b.WriteByte('\n')
		}
		if w.vis.Len() > 0 && !strings.HasSuffix(w.vis.String(), "\n") {
			w.vis.WriteByte('\n')
		}
		w.breaks = 0
		w.lineBeg = true
	}
	if w.b.Len() == 0 {
		w.lineBeg = true
	}
	if w.lineBeg {
		for _, l := range w.levels {
			if !l.used {
				w.b.WriteString(l.marker)
				l.used = true
			} else {
				w.b.WriteString(l.indent)
			}
		}
		w.space = false
	}
}

// collapse folds runs of whitespace into single spaces, remembering a
// leading or trailing one as pending.
func (w *twinWriter) collapse(s string) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r < 0x80 && isSpace(byte(r)) })
	if len(fields) == 0 {
		if s != "" {
			w.space = true
		}
		return
	}
	if isSpace(s[0]) {
		w.space = true
	}
	w.text(strings.Join(fields, " "))
	if isSpace(s[len(s)-1]) {
		w.space = true
	}
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' }

func (w *twinWriter) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c)
	}
}

func (w *twinWriter) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		if w.pre > 0 {
			w.text(n.Data)
		} else {
			w.collapse(n.Data)
		}
		return
	case html.ElementNode:
	default:
		w.children(n)
		return
	}
	switch n.DataAtom {
	case atom.Br:
		w.flush() // a line of its own for an empty line's prefix
		w.b.WriteByte('\n')
		w.vis.WriteByte('\n')
		w.lineBeg, w.space = true, false
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Section, atom.Article, atom.Aside, atom.Figure, atom.Details, atom.Summary,
		atom.Header, atom.Footer, atom.Address, atom.Dl:
		w.block(n, w.blockGap())
	case atom.Dt, atom.Dd, atom.Caption:
		w.block(n, 1)
	case atom.Pre:
		w.want(w.blockGap())
		w.pre++
		w.children(n)
		w.pre--
		w.want(w.blockGap())
	case atom.Hr:
		w.want(w.blockGap())
		w.decor("---")
		w.want(w.blockGap())
	case atom.Ul, atom.Ol:
		next := -1
		if n.DataAtom == atom.Ol {
			next = 1
			if s, err := strconv.Atoi(attr(n, "start")); err == nil {
				next = s
			}
		}
		w.want(w.blockGap())
		w.lists = append(w.lists, next)
		w.children(n)
		w.lists = w.lists[:len(w.lists)-1]
		w.want(w.blockGap())
	case atom.Li:
		marker := "- "
		if k := len(w.lists) - 1; k >= 0 && w.lists[k] >= 0 {
			marker = strconv.Itoa(w.lists[k]) + ". "
			w.lists[k]++
		}
		w.want(1)
		w.levels = append(w.levels, &level{marker: marker, indent: strings.Repeat(" ", len(marker))})
		w.children(n)
		w.levels = w.levels[:len(w.levels)-1]
		w.want(1)
	case atom.Blockquote:
		w.want(w.blockGap())
		w.levels = append(w.levels, &level{marker: "> ", indent: "> "})
		w.children(n)
		w.levels = w.levels[:len(w.levels)-1]
		w.want(w.blockGap())
	case atom.Table:
		w.want(w.blockGap())
		w.children(n)
		w.want(w.blockGap())
	case atom.Tr:
		w.want(1)
		first := true
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if !first {
				w.decor(" | ")
			}
			first = false
			w.node(c)
		}
		w.want(1)
	case atom.A:
		w.children(n)
		href := strings.TrimSpace(attr(n, "href"))
		label := strings.Join(strings.Fields(textOf(n)), " ")
		if href != "" && href != label && href != "mailto:"+label && !strings.HasPrefix(href, "#") {
			w.space = label != ""
			w.decor("[" + href + "]")
		}
	case atom.Img:
		if alt := strings.TrimSpace(attr(n, "alt")); alt != "" {
			w.only = true
			w.collapse(alt)
			w.only = false
		}
		w.vis.WriteString("\uFFFC")
	case atom.Input:
		if attr(n, "type") == "checkbox" {
			if _, on := attrOK(n, "checked"); on {
				w.decor("[x] ")
			} else {
				w.decor("[ ] ")
			}
		}
	case atom.Script, atom.Style, atom.Template, atom.Head, atom.Title:
		// never text (the sanitiser drops them too)
	default:
		w.children(n)
	}
}

// decor writes s into the twin only: it is no text in a rich editor.
func (w *twinWriter) decor(s string) {
	w.only = true
	w.text(s)
	w.only = false
}

// blockGap is the gap around a block: a blank line, or a line break inside a
// tight list item.
func (w *twinWriter) blockGap() int {
	if len(w.levels) > 0 {
		return 1
	}
	return 2
}

func (w *twinWriter) block(n *html.Node, gap int) {
	w.want(gap)
	w.children(n)
	w.want(gap)
}

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val, true
		}
	}
	return "", false
}

// textOf is the text inside n.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.ReplaceAll(b.String(), Caret, "")
}
