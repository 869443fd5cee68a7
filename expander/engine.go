package expander

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fired says which rule an Edit came from, and how its reply was shaped, so
// that a reply rendered later (placeholders) can be shaped the same way.
type Fired struct {
	Rule    int    // index into the rules given to NewIndex
	Trigger string // the trigger as written in the rule (not as typed: no allocation)
	Case    Case   // the case form the typed trigger asked for
	Sep     rune   // for a word trigger, the separator typed after it (kept after the reply); else 0
}

// Case is how a propagate_case reply is shaped.
type Case uint8

// The case forms.
const (
	AsIs        Case = Case(asIs)        // the reply as written
	Capitalized Case = Case(capitalized) // first letter upper-cased
	Upper       Case = Case(upper)       // all upper case
)

// Shape applies case form c to a reply (for replies rendered at firing time).
func (c Case) Shape(reply string) string {
	switch c {
	case Capitalized:
		return capitalize(reply)
	case Upper:
		return strings.ToUpper(reply)
	}
	return reply
}

// Engine turns keystrokes into Edits. It remembers the runes typed since the
// last reset in a ring buffer sized for the index's longest trigger, so Step
// costs the same however large the library is and never allocates.
//
// An Engine is not safe for concurrent use: one goroutine owns it.
type Engine struct {
	idx  *Index
	ring []rune
	head int // where the next rune goes
	n    int // runes in the ring, newest at head-1
	// lost counts typed runes that fell out of the ring and were not deleted
	// since; while it is zero, the ring starts where the typed text starts.
	lost int
}

var emptyIndex = NewIndex(nil)

// NewEngine returns an Engine matching against idx (nil means no rules).
func NewEngine(idx *Index) *Engine {
	e := &Engine{}
	e.SetIndex(idx)
	return e
}

// SetIndex switches to another index (a reloaded library). What was typed
// so far is kept, so a trigger typed across a reload still fires.
func (e *Engine) SetIndex(idx *Index) {
	if idx == nil {
		idx = emptyIndex
	}
	e.idx = idx
	if len(e.ring) == idx.capacity {
		return
	}
	ring := make([]rune, idx.capacity)
	keep := min(e.n, len(ring))
	for i := range keep {
		ring[keep-1-i] = e.at(i)
	}
	e.lost += e.n - keep
	e.ring, e.head, e.n = ring, keep%len(ring), keep
}

// Reset forgets what was typed, as a click or a focus change does.
func (e *Engine) Reset() { e.n, e.lost, e.head = 0, 0, 0 }

// at returns the rune typed back runes before the newest (0 = newest);
// 0 <= back < e.n.
func (e *Engine) at(back int) rune {
	i := e.head - 1 - back
	if i < 0 {
		i += len(e.ring)
	}
	return e.ring[i]
}

func (e *Engine) push(r rune) {
	e.ring[e.head] = r
	e.head++
	if e.head == len(e.ring) {
		e.head = 0
	}
	if e.n < len(e.ring) {
		e.n++
	} else {
		e.lost++
	}
}

func (e *Engine) pop() {
	switch {
	case e.n > 0:
		e.n--
		e.head--
		if e.head < 0 {
			e.head += len(e.ring)
		}
	case e.lost > 0:
		e.lost--
	}
}

// Step feeds one key to the engine. When the key completes a trigger it
// returns the Edit that replaces the typed trigger with the reply, which
// rule fired, and ok = true; the buffer is then reset.
//
//   - a typed rune (Key.Text) is added to the buffer; Enter and Tab type
//     '\n' and '\t';
//   - Backspace removes the newest rune, so a corrected typo still expands;
//   - Marker keys are ignored;
//   - everything else resets the buffer: Escape, caret movement, Delete,
//     Insert, Click, Window, OtherKey, any key with Ctrl, Alt or Meta held,
//     and a rune that is 0 or not a valid Unicode code point.
func (e *Engine) Step(k Key) (Edit, Fired, bool) {
	if k.Special == Marker {
		return Edit{}, Fired{}, false
	}
	if k.Mods.Shortcut() {
		e.Reset()
		return Edit{}, Fired{}, false
	}
	var r rune
	switch k.Special {
	case None:
		r = k.Rune
		if r == 0 || !utf8.ValidRune(r) {
			e.Reset()
			return Edit{}, Fired{}, false
		}
	case Enter:
		r = '\n'
	case Tab:
		r = '\t'
	case Backspace:
		e.pop()
		return Edit{}, Fired{}, false
	default:
		e.Reset()
		return Edit{}, Fired{}, false
	}
	e.push(r)
	return e.match(r)
}

// match looks for a trigger ending at the newest rune r.
func (e *Engine) match(r rune) (Edit, Fired, bool) {
	idx := e.idx
	imm, immLen := e.longest(false)
	word, wordLen := int32(-1), 0
	sep := sepOf(r)
	if sep >= 0 && idx.hasWord {
		word, wordLen = e.longest(true)
	}
	switch {
	case imm >= 0 && (word < 0 || immLen >= wordLen+1):
		tg := &idx.targets[imm]
		cr := &idx.rules[tg.rule]
		form := e.form(cr, 0, immLen)
		f := cr.form(form)
		e.Reset()
		return Edit{Delete: immLen, Insert: f.text, Left: int(f.left)}, Fired{tg.rule, tg.trigger, Case(form), 0}, true
	case word >= 0:
		tg := &idx.targets[word]
		cr := &idx.rules[tg.rule]
		form := e.form(cr, 1, wordLen)
		f := cr.form(form)
		ed := Edit{Delete: wordLen + 1, Insert: cr.insertWithSep(form, sep), Left: int(f.left)}
		if f.marker {
			ed.Left++ // the separator went in after the caret mark
		}
		e.Reset()
		return ed, Fired{tg.rule, tg.trigger, Case(form), r}, true
	}
	return Edit{}, Fired{}, false
}

// longest walks the trie backwards from the newest rune (from the one
// before it for word triggers) and returns the longest trigger ending
// there, as a target index and a length in runes, or -1, 0.
func (e *Engine) longest(word bool) (int32, int) {
	t := &e.idx.trie
	skip := 0
	if word {
		skip = 1
	}
	node, best, bestLen := int32(0), int32(-1), 0
	for back := skip; back < e.n; back++ {
		if node = t.child(node, foldRune(e.at(back))); node < 0 {
			break
		}
		nd := &t.nodes[node]
		if nd.tailN > 0 {
			// A collapsed run: its runes must all follow.
			if back+int(nd.tailN) >= e.n || !e.follows(t.tails[nd.tail:nd.tail+nd.tailN], back+1) {
				break
			}
			back += int(nd.tailN)
		}
		chain := nd.imm
		if word {
			chain = nd.word
		}
		if chain < 0 || word && !e.boundary(back+1) {
			continue
		}
		if tg := e.pick(chain, skip); tg >= 0 {
			best, bestLen = tg, back+1-skip
		}
	}
	return best, bestLen
}

// follows reports whether the typed runes from back runes before the newest
// (going back) fold to rs.
func (e *Engine) follows(rs []rune, back int) bool {
	for i, r := range rs {
		if foldRune(e.at(back+i)) != r {
			return false
		}
	}
	return true
}

// pick chooses among the targets of one trie node, whose triggers all
// fold to the typed runes ending skip runes before the newest: the first
// (in rule order) that the typed runes spell exactly, else the first
// propagate_case one, else none.
func (e *Engine) pick(chain int32, skip int) int32 {
	targets, folded := e.idx.targets, int32(-1)
	for t := chain; t >= 0; t = targets[t].next {
		tg := &targets[t]
		if tg.propagate && folded < 0 && tg.next < 0 {
			return t // exact or not, it is the answer
		}
		if e.spells(tg, skip) {
			return t
		}
		if tg.propagate && folded < 0 {
			folded = t
		}
	}
	return folded
}

// spells reports whether the runes typed up to skip runes before the newest
// are exactly tg's trigger.
func (e *Engine) spells(tg *target, skip int) bool {
	s, back := tg.trigger, skip
	for len(s) > 0 {
		r, size := rune(s[len(s)-1]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeLastRuneInString(s)
		}
		if e.at(back) != r {
			return false
		}
		s, back = s[:len(s)-size], back+1
	}
	return true
}

// boundary reports whether the rune back runes before the newest is a
// separator or lies before the start of the typed text.
func (e *Engine) boundary(back int) bool {
	if back < e.n {
		return sepOf(e.at(back)) >= 0
	}
	return e.lost == 0
}

// form decides the case form from the typed trigger: the n runes ending
// skip runes before the newest.
func (e *Engine) form(cr *compiledRule, skip, n int) caseForm {
	if !cr.propagate {
		return asIs
	}
	letters, uppers, firstUpper := 0, 0, false
	for back := skip + n - 1; back >= skip; back-- {
		r := e.at(back)
		if !unicode.IsLetter(r) {
			continue
		}
		up := unicode.IsUpper(r) || unicode.IsTitle(r)
		if letters == 0 {
			firstUpper = up
		}
		letters++
		if up {
			uppers++
		}
	}
	switch {
	case letters >= 2 && uppers == letters:
		return upper
	case firstUpper:
		return capitalized
	}
	return asIs
}
