package snippets

import (
	"fmt"

	"github.com/kindly-support/kindly/snippets/placeholder"
)

// CheckBudgets finds the replies whose includes would pass the rendering
// budgets (placeholder.MaxIncludes includes, placeholder.MaxOutput bytes of
// reply) once every {{> …}} is followed through snips. Rendering refuses such
// a reply anyway; this says so before it is ever typed, at the reply's first
// include, so that `kindly check` and `pack add` refuse the library. The
// length counted is each reply's own text (placeholders as written), so
// fill-in values and the clipboard are not in it: Render still checks those.
// src gives the files' bytes for exact positions (nil: the snippet's trigger).
func CheckBudgets(snips []Snippet, src Source) []Problem {
	tpls := make([]*placeholder.Template, len(snips))
	for i := range snips {
		if t, errs := placeholder.Parse(snips[i].Replace); len(errs) == 0 {
			tpls[i] = t
		}
	}
	return budgetProblems(snips, tpls, triggerIndex(snips), NewReplyLocator(src))
}

// triggerIndex maps each trigger to the first snippet that has it.
func triggerIndex(snips []Snippet) map[string]int {
	by := map[string]int{}
	for i := range snips {
		for _, t := range snips[i].Triggers {
			if _, dup := by[t]; !dup {
				by[t] = i
			}
		}
	}
	return by
}

// renderCost is what rendering a reply takes: includes followed and bytes.
type renderCost struct{ includes, size int }

// costCap keeps the sums from overflowing; anything past it is past every
// budget.
const costCap = 1 << 40

func capped(n int) int { return min(n, costCap) }

func budgetProblems(snips []Snippet, tpls []*placeholder.Template, byTrigger map[string]int, loc *ReplyLocator) []Problem {
	const (
		unseen = iota
		active
		done
	)
	state := make([]int, len(snips))
	memo := make([]renderCost, len(snips))
	var cost func(i int) renderCost
	cost = func(i int) renderCost {
		switch state[i] {
		case done:
			return memo[i]
		case active:
			return renderCost{} // a cycle: reported by CheckPlaceholders
		}
		state[i] = active
		c := renderCost{size: len(snips[i].Replace)}
		if tpls[i] != nil {
			for _, r := range tpls[i].Refs() {
				if !r.Include {
					continue
				}
				c.includes = capped(c.includes + 1)
				if j, ok := byTrigger[r.Name]; ok {
					cj := cost(j)
					c.includes = capped(c.includes + cj.includes)
					c.size = capped(c.size + cj.size)
				}
			}
		}
		memo[i], state[i] = c, done
		return c
	}
	var ps []Problem
	for i := range snips {
		if tpls[i] == nil {
			continue
		}
		c := cost(i)
		if c.includes <= placeholder.MaxIncludes && c.size <= placeholder.MaxOutput {
			continue
		}
		s := &snips[i]
		at, first := 0, ""
		for _, r := range tpls[i].Refs() {
			if r.Include {
				at, first = r.Offset, r.Name
				break
			}
		}
		var msg string
		switch {
		case c.includes > placeholder.MaxIncludes:
			msg = fmt.Sprintf("this reply would include other replies %s times in all, through {{> %s}} and the replies it includes; one expansion may include at most %d, so kindly would refuse to expand it",
				countText(c.includes), first, placeholder.MaxIncludes)
		case first != "":
			msg = fmt.Sprintf("this reply would be %s long once {{> %s}} and its other includes are in; one expansion may be at most %d KiB, so kindly would refuse to expand it",
				sizeText(c.size), first, placeholder.MaxOutput>>10)
		default:
			msg = fmt.Sprintf("this reply is %s long; one expansion may be at most %d KiB, so kindly would refuse to expand it",
				sizeText(c.size), placeholder.MaxOutput>>10)
		}
		ps = append(ps, Problem{loc.Pos(s, at), Error, msg})
	}
	return ps
}

// countText writes a count, or "more than a million".
func countText(n int) string {
	if n > 1_000_000 {
		return "more than a million"
	}
	return fmt.Sprint(n)
}

// sizeText writes a size in KiB, or "more than 1 GiB".
func sizeText(n int) string {
	if n > 1<<30 {
		return "more than 1 GiB"
	}
	return fmt.Sprintf("%d KiB", (n+1023)>>10)
}
