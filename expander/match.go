package expander

// How the engine finds a trigger
//
// The engine keeps the last runes the user typed in a small ring buffer and,
// after each typed rune, asks one question: "does the text typed so far end
// with a trigger?" Triggers are matched at the END of the text, so they are
// stored reversed: a trie whose root edges are the LAST rune of each trigger,
// whose next edges are the second-to-last rune, and so on. To answer the
// question the engine walks that trie from the root while walking the buffer
// backwards from the newest rune:
//
//	triggers: ";ty"  ";sorry"  ";;sorry"          typed: "ok ;;sorry"
//
//	root ─y─ · ─t─ · ─;─ [;ty]                    walk: y r r o s ; ;
//	      └─r─ · ─r─ · ─o─ · ─s─ · ─;─ [;sorry]   nodes: · · · · · [;sorry]
//	                                  └─;─ [;;sorry]             [;;sorry]  ← longest
//
// Every node where a trigger ends is a candidate; the walk continues past it,
// so the last candidate seen is the longest trigger ending at the caret. The
// walk stops at the first rune with no edge, so it costs at most one step per
// rune of the longest trigger, however many triggers the library holds: the
// per-keystroke cost depends on trigger length, never on library size. A
// node's children sit next to each other in one flat, rune-sorted array
// (linear scan for small fan-out, binary search otherwise), so the walk
// touches few cache lines and allocates nothing.
//
// There is one trie, and it is case-folded: every rune of every trigger is
// replaced by the smallest rune of its Unicode simple-fold orbit (the same
// equivalence as strings.EqualFold: 'k', 'K' and the Kelvin sign 'K' are one
// rune), and the typed runes are folded the same way during the walk. A node
// where triggers end lists them (rarely more than one) in rule order. A
// propagate_case trigger matches as soon as the walk reaches its node; any
// other trigger must also equal the typed runes exactly, which the engine
// checks by comparing at most the trigger's length. Among the triggers of one
// node, an exact match beats a case-folded one. One trie rather than an
// exact and a folded one means one walk per keystroke, not two.
//
// Word triggers live in the same trie (a node lists its immediate and its
// word triggers separately). They are looked up only when the rune just typed
// is a separator, and the walk starts one rune back, before the separator. A
// word candidate also needs a boundary: the rune before it must be a
// separator, or the typed text must start right there. Characters of the
// trigger itself are matched literally, so ";ty" is a fine word trigger even
// though ';' is a separator.
//
// Which candidate wins, in order: the one covering more typed runes (a word
// trigger also covers its separator); an immediate trigger over a word
// trigger; an exact match over a case-folded one; the lower rule index; the
// earlier trigger of that rule.
//
// The ring buffer holds the longest trigger plus two runes (the rune before a
// word trigger and its separator), so everything a match can look at is in
// it. The engine also counts the runes that fell out of the ring; while that
// count is zero the ring starts where the typed text starts (after a reset),
// which is a word boundary. If the user backspaces into runes that fell out,
// the rune before a trigger is unknown and is taken as "not a boundary".
//
// Everything a firing needs is rendered when the index is built: for each
// rule, the reply as is, Capitalized and UPPER, with the "$|$" cursor marker
// removed and the caret offset counted. Firing then picks one of them.

import (
	"slices"
	"strings"
	"unicode"
)

// trie is a reversed trie flattened into two arrays: node i's children are
// edges[nodes[i].first : nodes[i].first+nodes[i].count], sorted by rune.
// Node 0 is the root. A run of nodes with one child each and no trigger
// ending at them is collapsed into the node at its end, which keeps the
// run's runes (after the edge's) in tails: a library of 100,000 triggers
// that mostly differ near their start (";refund1234") has a quarter of the
// nodes it would otherwise.
type trie struct {
	nodes []trieNode
	edges []trieEdge
	tails []rune      // the collapsed runs, back to back
	root  [0x80]int32 // the root's children along ASCII runes, or -1: the one node every walk visits
}

type trieNode struct {
	first, count int32
	imm, word    int32 // first of the Index.targets ending here (a chain in rule order), or -1
	tail, tailN  int32 // tails[tail:tail+tailN] must follow the edge's rune to reach this node
}

type trieEdge struct {
	r     rune
	child int32
}

// linearMax is the fan-out up to which child scans linearly.
const linearMax = 8

// child returns the child of node n along r, or -1.
func (t *trie) child(n int32, r rune) int32 {
	if n == 0 && uint32(r) < 0x80 {
		return t.root[r]
	}
	nd := &t.nodes[n]
	es := t.edges[nd.first : nd.first+nd.count]
	if len(es) <= linearMax {
		for i := range es {
			if es[i].r == r {
				return es[i].child
			}
		}
		return -1
	}
	lo, hi := 0, len(es)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if es[m].r < r {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(es) && es[lo].r == r {
		return es[lo].child
	}
	return -1
}

// trieBuilder builds a trie. Each node's children are a linked list in one
// shared edge pool, so building allocates per library, not per node.
type trieBuilder struct {
	nodes []builderNode
	edges []builderEdge
}

type builderNode struct {
	kids      int32 // first edge in the pool, or -1
	imm, word int32
}

type builderEdge struct {
	r           rune
	child, next int32
}

func newTrieBuilder(runes int) *trieBuilder {
	b := &trieBuilder{nodes: make([]builderNode, 1, runes+1), edges: make([]builderEdge, 0, runes)} // at most one node per rune
	b.nodes[0] = builderNode{kids: -1, imm: -1, word: -1}
	return b
}

// addSorted inserts runes (a trigger reversed) and returns the node where
// they end. Keys must come in sorted order: then the child a key shares
// with earlier keys is always its node's newest child, the head of the
// list.
func (b *trieBuilder) addSorted(runes []rune) int32 {
	n := int32(0)
	for _, r := range runes {
		if e := b.nodes[n].kids; e >= 0 && b.edges[e].r == r {
			n = b.edges[e].child
			continue
		}
		next := int32(len(b.nodes))
		b.nodes = append(b.nodes, builderNode{kids: -1, imm: -1, word: -1})
		b.edges = append(b.edges, builderEdge{r: r, child: next, next: b.nodes[n].kids})
		b.nodes[n].kids = int32(len(b.edges) - 1)
		n = next
	}
	return n
}

// flatten lays the nodes out breadth-first with each node's children
// contiguous and sorted by rune, collapsing runs of single-child nodes
// where no trigger ends.
func (b *trieBuilder) flatten() trie {
	t := trie{
		nodes: make([]trieNode, 0, len(b.nodes)/2),
		edges: make([]trieEdge, 0, len(b.edges)/2),
	}
	for i := range t.root {
		t.root[i] = -1
	}
	type queued struct{ old, tail, tailN int32 }
	queue := make([]queued, 1, len(b.nodes)/2+1) // the position is the new id
	for i := 0; i < len(queue); i++ {
		q := queue[i]
		old := &b.nodes[q.old]
		first := len(t.edges)
		for e := old.kids; e >= 0; e = b.edges[e].next {
			t.edges = append(t.edges, trieEdge{b.edges[e].r, b.edges[e].child})
		}
		kids := t.edges[first:]
		slices.SortFunc(kids, func(x, y trieEdge) int { return int(x.r) - int(y.r) })
		for j := range kids {
			// Follow the run below this edge to its end.
			c, tail := kids[j].child, int32(len(t.tails))
			for {
				n := &b.nodes[c]
				if n.imm >= 0 || n.word >= 0 || n.kids < 0 || b.edges[n.kids].next >= 0 {
					break
				}
				t.tails = append(t.tails, b.edges[n.kids].r)
				c = b.edges[n.kids].child
			}
			queue = append(queue, queued{c, tail, int32(len(t.tails)) - tail})
			kids[j].child = int32(len(queue) - 1)
			if i == 0 && uint32(kids[j].r) < 0x80 {
				t.root[kids[j].r] = kids[j].child
			}
		}
		t.nodes = append(t.nodes, trieNode{
			first: int32(first), count: int32(len(kids)),
			imm: old.imm, word: old.word,
			tail: q.tail, tailN: q.tailN,
		})
	}
	// The arrays were sized for the uncollapsed trie: keep only what is used.
	t.nodes, t.edges, t.tails = fit(t.nodes), fit(t.edges), fit(t.tails)
	return t
}

// fit returns s in an array of its length when its array is much larger.
func fit[T any](s []T) []T {
	if cap(s) <= len(s)+len(s)/8 {
		return s
	}
	return append(make([]T, 0, len(s)), s...)
}

// foldRune maps r to the smallest rune of its simple-fold orbit, so that
// foldRune(a) == foldRune(b) exactly when strings.EqualFold would treat a
// and b as equal.
func foldRune(r rune) rune {
	if r < 0x80 {
		if 'a' <= r && r <= 'z' {
			return r - ('a' - 'A')
		}
		return r
	}
	m := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f < m {
			m = f
		}
	}
	return m
}

// separators are the runes that end a word: whitespace typed by Space, Tab
// and Enter, and common ASCII punctuation.
const separators = " \t\n.,;:!?\"'()[]{}<>"

const numSeps = len(separators)

// sepOf returns r's index in separators, or -1 if r is not a separator.
func sepOf(r rune) int {
	if r >= 0 && r < 0x80 {
		return strings.IndexByte(separators, byte(r))
	}
	return -1
}

// IsSeparator reports whether r ends a word for word triggers: space, tab,
// newline or one of . , ; : ! ? " ' ( ) [ ] { } < >
func IsSeparator(r rune) bool { return sepOf(r) >= 0 }
