package expander

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
)

var benchSizes = []int{10, 1000, 10000, 100000}

// benchRules makes n rules like a support team's library: ";" triggers of 3
// to 10 letters, a third of them word triggers without the ";", a third
// propagating case, replies of a couple of hundred characters.
func benchRules(n int) []Rule {
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	seen := map[string]bool{}
	rules := make([]Rule, 0, n)
	for len(rules) < n {
		var b strings.Builder
		for range 3 + rng.IntN(8) {
			b.WriteByte(byte('a' + rng.IntN(26)))
		}
		trig := b.String()
		if seen[trig] {
			continue
		}
		seen[trig] = true
		r := Rule{
			Replace: fmt.Sprintf("Hi $|$,\n\nThanks for reaching out about %s. %s\n\nBest,\nThe support team",
				trig, strings.Repeat("We are looking into it. ", 4)),
			Word:          len(rules)%3 == 1,
			PropagateCase: len(rules)%3 != 0,
		}
		if !r.Word {
			trig = ";" + trig
		}
		r.Triggers = []string{trig}
		rules = append(rules, r)
	}
	return rules
}

// benchKeys types prose with a trigger from the library every few words
// and the occasional typo fixed with Backspace.
func benchKeys(rules []Rule) []Key {
	words := strings.Fields("hello thanks for your message we have checked your account and the refund " +
		"is on its way please allow three to five business days let me know if there is anything else")
	rng := rand.New(rand.NewPCG(1, 1))
	var keys []Key
	for len(keys) < 1<<16 {
		w := words[rng.IntN(len(words))]
		if rng.IntN(10) == 0 {
			w = rules[rng.IntN(len(rules))].Triggers[0]
		}
		for _, r := range w {
			keys = append(keys, Key{Rune: r})
		}
		if rng.IntN(20) == 0 {
			keys = append(keys, Key{Rune: 'x'}, Key{Special: Backspace})
		}
		sep := []rune{' ', ' ', ' ', ' ', '.', ','}[rng.IntN(6)]
		keys = append(keys, Key{Rune: sep})
	}
	return keys
}

func BenchmarkStep(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("snippets=%d", n), func(b *testing.B) {
			rules := benchRules(n)
			keys := benchKeys(rules)
			e := NewEngine(NewIndex(rules))
			fired, i := 0, 0
			b.ReportAllocs()
			for b.Loop() {
				if _, _, ok := e.Step(keys[i]); ok {
					fired++
				}
				if i++; i == len(keys) {
					i = 0
				}
			}
			b.ReportMetric(float64(fired)/float64(b.N)*100, "fired/100keys")
		})
	}
}

func BenchmarkNewIndex(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("snippets=%d", n), func(b *testing.B) {
			rules := benchRules(n)
			b.ReportAllocs()
			for b.Loop() {
				NewIndex(rules)
			}
		})
	}
}

// BenchmarkIndexSize reports what an index holds on the heap (MiB live
// after a collection), beside the replies it was built from.
func BenchmarkIndexSize(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("snippets=%d", n), func(b *testing.B) {
			rules := benchRules(n)
			var idx *Index
			var before, after runtime.MemStats
			for b.Loop() {
				idx = nil
				runtime.GC()
				runtime.ReadMemStats(&before)
				idx = NewIndex(rules)
				runtime.GC()
				runtime.ReadMemStats(&after)
			}
			b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "MiB")
			b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(n), "B/snippet")
			runtime.KeepAlive(idx)
		})
	}
}
