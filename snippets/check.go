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
	for _, c := range Conflicts(snips) {
		switch c.Kind {
		case Duplicate:
			ps = append(ps, Problem{c.Pos, Error,
				fmt.Sprintf("duplicate trigger %s (first defined at %s)", QuoteTrigger(c.Trigger), c.OtherPos)})
		case Shadowed:
			ps = append(ps, Problem{c.Pos, Warning,
				fmt.Sprintf("trigger %s can never fire: typing it fires %s first (defined at %s)",
					QuoteTrigger(c.Trigger), QuoteTrigger(c.Other), c.OtherPos)})
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
