package examples_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/kindly-support/kindly/examples"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/format"
	"github.com/kindly-support/kindly/snippets/placeholder"
)

// The starter pack loads clean, has at least 40 replies, and every reply
// that greets the customer does so by name with a fallback and is signed
// from the profile.
func TestStarterPack(t *testing.T) {
	lib, problems, err := snippets.LoadFS(examples.Starter, examples.StarterDir)
	if err != nil || len(problems) > 0 {
		t.Fatalf("starter pack: %v %v", err, problems)
	}
	if n := len(lib.Snippets); n < 40 {
		t.Fatalf("%d replies, want at least 40", n)
	}
	greeting := regexp.MustCompile(`(?m)^(Hi|Hello|Dear)\b`)
	greets := 0
	for _, s := range lib.Snippets {
		if _, errs := placeholder.Parse(s.Replace); len(errs) > 0 {
			t.Errorf("%s: %v", s.Triggers[0], errs)
		}
		if !greeting.MatchString(s.Replace) {
			continue
		}
		greets++
		if !strings.Contains(s.Replace, "{{customer|") {
			t.Errorf("%s greets without {{customer|…}}: %q", s.Triggers[0], s.Replace)
		}
		if !strings.Contains(s.Replace, "{{agent}}") {
			t.Errorf("%s greets but is not signed with {{agent}}", s.Triggers[0])
		}
		if strings.Contains(s.Replace, "Hi ,") {
			t.Errorf("%s has a gap", s.Triggers[0])
		}
	}
	if greets < 40 {
		t.Errorf("only %d greeting replies", greets)
	}
}

// The email replies that send the customer to the help center or list steps
// are markdown: they link to the agent's {{help_center}} (with a fallback,
// so they work before it is set), render without a mistake, and their plain
// twin keeps every link's address.
func TestStarterFormattedReplies(t *testing.T) {
	lib, _, err := snippets.LoadFS(examples.Starter, examples.StarterDir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{";;help", ";;faq", ";;account", ";;cache", ";;restart", ";;reset", ";;card", ";;return", ";;welcome", ";;setup", ";;policy"}
	for _, tr := range want {
		s, ok := lib.Find(tr)
		if !ok || s.Format != format.Markdown {
			t.Errorf("%s is not a markdown reply", tr)
		}
	}
	n := 0
	for i := range lib.Snippets {
		s := &lib.Snippets[i]
		if s.Format == format.Plain {
			if strings.Contains(s.Replace, "](") || strings.Contains(s.Replace, "**") {
				t.Errorf("%s is plain but holds markdown", s.Triggers[0])
			}
			continue
		}
		n++
		if !hasTag(s.Tags, "email") {
			t.Errorf("%s: formatted replies are for email (help-desk editors)", s.Triggers[0])
		}
		if ms := format.Check(s.Format, s.Replace); len(ms) > 0 {
			t.Errorf("%s: %v", s.Triggers[0], ms)
		}
		links := format.Links(s.Format, s.Replace)
		if len(links) == 0 {
			t.Errorf("%s links nothing", s.Triggers[0])
		}
		for _, l := range links {
			if !strings.HasPrefix(l.Href, "{{help_center|https://help.example.com}}") && l.Href != `{{article "Link to the article"}}` {
				t.Errorf("%s links %q, not the help center", s.Triggers[0], l.Href)
			}
		}
		for _, prof := range []map[string]string{{"agent": "Sam"}, {"agent": "Sam", "help_center": "https://support.acme.example"}} {
			r, err := s.Render(placeholder.Env{Profile: prof, Values: map[string]string{"article": "https://support.acme.example/a/1"}})
			if err != nil {
				t.Fatalf("%s: %v", s.Triggers[0], err)
			}
			site := "https://help.example.com"
			if prof["help_center"] != "" {
				site = prof["help_center"]
			}
			if !strings.Contains(r.HTML, `<a href="`) || strings.Contains(r.Text, "**") || strings.Contains(r.Text, "](") ||
				!strings.Contains(r.Text, " ["+site) && !strings.Contains(r.Text, " [https://support.acme.example/a/1]") {
				t.Errorf("%s renders to\n%s\n%s", s.Triggers[0], r.HTML, r.Text)
			}
			if !strings.HasPrefix(r.Text, "Hi there,\n\n") || !strings.HasSuffix(r.Text, "Best regards,\nSam") {
				t.Errorf("%s twin: %q", s.Triggers[0], r.Text)
			}
		}
	}
	if n != len(want) {
		t.Errorf("%d formatted replies, want %d", n, len(want))
	}
}

func hasTag(tags []string, tag string) bool {
	for _, t := range tags {
		if t == tag {
			return true
		}
	}
	return false
}
