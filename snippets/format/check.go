package format

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Mistake is something wrong in a formatted reply's source, at a byte
// offset in it.
type Mistake struct {
	Offset int
	Msg    string
}

// Check finds the mistakes in the source of a reply of kind k (placeholders
// not rendered): raw HTML the sanitiser will drop (scripts, styles, event
// handlers, javascript: links), markdown links and references that did not
// become links, and in HTML, tags closed that were never opened or opened
// and never closed. Plain replies have none.
func Check(k Kind, src string) []Mistake {
	if k == Plain {
		return nil
	}
	src, show := hidePlaceholders(src)
	ms := check(k, src)
	for i := range ms {
		ms[i].Msg = show.Replace(ms[i].Msg)
	}
	return ms
}

func check(k Kind, src string) []Mistake {
	var raw string
	var ms []Mistake
	switch k {
	case Markdown:
		b := []byte(src)
		var buf bytes.Buffer
		if err := markdown().Renderer().Render(&buf, b, parseMarkdown(b)); err == nil {
			raw = buf.String()
		}
		ms = append(ms, brokenLinks(src)...)
	case HTML:
		raw = src
		ms = append(ms, unbalanced(src)...)
	default:
		return nil
	}
	ms = append(ms, dropped(src, raw)...)
	return ms
}

// unsafeElements are dropped with everything inside them.
var unsafeElements = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Iframe: true, atom.Object: true, atom.Embed: true,
	atom.Form: true, atom.Frame: true, atom.Frameset: true, atom.Link: true, atom.Meta: true, atom.Base: true,
	atom.Svg: true, atom.Math: true,
}

var badScheme = regexp.MustCompile(`(?i)^\s*(javascript|vbscript|data|file):`)

// dropped reports what the sanitiser will remove from raw (the HTML the
// reply renders to), at its place in src.
func dropped(src, raw string) []Mistake {
	var ms []Mistake
	seen := map[string]int{} // how often each piece was found in src already
	at := func(piece string) int {
		from := seen[strings.ToLower(piece)]
		i := strings.Index(strings.ToLower(src[from:]), strings.ToLower(piece))
		if i < 0 {
			return 0
		}
		seen[strings.ToLower(piece)] = from + i + 1
		return from + i
	}
	z := html.NewTokenizer(strings.NewReader(raw))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				return ms
			}
			return ms
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		t := z.Token()
		if unsafeElements[t.DataAtom] {
			ms = append(ms, Mistake{at("<" + t.Data), fmt.Sprintf("<%s> is dropped with what it holds: a reply carries content, never code or styles", t.Data)})
			continue
		}
		for _, a := range t.Attr {
			switch {
			case strings.HasPrefix(strings.ToLower(a.Key), "on"):
				ms = append(ms, Mistake{at(a.Key), fmt.Sprintf("the %s= handler on <%s> is dropped: a reply carries content, never code", a.Key, t.Data)})
			case (a.Key == "href" || a.Key == "src") && badScheme.MatchString(a.Val):
				scheme, _, _ := strings.Cut(strings.TrimSpace(a.Val), ":")
				ms = append(ms, Mistake{at(scheme + ":"), fmt.Sprintf("%s: links are dropped; link to an http or https address", strings.ToLower(scheme))})
			case a.Key == "style":
				ms = append(ms, Mistake{at("style="), fmt.Sprintf("the style= attribute on <%s> is dropped: help desks keep their own styles", t.Data)})
			}
		}
	}
}

var leftLink = regexp.MustCompile(`\[[^\]\n]*\]\([^)\n]*\)|\[[^\]\n]+\]\[[^\]\n]*\]`)

// brokenLinks finds markdown link syntax that stayed text: "[guide](my
// page)" with a space in the address, "[guide][ref]" without the reference.
func brokenLinks(src string) []Mistake {
	twin := Twin(markdownHTML(src))
	var ms []Mistake
	from := 0
	for _, m := range leftLink.FindAllString(twin, -1) {
		i := strings.Index(src[from:], m)
		off := 0
		if i >= 0 {
			off = from + i
			from = off + len(m)
		}
		msg := fmt.Sprintf("%q is not a link: an address cannot hold spaces (write %%20) and must be in ( ) right after the [text]", m)
		if strings.Contains(m, "][") {
			msg = fmt.Sprintf("%q is not a link: no [reference]: address line defines it", m)
		}
		ms = append(ms, Mistake{off, msg})
	}
	return ms
}

// optionalEnd are elements whose end tag HTML lets one leave out.
var optionalEnd = map[atom.Atom]bool{
	atom.P: true, atom.Li: true, atom.Dt: true, atom.Dd: true, atom.Tr: true, atom.Td: true, atom.Th: true,
	atom.Thead: true, atom.Tbody: true, atom.Tfoot: true, atom.Option: true, atom.Colgroup: true,
	atom.Caption: true, atom.Rt: true, atom.Rp: true, atom.Optgroup: true,
}

// void elements have no end tag.
var void = map[atom.Atom]bool{
	atom.Br: true, atom.Img: true, atom.Hr: true, atom.Input: true, atom.Wbr: true, atom.Col: true,
	atom.Area: true, atom.Source: true, atom.Track: true, atom.Meta: true, atom.Link: true, atom.Base: true, atom.Embed: true,
}

// unbalanced reports end tags that close nothing and tags never closed.
func unbalanced(src string) []Mistake {
	type open struct {
		name string
		a    atom.Atom
		off  int
	}
	var stack []open
	var ms []Mistake
	z := html.NewTokenizer(strings.NewReader(src))
	off := 0
	for {
		tt := z.Next()
		raw := len(z.Raw())
		start := off
		off += raw
		switch tt {
		case html.ErrorToken:
			for _, o := range stack {
				if !optionalEnd[o.a] {
					ms = append(ms, Mistake{o.off, fmt.Sprintf("<%s> is never closed (write </%s>)", o.name, o.name)})
				}
			}
			return ms
		case html.StartTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if !void[a] {
				stack = append(stack, open{string(name), a, start})
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			n := string(name)
			i := len(stack) - 1
			for i >= 0 && stack[i].name != n {
				i--
			}
			if i < 0 {
				if !void[atom.Lookup(name)] {
					ms = append(ms, Mistake{start, fmt.Sprintf("</%s> closes a tag that is not open", n)})
				}
				continue
			}
			for _, o := range stack[i+1:] {
				if !optionalEnd[o.a] {
					ms = append(ms, Mistake{o.off, fmt.Sprintf("<%s> is never closed (</%s> comes first)", o.name, n)})
				}
			}
			stack = stack[:i]
		}
	}
}

// Link is one link of a formatted reply.
type Link struct {
	Text   string // what the reader sees, whitespace collapsed
	Href   string // the address as written (placeholders kept)
	Offset int    // where the address is written in the source (-1: unknown)
}

// Links lists the links of a reply of kind k as written (placeholders not
// rendered, nothing sanitised: a javascript: link is a mistake to report,
// not to hide), in order.
func Links(k Kind, src string) []Link {
	src, show := hidePlaceholders(src)
	var ls []Link
	switch k {
	case Markdown:
		ls = markdownLinks(src)
	case HTML:
		ls = htmlLinks(src)
	}
	for i := range ls {
		ls[i].Text, ls[i].Href = show.Replace(ls[i].Text), show.Replace(ls[i].Href)
	}
	return ls
}

func markdownLinks(src string) []Link {
	b := []byte(src)
	var out []Link
	from := 0
	find := func(href string) int {
		if href == "" {
			return -1
		}
		i := strings.Index(src[from:], href)
		if i < 0 {
			return -1
		}
		from += i + len(href)
		return from - len(href)
	}
	ast.Walk(parseMarkdown(b), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			href := string(n.Destination)
			out = append(out, Link{Text: strings.Join(strings.Fields(nodeText(n, b)), " "), Href: href, Offset: find(href)})
		case *ast.AutoLink:
			href := string(n.URL(b))
			label := string(n.Label(b))
			if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(href), "mailto:") {
				href = "mailto:" + href
			}
			out = append(out, Link{Text: label, Href: href, Offset: find(label)})
		case *ast.RawHTML, *ast.HTMLBlock:
			var raw strings.Builder
			var ls *text.Segments
			if r, ok := n.(*ast.RawHTML); ok {
				ls = r.Segments
			} else {
				ls = n.Lines()
			}
			for i := 0; i < ls.Len(); i++ {
				seg := ls.At(i)
				raw.Write(seg.Value(b))
			}
			for _, l := range htmlLinks(raw.String()) {
				l.Offset = find(l.Href)
				if _, inline := n.(*ast.RawHTML); inline && l.Text == "" {
					// <a href="…">text</a> inline: the text is in the
					// nodes up to the raw </a>.
					var t strings.Builder
					for c := n.NextSibling(); c != nil; c = c.NextSibling() {
						if r, ok := c.(*ast.RawHTML); ok && strings.Contains(strings.ToLower(string(r.Segments.Value(b))), "</a") {
							break
						}
						t.WriteString(nodeText(c, b))
					}
					l.Text = strings.Join(strings.Fields(t.String()), " ")
				}
				out = append(out, l)
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

// nodeText is the text under a markdown node.
func nodeText(n ast.Node, src []byte) string {
	var b strings.Builder
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

func htmlLinks(src string) []Link {
	nodes, err := html.ParseFragment(strings.NewReader(src), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return nil
	}
	var out []Link
	from := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.A {
			if href, ok := attrOK(n, "href"); ok {
				off := -1
				if i := strings.Index(src[from:], href); i >= 0 && href != "" {
					off = from + i
					from = off + len(href)
				}
				out = append(out, Link{Text: strings.Join(strings.Fields(textOf(n)), " "), Href: href, Offset: off})
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return out
}
