package expander

import (
	"slices"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// Rule is one expansion as the engine sees it: any of Triggers typed at the
// caret is replaced by Replace.
type Rule struct {
	Triggers []string // empty strings are ignored
	// Replace is the reply. The first "$|$" in it marks where the caret ends
	// up; every "$|$" is removed from the inserted text.
	Replace string
	// Word makes the triggers fire only as whole words: when a separator is
	// typed right after the trigger and the trigger follows a separator or
	// starts the typed text. The separator is kept after the reply.
	Word bool
	// PropagateCase matches the triggers ignoring letter case and shapes the
	// reply like the typed trigger: ";ty" → as is, ";Ty" → Capitalized,
	// ";TY" → UPPER.
	PropagateCase bool
}

// CursorMarker marks where the caret goes in a Rule's Replace.
const CursorMarker = "$|$"

// SplitCaret removes the cursor markers from reply and says where the first
// one was: left runes before the end (marker reports whether there was one).
func SplitCaret(reply string) (text string, left int, marker bool) {
	i := strings.Index(reply, CursorMarker)
	if i < 0 {
		return reply, 0, false
	}
	after := strings.ReplaceAll(reply[i+len(CursorMarker):], CursorMarker, "")
	return reply[:i] + after, utf8.RuneCountInString(after), true
}

// Index is the matching structure built from a rule list. It is immutable
// once built and safe to share between goroutines and Engines; reloading
// the library means building a new Index and handing it to Engine.SetIndex.
type Index struct {
	trie    trie // every trigger, case-folded
	targets []target
	runes   []rune // the targets' triggers as written, back to back
	rules   []compiledRule

	hasWord  bool
	capacity int // ring buffer size an Engine needs for this index
}

// target is one trigger of one rule.
type target struct {
	rule      int
	trigger   string // as written in the rule: Fired.Trigger
	first     int32  // its runes are Index.runes[first:first+n]
	n         int32
	propagate bool  // matches case-folded; otherwise only exactly
	next      int32 // the next target ending at the same trie node, or -1
}

// caseForm is how a propagate_case reply is shaped.
type caseForm uint8

const (
	asIs caseForm = iota
	capitalized
	upper
	numForms
)

// rendered is a reply ready to insert.
type rendered struct {
	text   string
	left   int32 // runes after the cursor marker
	marker bool  // the reply had a cursor marker
}

type compiledRule struct {
	word, propagate bool
	reply           rendered // the asIs form
	// cased holds, for propagate_case rules, the Capitalized and UPPER
	// texts. Like withSep it is built on the first firing that needs it
	// (one allocation, shared by every later firing and every Engine using
	// this Index), so a large library does not hold three copies of every
	// reply.
	cased atomic.Pointer[[2]string]
	// withSep holds, for word rules, each form followed by each separator.
	// It is built on the rule's first word firing.
	withSep atomic.Pointer[[numForms][numSeps]string]
}

// form returns case form f of the reply.
func (cr *compiledRule) form(f caseForm) rendered {
	if f == asIs || !cr.propagate {
		return cr.reply
	}
	c := cr.cased.Load()
	if c == nil {
		// Both mappings are rune for rune, so the caret offset is unchanged.
		c = &[2]string{capitalize(cr.reply.text), strings.ToUpper(cr.reply.text)}
		if !cr.cased.CompareAndSwap(nil, c) {
			c = cr.cased.Load()
		}
	}
	r := cr.reply
	r.text = c[f-1]
	return r
}

// minCapacity keeps the ring useful for an empty or tiny library.
const minCapacity = 8

// NewIndex compiles rules into an Index. Fired.Rule indexes into rules.
// Empty triggers are skipped; NewIndex never fails (validation belongs to
// the snippet library).
//
// The trie is built from the triggers in sorted (reversed, folded) order,
// so the child a trigger needs next is always the one created last: each
// step is O(1), and 100,000 triggers build in a few tens of milliseconds.
func NewIndex(rules []Rule) *Index {
	idx := &Index{rules: make([]compiledRule, len(rules))}
	nt, nr := 0, 0
	for _, r := range rules {
		for _, trig := range r.Triggers {
			nt++
			nr += utf8.RuneCountInString(trig)
		}
	}
	idx.targets = make([]target, 0, nt)
	idx.runes = make([]rune, 0, nr)
	folded := make([]rune, 0, nr) // parallel to idx.runes
	longest := 0
	for i, r := range rules {
		cr := &idx.rules[i]
		cr.word, cr.propagate = r.Word, r.PropagateCase
		cr.reply = renderReply(r.Replace)
		for _, trig := range r.Triggers {
			if trig == "" {
				continue
			}
			first := len(idx.runes)
			for _, c := range trig {
				idx.runes = append(idx.runes, c)
				folded = append(folded, foldRune(c))
			}
			n := len(idx.runes) - first
			longest = max(longest, n)
			idx.targets = append(idx.targets, target{
				rule: i, trigger: trig, first: int32(first), n: int32(n),
				propagate: r.PropagateCase, next: -1,
			})
			if r.Word {
				idx.hasWord = true
			}
		}
	}
	key := func(t int32) []rune {
		tg := &idx.targets[t]
		return folded[tg.first : tg.first+tg.n]
	}
	order := make([]int32, len(idx.targets))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return compareReversed(key(a), key(b)) })
	b := newTrieBuilder(len(folded))
	nodeOf := make([]int32, len(idx.targets))
	for _, t := range order {
		nodeOf[t] = b.addSorted(key(t))
	}
	// Chain each node's targets in rule order (targets are in rule order).
	tails := make([]int32, 2*len(b.nodes)) // last target chained at node (2n immediate, 2n+1 word)
	for t := range idx.targets {
		node := nodeOf[t]
		head, tail := &b.nodes[node].imm, 2*node
		if idx.rules[idx.targets[t].rule].word {
			head, tail = &b.nodes[node].word, tail+1
		}
		if *head < 0 {
			*head = int32(t)
		} else {
			idx.targets[tails[tail]].next = int32(t)
		}
		tails[tail] = int32(t)
	}
	idx.trie = b.flatten()
	// The trigger, the rune before a word trigger, and its separator.
	idx.capacity = max(longest+2, minCapacity)
	return idx
}

// compareReversed orders rune sequences by their last rune, then the one
// before it, and so on (a shorter one first when one ends the other).
func compareReversed(a, b []rune) int {
	i, j := len(a)-1, len(b)-1
	for ; i >= 0 && j >= 0; i, j = i-1, j-1 {
		if a[i] != b[j] {
			if a[i] < b[j] {
				return -1
			}
			return 1
		}
	}
	return len(a) - len(b)
}

// Len reports how many rules the index was built from.
func (idx *Index) Len() int { return len(idx.rules) }

// renderReply removes the cursor marker and counts the caret offset.
func renderReply(reply string) rendered {
	text, left, marker := SplitCaret(reply)
	return rendered{text: text, left: int32(left), marker: marker}
}

// capitalize upper-cases (title-cases) the first letter of s.
func capitalize(s string) string {
	for i, r := range s {
		if unicode.IsLetter(r) {
			t := unicode.ToTitle(r)
			if t == r {
				return s
			}
			return s[:i] + string(t) + s[i+utf8.RuneLen(r):]
		}
	}
	return s
}

// insertWithSep returns form f of the reply followed by separator number s.
func (cr *compiledRule) insertWithSep(f caseForm, s int) string {
	w := cr.withSep.Load()
	if w == nil {
		w = new([numForms][numSeps]string)
		forms := 1
		if cr.propagate {
			forms = int(numForms)
		}
		var texts [numForms]string
		var b strings.Builder
		for i := range forms {
			texts[i] = cr.form(caseForm(i)).text
			b.Grow(numSeps * (len(texts[i]) + 1))
		}
		for i := range forms {
			for j := 0; j < numSeps; j++ {
				b.WriteString(texts[i])
				b.WriteByte(separators[j])
			}
		}
		all, off := b.String(), 0
		for i := range forms {
			n := len(texts[i]) + 1
			for j := 0; j < numSeps; j++ {
				w[i][j] = all[off : off+n]
				off += n
			}
		}
		if !cr.withSep.CompareAndSwap(nil, w) {
			w = cr.withSep.Load()
		}
	}
	return w[f][s]
}
