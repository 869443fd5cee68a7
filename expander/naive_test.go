package expander

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// naive is the reference the Engine is fuzzed against: it keeps the typed
// text as a plain rune slice (cut to the same capacity as the Engine's ring,
// counting what was cut), and on each rune checks every trigger of every rule
// with plain slice and string comparisons, then renders the reply from
// scratch.
type naive struct {
	rules    []Rule
	capacity int
	typed    []rune
	lost     int
}

func newNaive(rules []Rule) *naive {
	n := &naive{}
	n.setRules(rules)
	return n
}

func (n *naive) setRules(rules []Rule) {
	n.rules = rules
	longest := 0
	for _, r := range rules {
		for _, t := range r.Triggers {
			longest = max(longest, utf8.RuneCountInString(t))
		}
	}
	n.capacity = max(longest+2, minCapacity)
	if len(n.typed) > n.capacity {
		cut := len(n.typed) - n.capacity
		n.lost += cut
		n.typed = n.typed[cut:]
	}
}

func (n *naive) reset() { n.typed, n.lost = nil, 0 }

func (n *naive) step(k Key) (Edit, Fired, bool) {
	if k.Special == Marker {
		return Edit{}, Fired{}, false
	}
	var r rune
	switch {
	case k.Mods&(Ctrl|Alt|Meta) != 0:
		n.reset()
		return Edit{}, Fired{}, false
	case k.Special == None && k.Rune != 0 && utf8.ValidRune(k.Rune):
		r = k.Rune
	case k.Special == Enter:
		r = '\n'
	case k.Special == Tab:
		r = '\t'
	case k.Special == Backspace:
		if len(n.typed) > 0 {
			n.typed = n.typed[:len(n.typed)-1]
		} else if n.lost > 0 {
			n.lost--
		}
		return Edit{}, Fired{}, false
	default:
		n.reset()
		return Edit{}, Fired{}, false
	}
	n.typed = append(n.typed, r)
	if len(n.typed) > n.capacity {
		n.typed = n.typed[1:]
		n.lost++
	}

	type cand struct {
		span    int // runes of typed text replaced
		word    bool
		exact   bool
		rule    int
		trigger string
		typed   []rune
	}
	better := func(a, b cand) bool { // a beats b
		if a.span != b.span {
			return a.span > b.span
		}
		if a.word != b.word {
			return !a.word
		}
		if a.exact != b.exact {
			return a.exact
		}
		return a.rule < b.rule // same rule: keep the earlier trigger
	}
	var best *cand
	isSep := strings.ContainsRune(" \t\n.,;:!?\"'()[]{}<>", r)
	for i, rule := range n.rules {
		for _, t := range rule.Triggers {
			if t == "" {
				continue
			}
			tr := []rune(t)
			text := n.typed
			if rule.Word {
				if !isSep {
					continue
				}
				text = text[:len(text)-1]
			}
			if len(text) < len(tr) {
				continue
			}
			tail := text[len(text)-len(tr):]
			c := cand{span: len(tr), word: rule.Word, rule: i, trigger: t, typed: tail}
			if rule.Word {
				c.span++
				before := len(text) - len(tr) - 1
				if before >= 0 && !strings.ContainsRune(" \t\n.,;:!?\"'()[]{}<>", text[before]) {
					continue
				}
				if before < 0 && n.lost > 0 {
					continue
				}
			}
			switch {
			case string(tail) == t:
				c.exact = true
			case rule.PropagateCase && strings.EqualFold(string(tail), t):
			default:
				continue
			}
			if best == nil || better(c, *best) {
				best = &c
			}
		}
	}
	if best == nil {
		return Edit{}, Fired{}, false
	}
	n.reset()
	reply := n.rules[best.rule].Replace
	if n.rules[best.rule].PropagateCase {
		reply = naiveCase(reply, best.typed)
	}
	before, after, marker := strings.Cut(reply, "$|$")
	after = strings.ReplaceAll(after, "$|$", "")
	ed := Edit{Delete: best.span, Insert: before + after, Left: len([]rune(after))}
	if best.word {
		ed.Insert += string(r)
		if marker {
			ed.Left++
		}
	}
	f := Fired{Rule: best.rule, Trigger: best.trigger}
	if n.rules[best.rule].PropagateCase {
		f.Case = naiveForm(best.typed)
	}
	if best.word {
		f.Sep = r
	}
	return ed, f, true
}

// naiveCase shapes reply like typed: all letters upper (two or more) →
// UPPER, first letter upper → Capitalized, else as is.
func naiveCase(reply string, typed []rune) string {
	switch naiveForm(typed) {
	case Upper:
		return strings.ToUpper(reply)
	case Capitalized:
		rs := []rune(reply)
		for i, r := range rs {
			if unicode.IsLetter(r) {
				rs[i] = unicode.ToTitle(r)
				break
			}
		}
		return string(rs)
	}
	return reply
}

// naiveForm is the case form typed asks for.
func naiveForm(typed []rune) Case {
	var letters []rune
	for _, r := range typed {
		if unicode.IsLetter(r) {
			letters = append(letters, r)
		}
	}
	isUp := func(r rune) bool { return unicode.IsUpper(r) || unicode.IsTitle(r) }
	allUp := len(letters) >= 2
	for _, r := range letters {
		allUp = allUp && isUp(r)
	}
	if allUp {
		return Upper
	}
	if len(letters) > 0 && isUp(letters[0]) {
		return Capitalized
	}
	return AsIs
}
