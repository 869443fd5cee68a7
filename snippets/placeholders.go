package snippets

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/kindly-support/kindly/snippets/format"
	"github.com/kindly-support/kindly/snippets/placeholder"
	"github.com/kindly-support/kindly/snippets/profile"
)

// Source returns the bytes of a library file by the name in Pos.File; ok is
// false when unknown.
type Source func(file string) (data []byte, ok bool)

// CheckPlaceholders checks the {{…}} placeholders of every reply in snips
// (load order, several libraries may be concatenated):
//
//   - syntax mistakes (errors), at the exact line and column inside the reply;
//   - includes ({{> ;sig}}) of triggers no snippet has, include cycles, and
//     replies whose includes pass the rendering budgets (errors, see
//     [CheckBudgets]);
//   - markdown and HTML mistakes ([format.Check]: raw HTML the sanitiser
//     drops, links that did not become links, unbalanced tags), errors;
//   - profile keys: a standard key (agent, team, company, signature) the
//     profile does not set, and a name that looks like a misspelt profile
//     key (warnings, listing the keys the profile has). Both would be asked
//     for as fill-ins every time.
//
// prof is the agent's profile (nil: none). src gives the files' bytes so
// positions point inside the reply; without it (or when the reply cannot be
// found in its file) a problem points at the snippet's first trigger.
// Positions are exact in literal block scalars (|, |-); in folded, quoted and
// plain scalars the placeholder's text is looked up in the file, and when an
// escape sequence or a folded line changes that text, the problem points at
// the start of the reply.
func CheckPlaceholders(snips []Snippet, prof map[string]string, src Source) []Problem {
	loc := NewReplyLocator(src)
	var ps []Problem
	tpls := make([]*placeholder.Template, len(snips))
	byTrigger := triggerIndex(snips)
	type unset struct {
		pos  Pos
		more int
	}
	unsetKeys := map[string]*unset{}
	var unsetOrder []string
	known := profile.Keys(prof)
	knownText := "the profile is empty"
	if len(known) > 0 {
		knownText = "profile keys: " + strings.Join(known, ", ")
	}
	for i := range snips {
		s := &snips[i]
		for _, m := range format.Check(s.Format, s.Replace) {
			ps = append(ps, Problem{loc.Pos(s, m.Offset), Error, fmt.Sprintf("%s: %s", s.Format, m.Msg)})
		}
		tpl, errs := placeholder.Parse(s.Replace)
		for _, e := range errs {
			ps = append(ps, Problem{loc.Pos(s, e.Offset), Error, e.Msg})
		}
		if len(errs) > 0 {
			continue
		}
		tpls[i] = tpl
		for _, r := range tpl.Refs() {
			switch {
			case r.Include:
				if _, ok := byTrigger[r.Name]; !ok {
					ps = append(ps, Problem{loc.Pos(s, r.Offset), Error,
						fmt.Sprintf("{{> %s}} includes a trigger no snippet has", r.Name)})
				}
			case r.Kind != placeholder.Text:
			case hasValue(prof, r.Name):
			case isStandard(r.Name) && r.Fallback:
				// {{help_center|https://…}}: the fallback serves until the
				// profile sets it; nothing is asked.
			case isStandard(r.Name):
				if u := unsetKeys[r.Name]; u != nil {
					u.more++
					continue
				}
				unsetKeys[r.Name] = &unset{pos: loc.Pos(s, r.Offset)}
				unsetOrder = append(unsetOrder, r.Name)
			default:
				if near, ok := nearKey(r.Name, append(known, profile.StandardKeys()...)); ok {
					ps = append(ps, Problem{loc.Pos(s, r.Offset), Warning,
						fmt.Sprintf("unknown profile key %q (did you mean %q?): kindly will ask for it every time; %s", r.Name, near, knownText)})
				}
			}
		}
	}
	for _, k := range unsetOrder {
		u := unsetKeys[k]
		also := ""
		switch {
		case u.more == 1:
			also = " (used 1 more time)"
		case u.more > 1:
			also = fmt.Sprintf(" (used %d more times)", u.more)
		}
		ps = append(ps, Problem{u.pos, Warning,
			fmt.Sprintf("profile key %q is not set, so kindly will ask for it every time%s: run 'kindly profile set %s …'; %s", k, also, k, knownText)})
	}

	// Include cycles: a depth-first walk over the include graph, each cycle
	// reported once, at the include that closes it.
	const (
		unseen = iota
		active
		done
	)
	state := make([]int, len(snips))
	reported := map[string]bool{}
	var path []int
	var visit func(i int)
	visit = func(i int) {
		state[i] = active
		path = append(path, i)
		if tpls[i] != nil {
			for _, r := range tpls[i].Refs() {
				j, ok := byTrigger[r.Name]
				if !r.Include || !ok {
					continue
				}
				switch state[j] {
				case unseen:
					visit(j)
				case active:
					at := 0
					for path[at] != j {
						at++
					}
					cycle := path[at:]
					ids := append([]int(nil), cycle...)
					sort.Ints(ids)
					key := fmt.Sprint(ids)
					if reported[key] {
						continue
					}
					reported[key] = true
					var names []string
					for _, k := range cycle {
						names = append(names, includeName(&snips[k], tpls, path, k))
					}
					names = append(names, r.Name)
					ps = append(ps, Problem{loc.Pos(&snips[i], r.Offset), Error,
						"include cycle: " + strings.Join(names, " → ")})
				}
			}
		}
		path = path[:len(path)-1]
		state[i] = done
	}
	for i := range snips {
		if state[i] == unseen {
			visit(i)
		}
	}
	return append(ps, budgetProblems(snips, tpls, byTrigger, loc)...)
}

// includeName is the trigger by which snippet k is included along path (its
// first trigger when it starts the path).
func includeName(s *Snippet, tpls []*placeholder.Template, path []int, k int) string {
	for p := 1; p < len(path); p++ {
		if path[p] != k || tpls[path[p-1]] == nil {
			continue
		}
		for _, r := range tpls[path[p-1]].Refs() {
			for _, t := range s.Triggers {
				if r.Include && r.Name == t {
					return t
				}
			}
		}
	}
	return s.Triggers[0]
}

// hasValue: the profile gives k a value ("" or blanks are no value: the
// reply would be signed with nothing).
func hasValue(prof map[string]string, k string) bool {
	return strings.TrimSpace(prof[k]) != ""
}

func isStandard(k string) bool {
	for _, s := range profile.StandardKeys() {
		if s == k {
			return true
		}
	}
	return false
}

// nearKey finds a key that name is probably a misspelling of; none when name
// is one of the keys.
func nearKey(name string, keys []string) (string, bool) {
	if contains(keys, name) {
		return "", false
	}
	return Closest(name, keys, keyTypoLimit)
}

// ReplyLocator maps a byte offset in a reply to its place in the file, so a
// problem with a phrase points at the phrase's own line and column, not at
// the start of the entry. `kindly check` (placeholders) and `kindly lint`
// share it.
type ReplyLocator struct {
	src   Source
	files map[string]*replyFile
}

type replyFile struct {
	data    []byte
	starts  []int                 // byte offset of each line
	replies map[[2]int]*yaml.Node // entry line:col -> its replace node
	entries []int                 // byte offsets where entries start, in order
}

// NewReplyLocator returns a locator reading files through src.
func NewReplyLocator(src Source) *ReplyLocator {
	return &ReplyLocator{src: src, files: map[string]*replyFile{}}
}

func (l *ReplyLocator) file(name string) *replyFile {
	if f, ok := l.files[name]; ok {
		return f
	}
	l.files[name] = nil
	if l.src == nil {
		return nil
	}
	data, ok := l.src(name)
	if !ok {
		return nil
	}
	doc, ps := parseYAML(name, data)
	if len(ps) > 0 || doc == nil {
		return nil
	}
	rf, _ := rawLibrary(name, doc)
	f := &replyFile{data: data, starts: []int{0}, replies: map[[2]int]*yaml.Node{}}
	for i, b := range data {
		if b == '\n' {
			f.starts = append(f.starts, i+1)
		}
	}
	for _, e := range rf.entries {
		for _, k := range []string{"replace", "markdown", "html"} {
			if n := e.values[k]; n != nil && n.Kind == yaml.ScalarNode {
				f.replies[[2]int{e.node.Line, e.node.Column}] = n
			}
		}
		f.entries = append(f.entries, f.offset(e.node.Line, e.node.Column))
	}
	sort.Ints(f.entries)
	l.files[name] = f
	return f
}

// line returns line i (1-based) without its line break.
func (f *replyFile) line(i int) string {
	if i < 1 || i > len(f.starts) {
		return ""
	}
	end := len(f.data)
	if i < len(f.starts) {
		end = f.starts[i] - 1
	}
	return strings.TrimSuffix(string(f.data[f.starts[i-1]:end]), "\r")
}

// at returns the file position of byte offset off in the file.
func (f *replyFile) at(name string, off int) Pos {
	i := sort.Search(len(f.starts), func(i int) bool { return f.starts[i] > off }) // line i (1-based)
	return Pos{name, i, utf8.RuneCount(f.data[f.starts[i-1]:off]) + 1}
}

// offset returns the byte offset of a 1-based line and column (in characters).
func (f *replyFile) offset(line, col int) int {
	if line < 1 || line > len(f.starts) {
		return len(f.data)
	}
	off := f.starts[line-1]
	for c := 1; c < col && off < len(f.data) && f.data[off] != '\n'; c++ {
		_, n := utf8.DecodeRune(f.data[off:])
		off += n
	}
	return off
}

// Pos returns the position of byte off of s's reply (off < 0: where the
// reply starts); without the file, the snippet's first trigger.
func (l *ReplyLocator) Pos(s *Snippet, off int) Pos {
	fallback := s.Pos
	if len(s.TriggerPos) > 0 {
		fallback = s.TriggerPos[0]
	}
	f := l.file(s.Pos.File)
	if f == nil {
		return fallback
	}
	n := f.replies[[2]int{s.Pos.Line, s.Pos.Col}]
	if n == nil || n.Value != s.Replace {
		return fallback
	}
	start := Pos{s.Pos.File, n.Line, n.Column}
	if off < 0 {
		return start
	}
	off = min(off, len(s.Replace))
	if n.Style&yaml.LiteralStyle != 0 {
		// Reply line k is file line n.Line+1+k, after the block's indentation.
		line, col := placeholder.Position(s.Replace, off)
		indent := -1
		for i := n.Line + 1; i <= len(f.starts) && indent < 0; i++ {
			if t := f.line(i); strings.TrimSpace(t) != "" {
				indent = len(t) - len(strings.TrimLeft(t, " "))
			}
		}
		if fl := n.Line + line; fl <= len(f.starts) && indent >= 0 {
			return Pos{s.Pos.File, fl, indent + col}
		}
		return start
	}
	// Elsewhere, find the text at off in the file: the k-th time it appears
	// after the reply's start, k being how often it appears before off.
	anchor := s.Replace[off:]
	if i := strings.IndexByte(anchor, '\n'); i >= 0 {
		anchor = anchor[:i]
	}
	if len(anchor) > 16 {
		anchor = anchor[:16]
		for len(anchor) > 0 && !utf8.ValidString(anchor) {
			anchor = anchor[:len(anchor)-1]
		}
	}
	if anchor == "" {
		return start
	}
	k := 0
	for i := 0; i < off; i++ {
		if strings.HasPrefix(s.Replace[i:], anchor) {
			k++
		}
	}
	from, to := f.offset(n.Line, n.Column), len(f.data)
	if j := sort.SearchInts(f.entries, from); j < len(f.entries) {
		to = f.entries[j] // the next entry
	}
	for i := from; i+len(anchor) <= to; i++ {
		if !bytes.HasPrefix(f.data[i:], []byte(anchor)) {
			continue
		}
		if k == 0 {
			return f.at(s.Pos.File, i)
		}
		k--
	}
	return start
}
