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

// shadowers are the immediate triggers (exact, and case-folded for
// propagate_case ones) that can fire inside a longer trigger.
type shadowers[O any] struct {
	exact, folded map[string]O
	lengths       []int // the keys' lengths in runes, ascending
}

// shadowedBy finds the trigger that fires first while t is typed, if it fires
// before t is complete: the earliest-ending, then longest, immediate trigger
// found inside t that ends before t's last character (exact before folded).
// Only substrings as long as some shadower are looked up, and they are
// slices of t (no allocation), so a large library costs few lookups per
// trigger.
func (sh *shadowers[O]) shadowedBy(t string) (O, bool) {
	var zero O
	if len(sh.lengths) == 0 {
		return zero, false
	}
	ft := t
	if len(sh.folded) > 0 {
		ft = fold(t)
	}
	var tb, fb [MaxTriggerLen*2 + 1]int // byte offset where each rune starts, then len
	n := 0
	for i := range t {
		if n >= len(tb)-1 {
			return zero, false // longer than any valid trigger: checked elsewhere
		}
		tb[n] = i
		n++
	}
	tb[n] = len(t)
	if len(sh.folded) > 0 {
		k := 0
		for i := range ft {
			if k < n {
				fb[k] = i
			}
			k++
		}
		if k != n {
			return zero, false // cannot happen: fold maps rune to rune
		}
		fb[n] = len(ft)
	}
	for end := 1; end < n; end++ {
		for li := len(sh.lengths) - 1; li >= 0; li-- {
			start := end - sh.lengths[li]
			if start < 0 {
				continue
			}
			if o, ok := sh.exact[t[tb[start]:tb[end]]]; ok {
				return o, true
			}
			if len(sh.folded) > 0 {
				if o, ok := sh.folded[ft[fb[start]:fb[end]]]; ok {
					return o, true
				}
			}
		}
	}
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
