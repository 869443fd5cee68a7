// Package format turns formatted replies (markdown: and html: in the
// library) into what kindly inserts: a sanitised HTML fragment for editors
// that take formatting, and a plain twin for every place that cannot
// (terminals, plain text fields, apps set `rich: false`, typed short
// replies, `kindly expand`).
//
// The path of one formatted reply:
//
//	source (markdown or HTML, placeholders already rendered, every
//	inserted value escaped with Escape)
//	  │ goldmark: CommonMark + GFM (tables, strikethrough, autolinks,
//	  │ task lists), hard line breaks so the YAML's lines stay lines
//	  ▼
//	HTML ── bluemonday: scripts, styles, event handlers and javascript:
//	  │     links dropped (a pack is content, never code)
//	  ▼
//	sanitised HTML ── one paragraph goes in inline (no <p>)
//	  │ twin: the same tree as plain text
//	  ▼
//	plain twin: link text then the URL in brackets, "- " bullets,
//	numbered steps, a blank line between paragraphs
//
// The twin is made from the sanitised tree, so it says exactly what the
// formatted reply shows, no more.
package format

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

// Kind is the language a reply is written in.
type Kind uint8

// The kinds of replies.
const (
	Plain    Kind = iota // replace: the text as it is typed
	Markdown             // markdown: CommonMark with GitHub's extensions
	HTML                 // html: an HTML fragment
)

// String returns the library key for k.
func (k Kind) String() string {
	switch k {
	case Markdown:
		return "markdown"
	case HTML:
		return "html"
	}
	return "replace"
}

// Reply is a rendered formatted reply.
type Reply struct {
	// HTML is the sanitised fragment ("" for a Plain reply).
	HTML string
	// Text is the plain twin (for Plain, the reply itself).
	Text string
	// Left is where the caret goes in Text: the characters after it (0:
	// at the end).
	Left int
	// HTMLLeft is where the caret goes once HTML is pasted into a rich
	// editor: the presses of the Left arrow from the end, counting each
	// character of text and one for each line break and each step from one
	// paragraph, list item or quote to the next (list numbers, bullets and
	// link addresses are not caret positions there).
	HTMLLeft int
}

// Caret is the character Render and Convert understand as the caret's place
// in a source; Convert removes it and reports where it was. It is
// punctuation (THREE-EM DASH), as the "$|$" it stands for is, so emphasis
// next to the caret opens and closes as written ("**bold**$|$"); no reply
// writes it.
const Caret = "\u2E3B"

// Convert turns a source of kind k into its HTML and twin, with the caret
// where Caret is in the source (Left and HTMLLeft stay 0 without one). For
// Plain, Text is src.
func Convert(k Kind, src string) Reply {
	var r Reply
	switch k {
	case Markdown:
		r.HTML = markdownHTML(src)
	case HTML:
		r.HTML = sanitize(src)
	default:
		r.Text, r.Left = cutCaret(src)
		return r
	}
	// "Choose $|$ and save": the two spaces around the caret are one in
	// HTML; the one after it becomes a no-break space, so what is typed at
	// the caret stays a word of its own.
	r.HTML = caretSpace.ReplaceAllString(r.HTML, "$1"+Caret+"&nbsp;")
	twin, visible := twinAndVisible(r.HTML)
	r.Text, r.Left = cutCaret(twin)
	_, r.HTMLLeft = cutCaret(visible)
	r.HTML = strings.ReplaceAll(r.HTML, Caret, "")
	return r
}

var caretSpace = regexp.MustCompile(`([ \t\n])` + Caret + `[ \t\n]+`)

// cutCaret removes Caret from s and says how many characters followed it.
func cutCaret(s string) (string, int) {
	i := strings.Index(s, Caret)
	if i < 0 {
		return s, 0
	}
	s = strings.ReplaceAll(s, Caret, "")
	return s, utf8.RuneCountInString(s[i:])
}

var (
	mdOnce sync.Once
	md     goldmark.Markdown
)

func markdown() goldmark.Markdown {
	mdOnce.Do(func() {
		md = goldmark.New(
			goldmark.WithExtensions(extension.GFM),
			goldmark.WithRendererOptions(html.WithHardWraps(), html.WithUnsafe()),
		)
	})
	return md
}

// parseMarkdown parses src into goldmark's document tree.
func parseMarkdown(src []byte) ast.Node {
	return markdown().Parser().Parse(text.NewReader(src))
}

// markdownHTML renders markdown to sanitised HTML; a reply that is one
// paragraph comes without the <p> around it, so it goes in inline.
func markdownHTML(src string) string {
	b := []byte(src)
	doc := parseMarkdown(b)
	var buf bytes.Buffer
	if err := markdown().Renderer().Render(&buf, b, doc); err != nil {
		// goldmark's renderer fails only when its writer does; a
		// bytes.Buffer never does.
		panic(fmt.Sprintf("format: render markdown: %v", err))
	}
	out := strings.TrimRight(buf.String(), "\n")
	if doc.ChildCount() == 1 && doc.FirstChild().Kind() == ast.KindParagraph {
		if in, ok := strings.CutPrefix(out, "<p>"); ok {
			if in, ok := strings.CutSuffix(in, "</p>"); ok {
				out = in
			}
		}
	}
	return sanitize(out)
}

var (
	policyOnce sync.Once
	policy     *bluemonday.Policy
)

// sanitize keeps what a reply may carry: text formatting, links (http,
// https, mailto), lists, tables, quotes, code, images by URL. Scripts and
// styles go with their content, event handlers and javascript: links go.
func sanitize(src string) string {
	policyOnce.Do(func() {
		p := bluemonday.UGCPolicy()
		p.RequireNoFollowOnLinks(false)
		// GFM task lists render as disabled checkboxes.
		p.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
		p.AllowAttrs("checked", "disabled").OnElements("input")
		// Steps may start at another number than 1.
		p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
		policy = p
	})
	return strings.TrimRight(policy.Sanitize(src), "\n")
}
