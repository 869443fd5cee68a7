package search

import (
	"math"
	"math/bits"
	"strings"
	"unicode/utf8"

	"github.com/kindly-support/kindly/snippets"
	"github.com/sahilm/fuzzy"
)

// Scores. A term's score against a snippet is the weight of the field it
// matched plus how well it matched; the weights keep an exact or prefix match
// of a reply word below a good match in a trigger or a label, and a misspelt
// label word above a correctly spelt reply word.
var fieldWeight = [...]int{FieldTrigger: 200, FieldLabel: 170, FieldTag: 150, FieldReply: 80}

// How well a term matched a word.
const (
	relExact     = 100 // the word itself
	relPrefixMin = 60  // the start of the word: 60 to 90, more for more of it
	relTypo      = 30  // one edit away; 12 less for each further edit
	relFuzzyMax  = 40  // its letters in order inside the word; also the best a whole trigger or label match gets
	minFuzzyTerm = 3   // shorter terms only match exactly or as prefixes
)

// Tiers, best first (see the package comment).
const (
	tierOther = 1
	tierNames = 2
	tierExact = 3
	tierScale = 100_000 // Result.Score = tier*tierScale + score
)

// kind is how a term matched.
type kind uint8

const (
	kindNone kind = iota
	kindFuzzy
	kindTypo
	kindPrefix
	kindExact
)

// relation scores term (lower case) against a vocabulary word (lower case)
// given sahilm's match of term in word (ok false when it found none).
func relation(term, word string, m fuzzy.Match, ok bool) (int, kind) {
	return relationMasked(term, word, m, ok, runeMask(term), runeMask(word))
}

// relationMasked is relation given the runeMasks of term and word.
func relationMasked(term, word string, m fuzzy.Match, ok bool, tmask, wmask uint64) (int, kind) {
	if term == word {
		return relExact, kindExact
	}
	tn := utf8.RuneCountInString(term)
	if strings.HasPrefix(word, term) {
		return relPrefixMin + 30*tn/utf8.RuneCountInString(word), kindPrefix
	}
	best, k := 0, kindNone
	if maxd := maxEdits(tn); maxd > 0 && bits.OnesCount64(tmask&^wmask) <= maxd && bits.OnesCount64(wmask&^tmask) <= maxd {
		if d := editDistance(term, word, maxd); d <= maxd {
			best, k = relTypo-12*(d-1), kindTypo
		}
	}
	// A fuzzy match inside a word counts when it spans at most twice the
	// term ("rfnd" in "refund", not "late" in "alternative").
	if ok && tn >= minFuzzyTerm && m.MatchedIndexes[len(m.MatchedIndexes)-1]-m.MatchedIndexes[0] < 2*len(term) {
		if r := fuzzyRel(m.Score); r > best {
			best, k = r, kindFuzzy
		}
	}
	return best, k
}

// fuzzyRel maps a sahilm score inside one word to 1..relFuzzyMax.
func fuzzyRel(fz int) int {
	return max(1, min(relFuzzyMax, 10+fz/8))
}

// wholeRel scores a sahilm match of a term over a whole trigger or label. A
// match that starts a word and runs on, or jumps only to starts of words
// ("odel" in "Order delayed" does not, "ordel" jumps once), is worth
// relFuzzyMax; each jump elsewhere costs 15, and a term of up to 4
// characters may not jump elsewhere at all, a longer one once: anything
// more scattered is no match (0).
func wholeRel(text string, pos []int) int {
	bad := 0
	if !wordStart(text, pos[0]) {
		bad++
	}
	for i := 1; i < len(pos); i++ {
		_, size := utf8.DecodeRuneInString(text[pos[i-1]:])
		if pos[i] != pos[i-1]+size && !wordStart(text, pos[i]) {
			bad++
		}
	}
	if allowed := min(1, (len(pos)-1)/4); bad > allowed {
		return 0
	}
	return relFuzzyMax - 15*bad
}

// maxEdits is how many typos a term of n characters may hold.
func maxEdits(n int) int {
	switch {
	case n >= 8:
		return 2
	case n >= 4:
		return 1
	}
	return 0
}

// editDistance is snippets.EditDistance: the one edit distance every
// "did you mean" and the search's typo tier share.
func editDistance(a, b string, maxd int) int { return snippets.EditDistance(a, b, maxd) }

// usageBoost favours replies used often: 20 points per doubling of the count,
// at most 150.
func usageBoost(uses int) int {
	if uses <= 0 {
		return 0
	}
	return min(150, int(20*math.Log2(1+float64(uses))))
}

// fuzzyOne runs sahilm over a single string, after the same quick test as
// fuzzyOver.
func fuzzyOne(term, text string) (fuzzy.Match, bool) {
	if !mayMatch(term, strings.ToLower(text), isASCII(term), isASCII(text)) {
		return fuzzy.Match{}, false
	}
	ms := fuzzy.FindNoSort(term, []string{text})
	if len(ms) == 0 {
		return fuzzy.Match{}, false
	}
	return ms[0], true
}
