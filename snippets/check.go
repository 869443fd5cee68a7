package snippets

import (
	"fmt"
	"sort"
	"unicode"
)

// check applies the rules that span entries and files: duplicate triggers
// (errors) and triggers that can never fire (warnings). snips are in load
// order; "first" means earlier in that order.
func check(snips []Snippet) []Problem {
	var ps []Problem
	type place struct{ s, t int } // snippet index, trigger index
	first := map[string]place{}
	for si := range snips {
		for ti, t := range snips[si].Triggers {
			if f, dup := first[t]; dup {
				ps = append(ps, Problem{snips[si].triggerPos(ti), Error,
					fmt.Sprintf("duplicate trigger %q (first defined at %s)", t, snips[f.s].triggerPos(f.t))})
				continue
			}
			first[t] = place{si, ti}
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
	exact, folded := map[string]owner{}, map[string]owner{}
	for si := range snips {
		if snips[si].Word {
			continue
		}
		for ti, t := range snips[si].Triggers {
			if first[t] != (place{si, ti}) {
				continue
			}
			m, key := exact, t
			if snips[si].PropagateCase {
				m, key = folded, fold(t)
			}
			if _, taken := m[key]; !taken {
				m[key] = owner{t, place{si, ti}}
			}
		}
	}
	for si := range snips {
		for ti, t := range snips[si].Triggers {
			if first[t] != (place{si, ti}) {
				continue
			}
			if o, ok := shadowedBy(t, exact, folded); ok {
				ps = append(ps, Problem{snips[si].triggerPos(ti), Warning,
					fmt.Sprintf("trigger %q can never fire: typing it fires %q first (defined at %s)",
						t, o.trigger, snips[o.s].triggerPos(o.t))})
			}
		}
	}
	return ps
}

// shadowedBy finds the trigger that fires first while t is typed, if it fires
// before t is complete: the earliest-ending, then longest, immediate trigger
// found inside t that ends before t's last character (exact before folded).
func shadowedBy[O any](t string, exact, folded map[string]O) (O, bool) {
	rs := []rune(t)
	fs := []rune(fold(t))
	for end := 1; end < len(rs); end++ {
		for start := 0; start < end; start++ {
			if o, ok := exact[string(rs[start:end])]; ok {
				return o, true
			}
			if o, ok := folded[string(fs[start:end])]; ok {
				return o, true
			}
		}
	}
	var zero O
	return zero, false
}

// fold maps every rune to the smallest rune of its Unicode simple-fold orbit,
// so fold(a) == fold(b) exactly when strings.EqualFold(a, b) rune by rune.
func fold(t string) string {
	rs := []rune(t)
	for i, r := range rs {
		min := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if f < min {
				min = f
			}
		}
		rs[i] = min
	}
	return string(rs)
}

// sortProblems orders problems by file (in load order when fileOrder is given,
// else by name), then line and column; it is stable, so problems at one place
// keep the order they were found in.
func sortProblems(ps []Problem, fileOrder map[string]int) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i].Pos, ps[j].Pos
		if a.File != b.File {
			if fileOrder != nil {
				return fileOrder[a.File] < fileOrder[b.File]
			}
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}
