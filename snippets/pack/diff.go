package pack

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kindly-support/kindly/snippets"
)

// ChangeKind says how a reply changed between two versions of a pack.
type ChangeKind int

const (
	ReplyAdded ChangeKind = iota
	ReplyRemoved
	ReplyChanged
)

// String returns "added", "removed" or "changed".
func (k ChangeKind) String() string {
	switch k {
	case ReplyAdded:
		return "added"
	case ReplyRemoved:
		return "removed"
	}
	return "changed"
}

// Change is one reply that differs between two versions of a pack.
type Change struct {
	Kind     ChangeKind
	Trigger  string            // the reply's first trigger (in the new version when it has one)
	Old, New *snippets.Snippet // nil for an added (Old) or removed (New) reply
}

// Diff compares two versions of a pack reply by reply. Replies are matched by
// their triggers: a new reply sharing a trigger with an old one is the same
// reply, changed if anything in it differs. Changes are sorted by trigger.
func Diff(old, new []snippets.Snippet) []Change {
	byTrigger := map[string]int{}
	for i, s := range old {
		for _, t := range s.Triggers {
			if _, ok := byTrigger[t]; !ok {
				byTrigger[t] = i
			}
		}
	}
	matched := make([]bool, len(old))
	var out []Change
	for i := range new {
		n := &new[i]
		j := -1
		for _, t := range n.Triggers {
			if k, ok := byTrigger[t]; ok && !matched[k] {
				j = k
				break
			}
		}
		if j < 0 {
			out = append(out, Change{Kind: ReplyAdded, Trigger: n.Triggers[0], New: n})
			continue
		}
		matched[j] = true
		if !sameReply(&old[j], n) {
			out = append(out, Change{Kind: ReplyChanged, Trigger: n.Triggers[0], Old: &old[j], New: n})
		}
	}
	for j := range old {
		if !matched[j] {
			out = append(out, Change{Kind: ReplyRemoved, Trigger: old[j].Triggers[0], Old: &old[j]})
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Trigger < out[b].Trigger })
	return out
}

func sameReply(a, b *snippets.Snippet) bool {
	return strings.Join(a.Triggers, "\x00") == strings.Join(b.Triggers, "\x00") &&
		a.Replace == b.Replace && a.Label == b.Label &&
		strings.Join(a.Tags, "\x00") == strings.Join(b.Tags, "\x00") &&
		a.Word == b.Word && a.PropagateCase == b.PropagateCase
}

// Details describes a changed reply line by line: the fields that changed
// ("label: \"A\" → \"B\"") and the reply's wording as a line diff ("- old
// line", "+ new line", "  same line"). Added and removed replies show their
// wording with "+ " or "- ".
func (c Change) Details() []string {
	var out []string
	switch c.Kind {
	case ReplyAdded:
		for _, l := range strings.Split(c.New.Replace, "\n") {
			out = append(out, "+ "+l)
		}
		return out
	case ReplyRemoved:
		for _, l := range strings.Split(c.Old.Replace, "\n") {
			out = append(out, "- "+l)
		}
		return out
	}
	a, b := c.Old, c.New
	field := func(name, x, y string) {
		if x != y {
			out = append(out, fmt.Sprintf("%s: %s → %s", name, x, y))
		}
	}
	field("triggers", strings.Join(a.Triggers, ", "), strings.Join(b.Triggers, ", "))
	field("label", fmt.Sprintf("%q", a.Label), fmt.Sprintf("%q", b.Label))
	field("tags", "["+strings.Join(a.Tags, ", ")+"]", "["+strings.Join(b.Tags, ", ")+"]")
	field("word", fmt.Sprint(a.Word), fmt.Sprint(b.Word))
	field("propagate_case", fmt.Sprint(a.PropagateCase), fmt.Sprint(b.PropagateCase))
	if a.Replace != b.Replace {
		out = append(out, LineDiff(a.Replace, b.Replace)...)
	}
	return out
}

// LineDiff is a minimal line diff of a and b (longest common subsequence):
// "  " for a kept line, "- " for a removed one, "+ " for an added one.
func LineDiff(a, b string) []string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	// lcs[i][j] is the LCS length of x[i:] and y[j:].
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []string
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			out = append(out, "  "+x[i])
			i, j = i+1, j+1
		case j < len(y) && (i == len(x) || lcs[i][j+1] > lcs[i+1][j]):
			out = append(out, "+ "+y[j])
			j++
		default:
			out = append(out, "- "+x[i])
			i++
		}
	}
	return out
}
