package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kindly-support/kindly/examples"
	"github.com/kindly-support/kindly/snippets"
)

func starter(t testing.TB) *snippets.Library {
	t.Helper()
	lib, ps, err := snippets.LoadFS(examples.Starter, examples.StarterDir)
	if err != nil || snippets.HasErrors(ps) {
		t.Fatalf("starter pack: %v %v", err, ps)
	}
	return lib
}

// checkAgainstReference compares the fast scoring of each term of query with
// the naive one, snippet by snippet.
func checkAgainstReference(t *testing.T, ix *Index, query string) {
	t.Helper()
	q := strings.ToLower(strings.TrimSpace(query))
	score := make([]int32, ix.Len())
	name := make([]bool, ix.Len())
	for _, term := range terms(q) {
		clear(score)
		clear(name)
		ix.scoreTerm(term, q, score, name)
		for d := range ix.Len() {
			e := ix.evalTerm(d, term, q)
			if int(score[d]) != e.score || name[d] != e.name {
				t.Fatalf("query %q, term %q, snippet %v: fast %d/%v, reference %d/%v",
					query, term, ix.lib.Snippets[d].Triggers, score[d], name[d], e.score, e.name)
			}
		}
	}
}

func TestFastPathMatchesReference(t *testing.T) {
	ix := New(starter(t))
	for _, q := range []string{
		"sorry", ";sorr", ";;", "refund late", "refnud", "pasword", "delivery", "ordr dlay",
		"e", "re", "the", "Ünïcödé", "charge twice", "INVOICE", "x", ";;charge", "abcdefghijkl",
	} {
		checkAgainstReference(t, ix, q)
	}
}

func FuzzFastPathMatchesReference(f *testing.F) {
	for _, q := range []string{"sorry", ";;re", "refnud late", "ß", "İstanbul", "a-b c"} {
		f.Add(q)
	}
	lib := starter(f)
	lib.Snippets = append(lib.Snippets, snippets.Snippet{
		Triggers: []string{";İx", ";straße"}, Label: "Straße İstanbul ǅemal", Tags: []string{"ǅ"},
		Replace: "Grüße aus İstanbul, STRASSE straße",
	})
	ix := New(lib)
	f.Fuzz(func(t *testing.T, q string) {
		if len(q) > 40 {
			return
		}
		checkAgainstReference(t, ix, q)
		rs := ix.Search(q, Options{Limit: 5})
		for _, r := range rs {
			for _, h := range r.Hits {
				if !slices.IsSorted(h.Positions) {
					t.Fatalf("positions not sorted: %+v", h)
				}
				for _, p := range h.Positions {
					if p < 0 || p >= len(h.Text) {
						t.Fatalf("position %d outside %q", p, h.Text)
					}
				}
			}
		}
	})
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		max  int
		want int
	}{
		{"refund", "refund", 2, 0},
		{"refnud", "refund", 2, 1}, // swap
		{"refun", "refund", 2, 1},
		{"rfund", "refund", 2, 1},
		{"rafund", "refund", 2, 1},
		{"subscirpton", "subscription", 2, 2},
		{"abc", "xyz", 1, 2}, // over the limit: max+1
		{"straße", "strasse", 2, 2},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b, tt.max); got != tt.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.max, got, tt.want)
		}
	}
}

// bigLibrary makes a library of n replies from the starter pack: each copy
// gets its own trigger, a made-up product name in its label and a few more
// made-up words in its reply, so the vocabulary grows with the library as a
// real one would (about 4,000 distinct made-up words at 10,000 replies).
func bigLibrary(tb testing.TB, n int) *snippets.Library {
	base := starter(tb)
	rng := rand.New(rand.NewPCG(1, 2))
	syl := []string{"ka", "lo", "mer", "tis", "van", "ru", "po", "len", "dra", "qui", "sto", "ne", "bel", "fa", "xo", "gri"}
	word := func() string {
		var b strings.Builder
		for range 2 + rng.IntN(2) {
			b.WriteString(syl[rng.IntN(len(syl))])
		}
		return b.String()
	}
	lib := &snippets.Library{}
	for i := range n {
		s := base.Snippets[i%len(base.Snippets)]
		product := word()
		s.Triggers = []string{fmt.Sprintf("%s%d", s.Triggers[0], i)}
		s.TriggerPos = nil
		s.Label = s.Label + " " + product
		s.Replace = s.Replace + "\n\nAbout your " + product + " " + word() + " " + word() + " order."
		lib.Snippets = append(lib.Snippets, s)
	}
	return lib
}

// benchQueries are what agents type, including every prefix typed on the way
// to a query in the picker.
var benchQueries = func() []string {
	qs := []string{";sorry", ";;refund", "refund", "refnud", "late order", "pasword reset", "ship",
		"cancel subscription", "invoice copy", "kalomer", "thank you", "sory", "escalate manager",
		"r", "re", ";", ";;", "double charge", "where is my parcel", "bye"}
	for _, full := range []string{"refund late", "tracking number"} {
		for i := 1; i <= len(full); i++ {
			qs = append(qs, full[:i])
		}
	}
	return qs
}()

// BenchmarkSearch measures one query over 10,000 replies with its
// highlights: 20 results as `kindly search` shows by default, 100 as `kindly
// pick` lists on every key, and all of them; it reports the 95th percentile
// over the query mix.
func BenchmarkSearch(b *testing.B) {
	for _, limit := range []int{20, 100, 0} {
		b.Run(fmt.Sprintf("n=10000/limit=%d", limit), func(b *testing.B) {
			ix := New(bigLibrary(b, 10000))
			uses := map[string]int{";sorry1": 12, ";;refund40": 3}
			var times []time.Duration
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				start := time.Now()
				ix.Search(benchQueries[i%len(benchQueries)], Options{Uses: uses, Limit: limit})
				times = append(times, time.Since(start))
			}
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
			b.ReportMetric(float64(times[len(times)-1].Microseconds())/1000, "max-ms")
		})
	}
}

func BenchmarkNew(b *testing.B) {
	lib := bigLibrary(b, 10000)
	b.ReportAllocs()
	for b.Loop() {
		New(lib)
	}
}
