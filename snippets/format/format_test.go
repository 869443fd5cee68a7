package format

import (
	"strings"
	"testing"

	"github.com/kindly-support/kindly/snippets/placeholder"
)

func TestMarkdown(t *testing.T) {
	for _, c := range []struct {
		name, src, html, twin string
	}{
		{"one paragraph goes in inline",
			"Thanks, **Sam**: see [our guide](https://help.example.com/a).",
			`Thanks, <strong>Sam</strong>: see <a href="https://help.example.com/a">our guide</a>.`,
			"Thanks, Sam: see our guide [https://help.example.com/a]."},
		{"the YAML's lines stay lines",
			"Hi Sam,\nthanks for writing.",
			"Hi Sam,<br>\nthanks for writing.",
			"Hi Sam,\nthanks for writing."},
		{"paragraphs and numbered steps",
			"Hi Sam,\n\nPlease try this:\n\n1. Sign out.\n2. Clear the **cache**.\n3. Sign in again.\n\nBest,\nAlex",
			"<p>Hi Sam,</p>\n<p>Please try this:</p>\n<ol>\n<li>Sign out.</li>\n<li>Clear the <strong>cache</strong>.</li>\n<li>Sign in again.</li>\n</ol>\n<p>Best,<br>\nAlex</p>",
			"Hi Sam,\n\nPlease try this:\n\n1. Sign out.\n2. Clear the cache.\n3. Sign in again.\n\nBest,\nAlex"},
		{"bullets, nested, and a start number",
			"- one\n  - inner\n- two\n\n3. three\n4. four",
			"<ul>\n<li>one\n<ul>\n<li>inner</li>\n</ul>\n</li>\n<li>two</li>\n</ul>\n<ol start=\"3\">\n<li>three</li>\n<li>four</li>\n</ol>",
			"- one\n  - inner\n- two\n\n3. three\n4. four"},
		{"autolinks are links, shown once in the twin",
			"Go to https://help.example.com now",
			`Go to <a href="https://help.example.com">https://help.example.com</a> now`,
			"Go to https://help.example.com now"},
		{"strikethrough and emphasis",
			"~~old~~ *new* _too_",
			"<del>old</del> <em>new</em> <em>too</em>",
			"old new too"},
		{"a table",
			"| Plan | Price |\n| --- | --- |\n| Basic | $5 |",
			"<table>\n<thead>\n<tr>\n<th>Plan</th>\n<th>Price</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>Basic</td>\n<td>$5</td>\n</tr>\n</tbody>\n</table>",
			"Plan | Price\nBasic | $5"},
		{"a quote",
			"You wrote:\n\n> it broke\n> twice",
			"<p>You wrote:</p>\n<blockquote>\n<p>it broke<br>\ntwice</p>\n</blockquote>",
			"You wrote:\n\n> it broke\n> twice"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := Convert(Markdown, c.src)
			if r.HTML != c.html {
				t.Errorf("HTML:\n got %q\nwant %q", r.HTML, c.html)
			}
			if r.Text != c.twin {
				t.Errorf("twin:\n got %q\nwant %q", r.Text, c.twin)
			}
		})
	}
}

func TestSanitize(t *testing.T) {
	for _, c := range []struct {
		name     string
		kind     Kind
		src      string
		html     string
		twin     string
		mistakes []string
	}{
		{"script and style go with their content", HTML,
			`<p>Hi<script>alert(1)</script><style>p{color:red}</style></p>`,
			"<p>Hi</p>", "Hi",
			[]string{"<script> is dropped", "<style> is dropped"}},
		{"event handlers go, the image stays", HTML,
			`<img src="https://x.example/a.png" onerror="alert(1)" alt="logo">`,
			`<img src="https://x.example/a.png" alt="logo">`, "logo",
			[]string{"the onerror= handler on <img> is dropped"}},
		{"javascript: links lose their href", HTML,
			`<a href="javascript:alert(1)">click</a> and <a href="https://ok.example/">ok</a>`,
			`click and <a href="https://ok.example/">ok</a>`, "click and ok [https://ok.example/]",
			[]string{"javascript: links are dropped"}},
		{"raw HTML in markdown is sanitised too", Markdown,
			"Hi <b onclick=\"x()\">there</b>\n\n<script>alert(1)</script>",
			"<p>Hi <b>there</b></p>", "Hi there",
			[]string{"the onclick= handler on <b> is dropped", "<script> is dropped"}},
		{"links and lists are kept", HTML,
			`<ol><li><a href="mailto:help@example.com">help@example.com</a></li><li><b>Restart</b></li></ol>`,
			`<ol><li><a href="mailto:help@example.com">help@example.com</a></li><li><b>Restart</b></li></ol>`,
			"1. help@example.com\n2. Restart", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := Convert(c.kind, c.src)
			if r.HTML != c.html {
				t.Errorf("HTML:\n got %q\nwant %q", r.HTML, c.html)
			}
			if r.Text != c.twin {
				t.Errorf("twin:\n got %q\nwant %q", r.Text, c.twin)
			}
			ms := Check(c.kind, c.src)
			if len(ms) != len(c.mistakes) {
				t.Fatalf("mistakes: got %v, want %v", ms, c.mistakes)
			}
			for i, m := range ms {
				if !strings.HasPrefix(m.Msg, c.mistakes[i]) {
					t.Errorf("mistake %d: got %q, want it to start with %q", i, m.Msg, c.mistakes[i])
				}
			}
		})
	}
}

func TestCheckPlaces(t *testing.T) {
	src := "Hi\n\nSee [the guide](my page) or [that][nowhere].\n<b>x</b> <i onclick=\"y\">z</i>"
	ms := Check(Markdown, src)
	want := []struct {
		at     string
		prefix string
	}{
		{"[the guide](my page)", `"[the guide](my page)" is not a link`},
		{"[that][nowhere]", `"[that][nowhere]" is not a link: no [reference]`},
		{"onclick", "the onclick= handler"},
	}
	if len(ms) != len(want) {
		t.Fatalf("got %v", ms)
	}
	for i, w := range want {
		if ms[i].Offset != strings.Index(src, w.at) || !strings.HasPrefix(ms[i].Msg, w.prefix) {
			t.Errorf("mistake %d: got %d %q, want %d %q…", i, ms[i].Offset, ms[i].Msg, strings.Index(src, w.at), w.prefix)
		}
	}

	h := "<p>Hi <b>there</p>\n</i>ok <em>fine</em>"
	ms = Check(HTML, h)
	if len(ms) != 2 || ms[0].Offset != strings.Index(h, "<b>") || ms[0].Msg != "<b> is never closed (</p> comes first)" ||
		ms[1].Offset != strings.Index(h, "</i>") || ms[1].Msg != "</i> closes a tag that is not open" {
		t.Errorf("HTML mistakes: %v", ms)
	}
	if ms := Check(HTML, "<ul><li>a<li>b</ul><p>c<br>d"); len(ms) != 0 {
		t.Errorf("optional end tags are not mistakes: %v", ms)
	}
}

func TestEscape(t *testing.T) {
	for _, c := range []struct {
		kind        Kind
		value, twin string
	}{
		{Markdown, "*Sam* _Lee_ <b>x</b> [a](b) `c` ~~d~~ #1 a|b & &amp;", "*Sam* _Lee_ <b>x</b> [a](b) `c` ~~d~~ #1 a|b & &amp;"},
		{Markdown, "1. not a list\n- nor this\n+ nor\n===\n> quote", "1. not a list\n- nor this\n+ nor\n===\n> quote"},
		{Markdown, `back\slash`, `back\slash`},
		{HTML, "<script>alert(1)</script> & \"quotes\"\nnext line", "<script>alert(1)</script> & \"quotes\"\nnext line"},
	} {
		tpl, errs := placeholder.Parse("Dear {{name}}: ok")
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		r, err := Render(c.kind, tpl, placeholder.Env{Values: map[string]string{"name": c.value}})
		if err != nil {
			t.Fatal(err)
		}
		if want := "Dear " + c.twin + ": ok"; r.Text != want {
			t.Errorf("%v %q: twin\n got %q\nwant %q", c.kind, c.value, r.Text, want)
		}
		if strings.Contains(r.HTML, "<b>x") || strings.Contains(r.HTML, "<script") || strings.Contains(r.HTML, "<em>") ||
			strings.Contains(r.HTML, "<ol") || strings.Contains(r.HTML, "<ul") || strings.Contains(r.HTML, "<blockquote") || strings.Contains(r.HTML, "<h") {
			t.Errorf("%v %q: a value changed the formatting: %q", c.kind, c.value, r.HTML)
		}
	}
}

func TestRenderPlaceholders(t *testing.T) {
	tpl, errs := placeholder.Parse("Hi {{name|there}},\n\nsee [our guide]({{help_center|https://help.example.com}}/returns) for **{{order}}**.$|$\n\n- {{clipboard}}")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	env := placeholder.Env{
		Profile:   map[string]string{"help_center": "https://support.acme.example"},
		Values:    map[string]string{"order": "#4_512*"},
		Clipboard: func() (string, error) { return "<img src=x onerror=alert(1)>", nil },
	}
	r, err := Render(Markdown, tpl, env)
	if err != nil {
		t.Fatal(err)
	}
	wantHTML := "<p>Hi there,</p>\n<p>see <a href=\"https://support.acme.example/returns\">our guide</a> for <strong>#4_512*</strong>.</p>\n<ul>\n<li>&lt;img src=x onerror=alert(1)&gt;</li>\n</ul>"
	if r.HTML != wantHTML {
		t.Errorf("HTML:\n got %q\nwant %q", r.HTML, wantHTML)
	}
	wantTwin := "Hi there,\n\nsee our guide [https://support.acme.example/returns] for #4_512*.\n\n- <img src=x onerror=alert(1)>"
	if r.Text != wantTwin {
		t.Errorf("twin:\n got %q\nwant %q", r.Text, wantTwin)
	}
	if want := len([]rune("\n\n- <img src=x onerror=alert(1)>")); r.Left != want {
		t.Errorf("caret: %d from the end, want %d", r.Left, want)
	}
	// In the editor: one step to the list item, then its text.
	if want := 1 + len([]rune("<img src=x onerror=alert(1)>")); r.HTMLLeft != want {
		t.Errorf("caret in HTML: %d from the end, want %d", r.HTMLLeft, want)
	}
	if strings.Contains(r.HTML, Caret) || strings.Contains(r.Text, Caret) {
		t.Error("the caret mark was left in")
	}
}

func TestLinks(t *testing.T) {
	src := "[guide]({{help_center|https://a.example}}/x) [](https://b.example) [x](javascript:alert(1)) <https://c.example> <a href=\"ftp://d\">d</a>"
	got := Links(Markdown, src)
	at := func(s string) int { return strings.Index(src, s) }
	want := []Link{{"guide", "{{help_center|https://a.example}}/x", at("{{help")}, {"", "https://b.example", at("https://b")},
		{"x", "javascript:alert(1)", at("javascript")}, {"https://c.example", "https://c.example", at("https://c")}, {"d", "ftp://d", at("ftp")}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("link %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestMask(t *testing.T) {
	for _, c := range []struct {
		kind      Kind
		src, want string
	}{
		{Markdown, "Hi **{{name}}**,\n\n1. See [our guide](https://a.example) now.\n- <b>x</b> https://b.example",
			"Hi   {{name}}  ,\n\n   See  our guide                     now.\n     x     https://b.example"},
		{HTML, "<p>Hi <b>you</b></p><script>x()</script>\n<a href=\"https://a\">go</a>",
			"   Hi    you                            \n                    go    "},
	} {
		got := Mask(c.kind, c.src)
		if got != c.want || len(got) != len(c.src) {
			t.Errorf("%v:\n got %q\nwant %q", c.kind, got, c.want)
		}
	}
}

func TestShape(t *testing.T) {
	src := `thanks, <b>see</b> <a href="https://a.example/x">the guide</a>`
	if got, want := Shape(src, strings.ToUpper, false), `THANKS, <b>SEE</b> <a href="https://a.example/x">THE GUIDE</a>`; got != want {
		t.Errorf("upper: %q", got)
	}
	capital := func(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
	if got, want := Shape("<p><b>thanks</b> a lot</p>", capital, true), "<p><b>Thanks</b> a lot</p>"; got != want {
		t.Errorf("capitalized: %q", got)
	}
}

func TestCaretBetweenSpaces(t *testing.T) {
	r := Convert(Markdown, "1. Open **Settings**.\n2. Choose "+Caret+" and save.")
	if r.HTML != "<ol>\n<li>Open <strong>Settings</strong>.</li>\n<li>Choose &nbsp;and save.</li>\n</ol>" {
		t.Errorf("HTML %q", r.HTML)
	}
	if r.Text != "1. Open Settings.\n2. Choose  and save." || r.Left != len(" and save.") {
		t.Errorf("twin %q, caret %d", r.Text, r.Left)
	}
	if r.HTMLLeft != len(" and save.") {
		t.Errorf("caret in HTML %d", r.HTMLLeft)
	}
}

func TestPreviewKeepsPlaceholders(t *testing.T) {
	src := "See [our guide]({{help_center|https://help.example.com}}/reset) or [that]({{article \"Link\"}}), {{agent}}."
	want := "See our guide [{{help_center|https://help.example.com}}/reset] or that [{{article \"Link\"}}], {{agent}}."
	if got := Preview(Markdown, src); got != want {
		t.Errorf("preview:\n got %q\nwant %q", got, want)
	}
}
