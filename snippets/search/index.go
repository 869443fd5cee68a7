package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kindly-support/kindly/snippets"
	"github.com/sahilm/fuzzy"
)

// Field names the part of a snippet a query matched.
type Field uint8

// The fields a query is matched against.
const (
	FieldNone Field = iota
	FieldTrigger
	FieldLabel
	FieldTag
	FieldReply
)

var fieldNames = [...]string{"", "trigger", "label", "tag", "reply"}

// String returns "trigger", "label", "tag", "reply" (or "" for FieldNone).
func (f Field) String() string {
	if int(f) < len(fieldNames) {
		return fieldNames[f]
	}
	return "unknown"
}

// posting is one place a vocabulary word occurs: its first occurrence in one
// field of one snippet.
type posting struct {
	doc   int32
	item  int32 // which trigger or tag; 0 for the label and the reply
	off   int32 // byte offset of the occurrence in the field's text
	n     int32 // its length in bytes
	field Field
}

// Index is a library prepared for searching. It is immutable once built and
// keeps a pointer to the library, which must not change afterwards.
type Index struct {
	lib       *snippets.Library
	triggers  []string // every trigger, flattened
	lower     []string // the same, lower case
	trigASCII []bool   // whether triggers[i] is ASCII
	trigDoc   []int32  // the snippet of triggers[i]
	trigItem  []int32  // its position in that snippet's Triggers
	labels    []string // per snippet, "" when it has none
	lowLabel  []string // the same, lower case
	labASCII  []bool   // whether labels[i] is ASCII
	words     []string // the vocabulary, lower case
	wrdASCII  []bool   // whether words[i] is ASCII
	wrdMask   []uint64 // runeMask(words[i])
	trigMask  []uint64 // runeMask(lower[i])
	labMask   []uint64 // runeMask(lowLabel[i])
	postings  [][]posting
}

// New indexes lib. A nil library is an empty one.
func New(lib *snippets.Library) *Index {
	if lib == nil {
		lib = &snippets.Library{}
	}
	ix := &Index{lib: lib, labels: make([]string, len(lib.Snippets))}
	ntrig := 0
	for d := range lib.Snippets {
		ntrig += len(lib.Snippets[d].Triggers)
	}
	ix.triggers = make([]string, 0, ntrig)
	ix.lower = make([]string, 0, ntrig)
	ix.trigASCII = make([]bool, 0, ntrig)
	ix.trigMask = make([]uint64, 0, ntrig)
	ix.trigDoc = make([]int32, 0, ntrig)
	ix.trigItem = make([]int32, 0, ntrig)
	ix.lowLabel = make([]string, 0, len(lib.Snippets))
	ix.labASCII = make([]bool, 0, len(lib.Snippets))
	ix.labMask = make([]uint64, 0, len(lib.Snippets))
	// Postings are gathered as (word, posting) pairs, then laid out word by
	// word in one array: one allocation instead of one per word.
	type pair struct {
		word int32
		p    posting
	}
	pairs := make([]pair, 0, 12*len(lib.Snippets))
	ids := map[string]int32{}
	var buf []token
	seen := map[string]bool{}
	add := func(doc int, f Field, item int, text string) {
		buf = appendTokens(buf[:0], text)
		if len(buf) > 16 {
			clear(seen)
		}
		for k, t := range buf {
			// A word counts once per field item, at its first place: a
			// short text is searched, a long one remembered in a set.
			if len(buf) > 16 {
				if seen[t.word] {
					continue
				}
				seen[t.word] = true
			} else if slices.ContainsFunc(buf[:k], func(u token) bool { return u.word == t.word }) {
				continue
			}
			id, ok := ids[t.word]
			if !ok {
				id = int32(len(ix.words))
				ids[t.word] = id
				ix.words = append(ix.words, t.word)
				ix.wrdASCII = append(ix.wrdASCII, isASCII(t.word))
				ix.wrdMask = append(ix.wrdMask, runeMask(t.word))
			}
			pairs = append(pairs, pair{id, posting{
				doc: int32(doc), item: int32(item), off: int32(t.off), n: int32(t.n), field: f,
			}})
		}
	}
	for d := range lib.Snippets {
		s := &lib.Snippets[d]
		for i, t := range s.Triggers {
			ix.triggers = append(ix.triggers, t)
			ix.lower = append(ix.lower, strings.ToLower(t))
			ix.trigASCII = append(ix.trigASCII, isASCII(t))
			ix.trigMask = append(ix.trigMask, runeMask(ix.lower[len(ix.lower)-1]))
			ix.trigDoc = append(ix.trigDoc, int32(d))
			ix.trigItem = append(ix.trigItem, int32(i))
			add(d, FieldTrigger, i, t)
		}
		ix.labels[d] = s.Label
		ix.lowLabel = append(ix.lowLabel, strings.ToLower(s.Label))
		ix.labASCII = append(ix.labASCII, isASCII(s.Label))
		ix.labMask = append(ix.labMask, runeMask(ix.lowLabel[d]))
		add(d, FieldLabel, 0, s.Label)
		for i, t := range s.Tags {
			add(d, FieldTag, i, t)
		}
		add(d, FieldReply, 0, s.Text())
	}
	// Counting sort by word, stable: each word's postings stay in document order.
	count := make([]int32, len(ix.words)+1)
	for _, pr := range pairs {
		count[pr.word+1]++
	}
	for w := 1; w < len(count); w++ {
		count[w] += count[w-1]
	}
	flat := make([]posting, len(pairs))
	ix.postings = make([][]posting, len(ix.words))
	for w := range ix.postings {
		ix.postings[w] = flat[count[w]:count[w]:count[w+1]]
	}
	for _, pr := range pairs {
		ix.postings[pr.word] = append(ix.postings[pr.word], pr.p)
	}
	return ix
}

// Len is the number of snippets indexed.
func (ix *Index) Len() int { return len(ix.lib.Snippets) }

// Library is the library indexed.
func (ix *Index) Library() *snippets.Library { return ix.lib }

// token is one word of a text: a run of letters and digits.
type token struct {
	word   string // lower case
	off, n int    // where it is in the text, in bytes
}

// tokens cuts text into words: maximal runs of letters and digits.
func tokens(text string) []token { return appendTokens(nil, text) }

// appendTokens appends text's words to ts.
func appendTokens(ts []token, text string) []token {
	start := -1
	for i, r := range text {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			ts = append(ts, token{strings.ToLower(text[start:i]), start, i - start})
			start = -1
		}
	}
	if start >= 0 {
		ts = append(ts, token{strings.ToLower(text[start:]), start, len(text) - start})
	}
	return ts
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// terms are the words of a query, lower case, without repeats.
func terms(query string) []string {
	var out []string
	for _, t := range tokens(query) {
		dup := false
		for _, o := range out {
			dup = dup || o == t.word
		}
		if !dup {
			out = append(out, t.word)
		}
	}
	return out
}

// wordStart reports whether the rune at byte offset i of s starts a word (or a
// camelCase hump).
func wordStart(s string, i int) bool {
	if i == 0 {
		return true
	}
	prev, _ := utf8.DecodeLastRuneInString(s[:i])
	cur, _ := utf8.DecodeRuneInString(s[i:])
	return !isWordRune(prev) || (unicode.IsLower(prev) && unicode.IsUpper(cur))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// mayMatch is a quick test before running sahilm: false only when sahilm
// cannot match term (lower case) in a text whose lower-case form is lower.
// It is exact when both are ASCII (each byte of term occurs in order) and
// lets everything else through, as Unicode case folding can match an ASCII
// letter with another one ("ſ" and "s").
func mayMatch(term, lower string, termASCII, textASCII bool) bool {
	if !termASCII || !textASCII {
		return true
	}
	k := 0
	for i := 0; i < len(lower) && k < len(term); i++ {
		if lower[i] == term[k] {
			k++
		}
	}
	return k == len(term)
}

// runeMask is a 64-bit set of the characters of s (a character's bit is its
// code modulo 64), for a quick bound on edit distances: d edits leave at
// most d characters of a word out of the other (collisions only hide
// differences, so the bound never rejects a word it should keep).
func runeMask(s string) uint64 {
	var m uint64
	for _, r := range s {
		m |= 1 << (uint(r) % 64)
	}
	return m
}

// fuzzyOver runs sahilm over the texts (lower: their lower-case forms) that
// pass mayMatch; Match.Index is the position in texts.
func fuzzyOver(term string, texts, lower []string, ascii []bool, masks []uint64) fuzzy.Matches {
	tASCII := isASCII(term)
	tmask := runeMask(term)
	var pick []int
	for i, l := range lower {
		if tASCII && ascii[i] && tmask&^masks[i] != 0 {
			continue // a character of term is not in the text at all
		}
		if mayMatch(term, l, tASCII, ascii[i]) {
			pick = append(pick, i)
		}
	}
	ms := fuzzy.FindFromNoSort(term, picked{texts, pick})
	for i := range ms {
		ms[i].Index = pick[ms[i].Index]
	}
	return ms
}

// picked is some of a list of texts, as a sahilm source.
type picked struct {
	texts []string
	idx   []int
}

func (p picked) String(i int) string { return p.texts[p.idx[i]] }
func (p picked) Len() int            { return len(p.idx) }
