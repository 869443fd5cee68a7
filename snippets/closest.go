package snippets

import (
	"strings"
	"unicode/utf8"
)

// Closest finds the candidate word is most likely a typo of: the nearest by
// edit distance, ignoring case (the first of equally near ones, so callers
// order candidates by preference), among those within limit(candidate)
// edits. It backs every "did you mean" kindly prints.
func Closest(word string, candidates []string, limit func(candidate string) int) (string, bool) {
	best, bestD := "", -1
	lw := strings.ToLower(word)
	for _, c := range candidates {
		d := 0
		if !strings.EqualFold(word, c) {
			d = editDistance(lw, strings.ToLower(c))
		}
		if d <= limit(c) && (bestD < 0 || d < bestD) {
			best, bestD = c, d
		}
	}
	return best, bestD >= 0
}

// keyTypoLimit is how far a misspelt key may be from the key it means: one
// edit for keys of up to four letters, two for longer ones.
func keyTypoLimit(key string) int {
	if utf8.RuneCountInString(key) <= 4 {
		return 1
	}
	return 2
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
