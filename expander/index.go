package expander

import (
	"cmp"
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
	rules   []compiledRule

	hasWord  bool
	capacity int // ring buffer size an Engine needs for this index
}

// target is one trigger of one rule.
type target struct {
	rule      int
	trigger   string // as written in the rule: Fired.Trigger
	n         int32  // its length in runes
	propagate bool   // matches case-folded; otherwise only exactly
	next      int32  // the next target ending at the same trie node, or -1
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
// The trie is built from the triggers in sorted (folded, reversed) order,
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
	folded := make([]rune, 0, nr)  // every trigger case-folded and reversed, back to back
	firsts := make([]int32, 0, nt) // where each target's runes start in folded
	longest := 0
	for i, r := range rules {
		cr := &idx.rules[i]
		cr.word, cr.propagate = r.Word, r.PropagateCase
		cr.reply = renderReply(r.Replace)
		for _, trig := range r.Triggers {
			if trig == "" {
				continue
			}
			first := len(folded)
			for _, c := range trig {
				folded = append(folded, foldRune(c))
			}
			n := len(folded) - first
			slices.Reverse(folded[first:])
			firsts = append(firsts, int32(first))
			longest = max(longest, n)
			idx.targets = append(idx.targets, target{
				rule: i, trigger: trig, n: int32(n),
				propagate: r.PropagateCase, next: -1,
			})
			if r.Word {
				idx.hasWord = true
			}
		}
	}
	key := func(t int32) []rune {
		return folded[firsts[t] : firsts[t]+idx.targets[t].n]
	}
	// Sort by the reversed runes; the first three, packed in an integer,
	// settle many comparisons without looking at the runes.
	type sortKey struct {
		head uint64
		t    int32
	}
	order := make([]sortKey, len(idx.targets))
	for i := range order {
		k := key(int32(i))
		var head uint64
		for j := range 3 {
			head <<= 21
			if j < len(k) {
				head |= uint64(k[j]) + 1 // +1: a rune sorts after the end of a shorter key
			}
		}
		order[i] = sortKey{head, int32(i)}
	}
	slices.SortFunc(order, func(a, b sortKey) int {
		if c := cmp.Compare(a.head, b.head); c != 0 {
			return c
		}
		return slices.Compare(key(a.t), key(b.t))
	})
	b := newTrieBuilder(len(folded))
	nodeOf := make([]int32, len(idx.targets))
	for _, o := range order {
		nodeOf[o.t] = b.addSorted(key(o.t))
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
