package snippets

import (
	"sort"
	"unicode/utf8"
)

// ConflictKind says how two triggers clash.
type ConflictKind int

const (
	// Duplicate: the same trigger is defined twice.
	Duplicate ConflictKind = iota
	// Shadowed: typing the trigger fires another, shorter one first, so it
	// can never fire.
	Shadowed
)

// Conflict is one trigger clash found by [Conflicts]: the trigger at Pos is a
// duplicate of, or is shadowed by, Other (defined at OtherPos).
type Conflict struct {
	Kind     ConflictKind
	Trigger  string
	Pos      Pos
	Other    string
	OtherPos Pos
}

// Conflicts finds duplicate and shadowed triggers among snips (in load order:
// "first" means earlier), by the same rules the library checks apply on load
// (check.go words these as problems), as values rather than messages, for
// tools such as lint that combine several libraries or give their own advice.
// Duplicates come first, then shadowed triggers, each in load order.
func Conflicts(snips []Snippet) []Conflict {
	var cs []Conflict
	type place struct{ s, t int }
	n := 0
	for si := range snips {
		n += len(snips[si].Triggers)
	}
	first := make(map[string]place, n)
	isFirst := make([]bool, n) // by trigger, in load order: the first definition of its text
	k := 0
	for si := range snips {
		for ti, t := range snips[si].Triggers {
			if f, dup := first[t]; dup {
				cs = append(cs, Conflict{Duplicate, t, snips[si].triggerPos(ti), t, snips[f.s].triggerPos(f.t)})
			} else {
				first[t] = place{si, ti}
				isFirst[k] = true
			}
			k++
		}
	}

	// An immediate (non-word) trigger fires as soon as it is typed, so it
	// shadows every longer trigger that contains it anywhere but at the very
	// end. (Ending at the same place is fine: the longest match wins there.)
	// A propagate_case trigger matches regardless of case, as the engine
	// compares it case-folded.
	type owner struct {
		trigger string
		place
	}
	exact, folded := make(map[string]owner, n), map[string]owner{}
	lengths := map[int]bool{} // rune lengths of the immediate triggers
	k = 0
	for si := range snips {
		for ti, t := range snips[si].Triggers {
			k++
			if snips[si].Word || !isFirst[k-1] {
				continue
			}
			m, key := exact, t
			if snips[si].PropagateCase {
				m, key = folded, fold(t)
			}
			if _, taken := m[key]; !taken {
				m[key] = owner{t, place{si, ti}}
				lengths[utf8.RuneCountInString(key)] = true
			}
		}
	}
	sh := shadowers[owner]{exact: exact, folded: folded, lengths: sortedLengths(lengths)}
	k = 0
	for si := range snips {
		for ti, t := range snips[si].Triggers {
			k++
			if !isFirst[k-1] {
				continue
			}
			if o, ok := sh.shadowedBy(t); ok {
				cs = append(cs, Conflict{Shadowed, t, snips[si].triggerPos(ti), o.trigger, snips[o.s].triggerPos(o.t)})
			}
		}
	}
	return cs
}

func sortedLengths(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for n := range m {
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}
