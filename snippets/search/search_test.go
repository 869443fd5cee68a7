package search_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/search"
)

func loadIndex(t testing.TB, dir string) *search.Index {
	t.Helper()
	lib, ps, err := snippets.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if snippets.HasErrors(ps) {
		t.Fatalf("library %s: %v", dir, ps)
	}
	return search.New(lib)
}

// firstTriggers lists the first trigger of each result.
func firstTriggers(rs []search.Result) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.Snippet.Triggers[0])
	}
	return out
}

func TestRanking(t *testing.T) {
	ix := loadIndex(t, "testdata")
	tests := []struct {
		name   string
		query  string
		o      search.Options
		want   []string // the results in order; with prefix, only the first ones
		prefix bool
	}{
		// Exact trigger first.
		{name: "exact trigger", query: ";refund", want: []string{";refund", ";;refund"}, prefix: true},
		{name: "exact email trigger", query: ";;refund", want: []string{";;refund"}, prefix: true},
		{name: "exact beats the trigger it starts", query: ";ref", want: []string{";ref", ";refund"}, prefix: true},
		{name: "exact ignores case", query: ";LATE", want: []string{";late"}, prefix: true},
		{name: "second trigger exact", query: ";pass", want: []string{";pw"}},
		{name: "exact beats heavy use", query: ";refund", o: search.Options{Uses: map[string]int{";;refund": 1000}},
			want: []string{";refund", ";;refund"}, prefix: true},
		// Label words, then the rest.
		{name: "label word before reply text", query: "refund",
			want: []string{";refund", ";;refund", ";cancel"}},
		{name: "label words in any order", query: "delayed order", want: []string{";late"}},
		{name: "label word prefix", query: "delay", want: []string{";late"}},
		{name: "label words, several replies", query: "way refund", want: []string{";refund", ";;refund", ";cancel"}},
		{name: "tag word", query: "shipping", want: []string{";late", ";track"}},
		{name: "reply text", query: "parcel", want: []string{";track"}},
		{name: "reply word prefix", query: "subscr", want: []string{";cancel"}},
		{name: "label over reply", query: "password", want: []string{";pw"}},
		// Typos.
		{name: "typo: swapped letters", query: "refnud", want: []string{";refund", ";;refund"}, prefix: true},
		{name: "typo: missing letter", query: "pasword", want: []string{";pw"}, prefix: true},
		{name: "typo: wrong letter", query: "trackimg", want: []string{";track"}, prefix: true},
		{name: "typo: two in a long word", query: "subscirpton", want: []string{";cancel"}},
		{name: "fuzzy inside a word", query: "rfnd", want: []string{";refund", ";;refund"}, prefix: true},
		{name: "fuzzy over a label", query: "ordel", want: []string{";late"}, prefix: true},
		{name: "short terms need a prefix", query: "xz", want: []string{}},
		{name: "no match", query: "xylophone", want: []string{}},
		// Tags filter.
		{name: "tag filter", query: "refund", o: search.Options{Tag: "email"}, want: []string{";;refund"}},
		{name: "tag filter ignores case", query: "", o: search.Options{Tag: "SHIPPING"}, want: []string{";late", ";track"}},
		{name: "unknown tag", query: "refund", o: search.Options{Tag: "nope"}, want: []string{}},
		// Usage counts.
		{name: "uses reorder a tier", query: "refund", o: search.Options{Uses: map[string]int{";;refund": 30}},
			want: []string{";;refund", ";refund", ";cancel"}},
		{name: "uses do not cross tiers", query: "refund", o: search.Options{Uses: map[string]int{";cancel": 100000}},
			want: []string{";refund", ";;refund", ";cancel"}},
		{name: "uses of every trigger count", query: "", o: search.Options{Uses: map[string]int{";pass": 2, ";track": 3, ";pw": 2}},
			want: []string{";pw", ";track", ";refund"}, prefix: true},
		// Empty query and punctuation only.
		{name: "empty query: library order", query: "  ", want: []string{";refund", ";;refund", ";late", ";ref", ";track", ";pw", ";bye", ";cancel"}},
		{name: "punctuation only", query: ";;", want: []string{";;refund"}},
		{name: "limit", query: "", o: search.Options{Limit: 2}, want: []string{";refund", ";;refund"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := firstTriggers(ix.Search(tt.query, tt.o))
			if tt.prefix && len(got) > len(tt.want) {
				got = got[:len(tt.want)]
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Search(%q) = %q, want %q", tt.query, got, tt.want)
			}
		})
	}
}

func TestScoresDescend(t *testing.T) {
	ix := loadIndex(t, "testdata")
	for _, q := range []string{"refund", "re", ";", "sorry", "your", ""} {
		rs := ix.Search(q, search.Options{Uses: map[string]int{";bye": 4}})
		if !slices.IsSortedFunc(rs, func(a, b search.Result) int { return b.Score - a.Score }) {
			t.Errorf("Search(%q): scores not descending", q)
		}
	}
}

func TestExactFlag(t *testing.T) {
	ix := loadIndex(t, "testdata")
	rs := ix.Search(";Ref", search.Options{})
	if len(rs) < 2 || !rs[0].Exact || rs[1].Exact {
		t.Fatalf("Exact flags: %+v", rs)
	}
}

// show renders a hit with its matched characters in brackets.
func show(text string, pos []int) string {
	var b strings.Builder
	for _, s := range search.Spans(text, pos) {
		if s.Matched {
			b.WriteString("[" + s.Text + "]")
		} else {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

func TestHits(t *testing.T) {
	ix := loadIndex(t, "testdata")
	tests := []struct {
		query string
		field search.Field
		shown string // the first hit of the first result
	}{
		{";refund", search.FieldTrigger, "[;refund]"},
		{"refund", search.FieldTrigger, ";[refund]"},
		{";re", search.FieldTrigger, "[;re]f"},
		{"delay", search.FieldLabel, "Order [delay]ed"},
		{"ordel", search.FieldLabel, "[Order] delayed"},
		{"refnud", search.FieldTrigger, ";[refund]"},
		{"rfnd", search.FieldTrigger, ";[r]e[f]u[nd]"},
		{"parcel", search.FieldReply, "You can follow your [parcel] here: {{link}}"},
		{"passw", search.FieldLabel, "[Passw]ord reset"},
		{"shipping", search.FieldTag, "[shipping]"},
	}
	for _, tt := range tests {
		rs := ix.Search(tt.query, search.Options{})
		if len(rs) == 0 || len(rs[0].Hits) == 0 {
			t.Errorf("Search(%q): no hits", tt.query)
			continue
		}
		h := rs[0].Hits[0]
		if got := show(h.Text, h.Positions); h.Field != tt.field || got != tt.shown {
			t.Errorf("Search(%q) first hit = %s %q, want %s %q", tt.query, h.Field, got, tt.field, tt.shown)
		}
	}
}

func TestHitsMergeTermsInOneField(t *testing.T) {
	ix := loadIndex(t, "testdata")
	rs := ix.Search("order delayed", search.Options{})
	h := rs[0].Hits[0]
	if got := show(h.Text, h.Positions); got != "[Order] [delayed]" || len(rs[0].Hits) != 1 {
		t.Errorf("hits %+v, shown %q", rs[0].Hits, got)
	}
}

func TestExcerpt(t *testing.T) {
	long := "Hello,\n\nThank you for writing to us. I have looked at your order and the parcel left our warehouse on Monday; it should reach you this week."
	i := strings.Index(long, "parcel")
	tests := []struct {
		h     search.Hit
		width int
		want  string
	}{
		{search.Hit{Text: "Short\treply", Positions: []int{0}}, 40, "[S]hort reply"},
		{search.Hit{Text: long, Positions: []int{i, i + 1}}, 40, "…order and the [pa]rcel left our…"},
		{search.Hit{Text: long, Positions: []int{0}}, 20, "[H]ello, Thank you…"},
		{search.Hit{Text: long, Positions: []int{len(long) - 5}}, 20, "…you this [w]eek."},
		{search.Hit{Text: "abcdefghijklmnopqrstuvwxyz", Positions: []int{13}}, 10, "…lm[n]opqrs…"},
		{search.Hit{Text: "Où est ma commande ?", Positions: []int{1}}, 40, "O[ù] est ma commande ?"},
	}
	for _, tt := range tests {
		text, pos := tt.h.Excerpt(tt.width)
		if got := show(text, pos); got != tt.want {
			t.Errorf("Excerpt(%d) = %q, want %q", tt.width, got, tt.want)
		}
		if n := len([]rune(text)); n > tt.width {
			t.Errorf("Excerpt(%d) is %d characters long", tt.width, n)
		}
	}
}

func TestSpans(t *testing.T) {
	got := search.Spans("héllo", []int{1, 3})
	want := []search.Span{{"h", false}, {"él", true}, {"lo", false}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Spans = %+v, want %+v", got, want)
	}
	if got := search.Spans("", nil); len(got) != 0 {
		t.Errorf("Spans of empty = %+v", got)
	}
}

func TestEmptyLibrary(t *testing.T) {
	if rs := search.New(nil).Search("x", search.Options{}); len(rs) != 0 {
		t.Errorf("results from a nil library: %v", rs)
	}
}
