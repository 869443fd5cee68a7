package format

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Mask returns src (a reply of kind k) with everything but its text blanked
// out by spaces: markdown's markers (**, [, ](address), list markers, #),
// HTML tags and what scripts and styles hold. Line breaks stay, and every
// byte keeps its offset, so a check that reads the text (tone, length,
// greeting) can point at the source. Plain replies come back as they are.
func Mask(k Kind, src string) string {
	switch k {
	case Markdown:
		return maskMarkdown(src)
	case HTML:
		return maskHTML(src)
	}
	return src
}

func blank(src string) []byte {
	out := []byte(src)
	for i, b := range out {
		if b != '\n' && b != '\r' {
			out[i] = ' '
		}
	}
	return out
}

func maskMarkdown(src string) string {
	b := []byte(src)
	out := blank(src)
	keep := func(start, stop int) {
		copy(out[start:stop], b[start:stop])
	}
	ast.Walk(parseMarkdown(b), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			keep(n.Segment.Start, n.Segment.Stop)
		case *ast.AutoLink:
			// its label is the address as written
		case *east.TaskCheckBox:
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			ls := n.Lines()
			for i := 0; i < ls.Len(); i++ {
				s := ls.At(i)
				keep(s.Start, s.Stop)
			}
		case *ast.RawHTML, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	ast.Walk(parseMarkdown(b), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if a, ok := n.(*ast.AutoLink); ok && entering {
			url := a.URL(b)
			if i := strings.Index(src, string(url)); i >= 0 {
				keep(i, i+len(url))
			}
		}
		return ast.WalkContinue, nil
	})
	return string(out)
}

func maskHTML(src string) string {
	out := blank(src)
	z := html.NewTokenizer(strings.NewReader(src))
	off := 0
	skip := 0 // inside script or style
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return string(out)
		}
		raw := len(z.Raw())
		switch tt {
		case html.StartTagToken:
			if name, _ := z.TagName(); a(name) == atom.Script || a(name) == atom.Style {
				skip++
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); (a(name) == atom.Script || a(name) == atom.Style) && skip > 0 {
				skip--
			}
		case html.TextToken:
			if skip == 0 {
				copy(out[off:off+raw], src[off:off+raw])
			}
		}
		off += raw
	}
}

func a(name []byte) atom.Atom { return atom.Lookup(name) }
