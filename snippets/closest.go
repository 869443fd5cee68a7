package snippets

import (
	"strings"
	"unicode/utf8"
)

// Closest finds the candidate word is most likely a typo of: the nearest by
// edit distance (EditDistance, which counts a swap of neighbours as one
// edit), ignoring case (the first of equally near ones, so callers
// order candidates by preference), among those within limit(candidate)
// edits. It backs every "did you mean" kindly prints.
func Closest(word string, candidates []string, limit func(candidate string) int) (string, bool) {
	best, bestD := "", -1
	lw := strings.ToLower(word)
	for _, c := range candidates {
		d := 0
		if !strings.EqualFold(word, c) {
			d = EditDistance(lw, strings.ToLower(c), limit(c))
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

// EditDistance is the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and swaps of neighbours, in runes),
// or maxd+1 when it is over maxd.
func EditDistance(a, b string, maxd int) int {
	if a == b {
		return 0
	}
	var abuf, bbuf [32]rune
	ra, rb := abuf[:0], bbuf[:0]
	if isASCII(a) && isASCII(b) {
		if absInt(len(a)-len(b)) > maxd {
			return maxd + 1
		}
		for i := 0; i < len(a); i++ {
			ra = append(ra, rune(a[i]))
		}
		for i := 0; i < len(b); i++ {
			rb = append(rb, rune(b[i]))
		}
	} else {
		if absInt(utf8.RuneCountInString(a)-utf8.RuneCountInString(b)) > maxd {
			return maxd + 1
		}
		for _, r := range a {
			ra = append(ra, r)
		}
		for _, r := range b {
			rb = append(rb, r)
		}
	}
	// Three rows of the dynamic programme: i-2, i-1, i.
	var buf [3 * 33]int
	rows := buf[:]
	if len(rb)+1 > 33 {
		rows = make([]int, 3*(len(rb)+1))
	}
	w := len(rb) + 1
	pp, p, c := rows[:w], rows[w:2*w], rows[2*w:3*w]
	for j := range p {
		p[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		c[0] = i
		rowMin := c[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(p[j]+1, c[j-1]+1, p[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, pp[j-2]+1)
			}
			c[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > maxd {
			return maxd + 1
		}
		pp, p, c = p, c, pp
	}
	return min(p[len(rb)], maxd+1)
}

func absInt(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// isASCII reports whether s is plain ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
