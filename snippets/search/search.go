package search

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kindly-support/kindly/snippets"
	"github.com/sahilm/fuzzy"
)

// Options narrow and order a search.
type Options struct {
	// Tag keeps only the snippets with this tag (any case); "" keeps all.
	Tag string
	// Uses maps a trigger to how many times the agent used it; a snippet's
	// uses are those of all its triggers. Often-used replies rank higher
	// within their tier. Nil means no counts.
	Uses map[string]int
	// Limit is the most results returned; 0 or less returns all.
	Limit int
}

// Result is one snippet that matched, best first.
type Result struct {
	Index   int               // position in the library's Snippets
	Snippet *snippets.Snippet // the snippet itself (points into the library)
	// Score orders results: higher is better. Only comparable within one
	// query.
	Score int
	// Exact is true when a trigger equals the query (ignoring case).
	Exact bool
	// Hits are where the query matched, grouped by field, the best first;
	// nil for an empty query.
	Hits []Hit
}

// Hit is the part of a snippet a query matched, for showing it.
type Hit struct {
	Field Field
	Item  int    // which trigger or tag (FieldTrigger, FieldTag); 0 otherwise
	Text  string // the whole trigger, label, tag or reply
	// Positions are the byte offsets in Text of the matched characters,
	// ascending.
	Positions []int
}

// RunePositions returns Positions as character (code point) offsets, as
// `kindly search --json` and the manager's API give them.
func (h Hit) RunePositions() []int {
	out := make([]int, 0, len(h.Positions))
	j, n := 0, 0
	for i := range h.Text {
		if j == len(h.Positions) {
			break
		}
		if h.Positions[j] == i {
			out = append(out, n)
			j++
		}
		n++
	}
	return out
}

// Search ranks the library against query and returns the snippets that
// match, best first (see the package comment for what matches and how it
// ranks). An empty or blank query returns every snippet (with o.Tag, if set),
// the most used first, then in library order.
func (ix *Index) Search(query string, o Options) []Result {
	q := strings.ToLower(strings.TrimSpace(query))
	ts := terms(q)
	n := ix.Len()

	type cand struct {
		doc, tier, score int
		exact            bool
	}
	var cands []cand
	keep := func(d int) bool { return o.Tag == "" || hasTag(ix.lib.Snippets[d].Tags, o.Tag) }
	boost := func(d int) int { return usageBoost(uses(&ix.lib.Snippets[d], o.Uses)) }

	switch {
	case q == "":
		for d := range n {
			if keep(d) {
				cands = append(cands, cand{doc: d, score: boost(d)})
			}
		}
	case len(ts) == 0:
		// Only punctuation (";;"): look in the triggers.
		best := make([]int, n)
		tier := make([]int, n)
		for i, lt := range ix.lower {
			d := ix.trigDoc[i]
			sc, tr := 0, 0
			switch {
			case lt == q:
				sc, tr = fieldWeight[FieldTrigger]+relExact, tierExact
			case strings.HasPrefix(lt, q):
				sc, tr = fieldWeight[FieldTrigger]+rawPrefixRel(q, lt), tierNames
			case strings.Contains(lt, q):
				sc, tr = fieldWeight[FieldTrigger]+relFuzzyMax, tierOther
			}
			if tr > tier[d] || (tr == tier[d] && sc > best[d]) {
				best[d], tier[d] = sc, tr
			}
		}
		for d := range n {
			if tier[d] > 0 && keep(d) {
				cands = append(cands, cand{doc: d, tier: tier[d], score: best[d] + boost(d), exact: tier[d] == tierExact})
			}
		}
	default:
		total := make([]int, n)
		matched := make([]int, n) // terms matched
		named := make([]int, n)   // terms matched as label words
		score := make([]int32, n)
		name := make([]bool, n)
		for _, t := range ts {
			clear(score)
			clear(name)
			ix.scoreTerm(t, q, score, name)
			for d, sc := range score {
				if sc > 0 {
					total[d] += int(sc)
					matched[d]++
					if name[d] {
						named[d]++
					}
				}
			}
		}
		exact := make([]bool, n)
		for i, t := range ix.triggers {
			if strings.EqualFold(t, q) {
				exact[ix.trigDoc[i]] = true
			}
		}
		for d := range n {
			if (matched[d] < len(ts) && !exact[d]) || !keep(d) {
				continue
			}
			c := cand{doc: d, tier: tierOther, score: total[d] + boost(d), exact: exact[d]}
			switch {
			case exact[d]:
				c.tier = tierExact
			case named[d] == len(ts):
				c.tier = tierNames
			}
			cands = append(cands, c)
		}
	}

	slices.SortFunc(cands, func(a, b cand) int {
		if a.tier != b.tier {
			return b.tier - a.tier
		}
		if a.score != b.score {
			return b.score - a.score
		}
		return a.doc - b.doc
	})
	if o.Limit > 0 && len(cands) > o.Limit {
		cands = cands[:o.Limit]
	}
	out := make([]Result, len(cands))
	for i, c := range cands {
		out[i] = Result{
			Index: c.doc, Snippet: &ix.lib.Snippets[c.doc],
			Score: c.tier*tierScale + c.score, Exact: c.exact,
		}
		if q != "" {
			out[i].Hits = ix.hits(c.doc, q, ts)
		}
	}
	return out
}

// scoreTerm sets score[d] to the best score of term in snippet d (0: no
// match), and name[d] when it matched a word of a trigger, label or tag
// exactly or as a prefix. q is the whole query, lower case. This is the fast
// path of evalTerm, which must agree with it.
func (ix *Index) scoreTerm(term, q string, score []int32, name []bool) {
	set := func(d int32, sc int, nm bool) {
		if int32(sc) > score[d] {
			score[d] = int32(sc)
		}
		if nm {
			name[d] = true
		}
	}
	// Every vocabulary word, once.
	var fz fuzzy.Matches
	if utf8.RuneCountInString(term) >= minFuzzyTerm {
		fz = fuzzyOver(term, ix.words, ix.words, ix.wrdASCII, ix.wrdMask) // in vocabulary order
	}
	next := 0
	tmask := runeMask(term)
	for v, w := range ix.words {
		m, ok := fuzzy.Match{}, false
		if next < len(fz) && fz[next].Index == v {
			m, ok = fz[next], true
			next++
		}
		r, k := relationMasked(term, w, m, ok, tmask, ix.wrdMask[v])
		if r == 0 {
			continue
		}
		for _, p := range ix.postings[v] {
			set(p.doc, fieldWeight[p.field]+r, k >= kindPrefix && p.field != FieldReply)
		}
	}
	// Whole triggers and labels.
	if utf8.RuneCountInString(term) >= minFuzzyTerm {
		for _, m := range fuzzyOver(term, ix.triggers, ix.lower, ix.trigASCII, ix.trigMask) {
			if r := wholeRel(m.Str, m.MatchedIndexes); r > 0 {
				set(ix.trigDoc[m.Index], fieldWeight[FieldTrigger]+r, false)
			}
		}
		for _, m := range fuzzyOver(term, ix.labels, ix.lowLabel, ix.labASCII, ix.labMask) {
			if r := wholeRel(m.Str, m.MatchedIndexes); r > 0 {
				set(int32(m.Index), fieldWeight[FieldLabel]+r, false)
			}
		}
	}
	// The query as typed starting a trigger.
	if !strings.ContainsAny(q, " \t") {
		for i, lt := range ix.lower {
			if strings.HasPrefix(lt, q) {
				set(ix.trigDoc[i], fieldWeight[FieldTrigger]+rawPrefixRel(q, lt), true)
			}
		}
	}
}

// rawPrefixRel scores the query q as typed starting the trigger t.
func rawPrefixRel(q, t string) int {
	if q == t {
		return relExact
	}
	return relPrefixMin + 30*utf8.RuneCountInString(q)/utf8.RuneCountInString(t)
}

// termEval is how one term matched one snippet.
type termEval struct {
	score int
	name  bool
	hit   Hit
}

// evalTerm scores term against snippet d alone, with the positions of its
// best match. It is the reference scoreTerm is checked against, and gives
// the hits of the results returned.
func (ix *Index) evalTerm(d int, term, q string) termEval {
	s := &ix.lib.Snippets[d]
	var e termEval
	consider := func(sc int, f Field, item int, text string, pos func() []int) {
		if sc > e.score {
			e.score = sc
			e.hit = Hit{Field: f, Item: item, Text: text, Positions: pos()}
		}
	}
	fuzzyTerm := utf8.RuneCountInString(term) >= minFuzzyTerm
	words := func(f Field, item int, text string) {
		for _, t := range tokens(text) {
			m, ok := fuzzy.Match{}, false
			if fuzzyTerm {
				m, ok = fuzzyOne(term, t.word)
			}
			r, k := relation(term, t.word, m, ok)
			if r == 0 {
				continue
			}
			if k >= kindPrefix && f != FieldReply {
				e.name = true
			}
			consider(fieldWeight[f]+r, f, item, text, func() []int {
				switch k {
				case kindExact, kindPrefix:
					return runeSpan(text, t.off, utf8.RuneCountInString(term))
				case kindFuzzy:
					return mapRunes(text, t.off, t.word, m.MatchedIndexes)
				}
				return runeSpan(text, t.off, utf8.RuneCountInString(t.word))
			})
		}
	}
	whole := func(f Field, item int, text string) {
		if !fuzzyTerm {
			return
		}
		if m, ok := fuzzyOne(term, text); ok {
			if r := wholeRel(text, m.MatchedIndexes); r > 0 {
				consider(fieldWeight[f]+r, f, item, text, func() []int { return m.MatchedIndexes })
			}
		}
	}
	for i, t := range s.Triggers {
		words(FieldTrigger, i, t)
		whole(FieldTrigger, i, t)
		if lt := strings.ToLower(t); !strings.ContainsAny(q, " \t") && strings.HasPrefix(lt, q) {
			e.name = true
			consider(fieldWeight[FieldTrigger]+rawPrefixRel(q, lt), FieldTrigger, i, t, func() []int {
				return runeSpan(t, 0, utf8.RuneCountInString(q))
			})
		}
	}
	words(FieldLabel, 0, s.Label)
	whole(FieldLabel, 0, s.Label)
	for i, t := range s.Tags {
		words(FieldTag, i, t)
	}
	words(FieldReply, 0, s.Text())
	return e
}

// hits gathers the best match of each term in snippet d, merged by field.
func (ix *Index) hits(d int, q string, ts []string) []Hit {
	s := &ix.lib.Snippets[d]
	type group struct {
		hit  Hit
		best int
	}
	var gs []group
	add := func(h Hit, sc int) {
		for i := range gs {
			if gs[i].hit.Field == h.Field && gs[i].hit.Item == h.Item {
				gs[i].hit.Positions = mergePositions(gs[i].hit.Positions, h.Positions)
				gs[i].best = max(gs[i].best, sc)
				return
			}
		}
		gs = append(gs, group{h, sc})
	}
	for i, t := range s.Triggers {
		if strings.EqualFold(t, q) {
			add(Hit{Field: FieldTrigger, Item: i, Text: t, Positions: runeSpan(t, 0, utf8.RuneCountInString(t))}, 1<<30)
		}
	}
	if len(ts) == 0 {
		for i, t := range s.Triggers {
			if j := strings.Index(strings.ToLower(t), q); j >= 0 && len(strings.ToLower(t)) == len(t) {
				add(Hit{Field: FieldTrigger, Item: i, Text: t, Positions: runeSpan(t, j, utf8.RuneCountInString(q))}, 0)
			}
		}
	}
	for _, t := range ts {
		if e := ix.evalTerm(d, t, q); e.score > 0 {
			add(e.hit, e.score)
		}
	}
	slices.SortStableFunc(gs, func(a, b group) int { return b.best - a.best })
	out := make([]Hit, len(gs))
	for i, g := range gs {
		out[i] = g.hit
	}
	return out
}

// runeSpan returns the byte offsets of n runes of text from byte offset off.
func runeSpan(text string, off, n int) []int {
	pos := make([]int, 0, n)
	for i := range text[off:] {
		if len(pos) == n {
			break
		}
		pos = append(pos, off+i)
	}
	return pos
}

// mapRunes turns byte offsets in word (the lower-case form of the token at
// byte offset off of text) into byte offsets in text. Lower-casing keeps the
// number of runes, not always their size.
func mapRunes(text string, off int, word string, idx []int) []int {
	want := make([]int, 0, len(idx)) // rune numbers within word
	for ri, bi := 0, 0; bi < len(word); ri++ {
		if slices.Contains(idx, bi) {
			want = append(want, ri)
		}
		_, size := utf8.DecodeRuneInString(word[bi:])
		bi += size
	}
	pos := make([]int, 0, len(want))
	ri := 0
	for i := range text[off:] {
		if len(pos) == len(want) {
			break
		}
		if ri == want[len(pos)] {
			pos = append(pos, off+i)
		}
		ri++
	}
	return pos
}

// mergePositions returns the sorted union of two ascending lists.
func mergePositions(a, b []int) []int {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

func hasTag(tags []string, tag string) bool {
	for _, t := range tags {
		if strings.EqualFold(t, tag) {
			return true
		}
	}
	return false
}

// uses adds up the counts of all of s's triggers.
func uses(s *snippets.Snippet, counts map[string]int) int {
	n := 0
	for _, t := range s.Triggers {
		n += counts[t]
	}
	return n
}
