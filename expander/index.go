package expander

import (
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
	left   int  // runes after the cursor marker
	marker bool // the reply had a cursor marker
}

type compiledRule struct {
	word, propagate bool
	forms           [numForms]rendered
	// withSep holds, for word rules, each form followed by each separator.
	// It is built on the rule's first word firing (one allocation, shared by
	// every later firing and every Engine using this Index).
	withSep atomic.Pointer[[numForms][numSeps]string]
}

// minCapacity keeps the ring useful for an empty or tiny library.
const minCapacity = 8

// NewIndex compiles rules into an Index. Fired.Rule indexes into rules.
// Empty triggers are skipped; NewIndex never fails (validation belongs to
// the snippet library).
func NewIndex(rules []Rule) *Index {
	idx := &Index{rules: make([]compiledRule, len(rules))}
	b := newTrieBuilder()
	last := map[int32]int32{} // chain tails, keyed by 2*node (+1 for word)
	longest := 0
	var folded []rune
	for i, r := range rules {
		cr := &idx.rules[i]
		cr.word, cr.propagate = r.Word, r.PropagateCase
		cr.forms = renderForms(r.Replace, r.PropagateCase)
		for _, trig := range r.Triggers {
			if trig == "" {
				continue
			}
			t := int32(len(idx.targets))
			first := len(idx.runes)
			folded = folded[:0]
			for _, c := range trig {
				idx.runes = append(idx.runes, c)
				folded = append(folded, foldRune(c))
			}
			longest = max(longest, len(folded))
			idx.targets = append(idx.targets, target{
				rule: i, trigger: trig, first: int32(first), n: int32(len(folded)),
				propagate: r.PropagateCase, next: -1,
			})
			node := b.add(folded)
			head, key := &b.nodes[node].imm, 2*node
			if r.Word {
				head, key = &b.nodes[node].word, key+1
				idx.hasWord = true
			}
			if *head < 0 {
				*head = t
			} else {
				idx.targets[last[key]].next = t
			}
			last[key] = t
		}
	}
	idx.trie = b.flatten()
	// The trigger, the rune before a word trigger, and its separator.
	idx.capacity = max(longest+2, minCapacity)
	return idx
}

// Len reports how many rules the index was built from.
func (idx *Index) Len() int { return len(idx.rules) }

// renderForms removes the cursor marker and renders the three case forms.
// Non-propagating rules only ever use asIs.
func renderForms(reply string, propagate bool) (f [numForms]rendered) {
	text, left, marker := SplitCaret(reply)
	f[asIs] = rendered{text: text, left: left, marker: marker}
	f[capitalized], f[upper] = f[asIs], f[asIs]
	if propagate {
		// Both mappings are rune for rune, so the caret offset is unchanged.
		f[capitalized].text = capitalize(f[asIs].text)
		f[upper].text = strings.ToUpper(f[asIs].text)
	}
	return f
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
		var b strings.Builder
		for i := range forms {
			b.Grow(numSeps * (len(cr.forms[i].text) + 1))
		}
		for i := range forms {
			for j := 0; j < numSeps; j++ {
				b.WriteString(cr.forms[i].text)
				b.WriteByte(separators[j])
			}
		}
		all, off := b.String(), 0
		for i := range forms {
			n := len(cr.forms[i].text) + 1
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
