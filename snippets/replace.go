package snippets

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kindly-support/kindly/snippets/atomicfile"
)

// ErrChanged is wrapped by the errors of [Replace] (and of every edit) when
// the file, or the snippet being changed, is no longer what the caller read:
// someone else changed it meanwhile, and nothing was written.
var ErrChanged = atomicfile.ErrChanged

// Replace changes the snippet defining trigger into s. was is the snippet as
// the caller last saw it (positions ignored): when the one on disk differs,
// Replace refuses with an error wrapping [ErrChanged], so an edit made in a
// window opened earlier never overwrites a change made since.
//
// With file empty or naming the snippet's own file, the entry is rewritten
// in place: its lines are replaced by the new entry, the comment lines
// above it stay, and every other byte of the file is kept (comments inside
// the entry's own lines are not). With another file, the snippet moves:
// removed from its file as [Remove] does (comments above it go with it)
// and appended to file as [Add] does, each file written atomically; should
// the second write fail, the first is undone.
//
// s's triggers must not exist in another snippet. Every write is checked to
// read back as exactly the intended change and refused, writing nothing,
// when the file changed on disk meanwhile. It returns the path written last.
func Replace(dir, trigger string, was, s Snippet, file string) (string, error) {
	return editor{}.locked(dir, func() (string, error) { return editor{}.replace(dir, trigger, was, s, file) })
}

func (e editor) replace(dir, trigger string, was, s Snippet, file string) (string, error) {
	s = normalized(s)
	if err := validate(s); err != nil {
		return "", fmt.Errorf("edit: %w", err)
	}
	lib, _, err := Load(dir)
	if err != nil {
		return "", fmt.Errorf("edit: %w", err)
	}
	target, ok := lib.Find(trigger)
	if !ok {
		return "", fmt.Errorf("edit: no snippet has the trigger %s any more: %w", QuoteTrigger(trigger), ErrChanged)
	}
	for _, t := range s.Triggers {
		if other, ok := lib.Find(t); ok && other != target {
			for i, ot := range other.Triggers {
				if ot == t {
					return "", fmt.Errorf("edit: trigger %s already exists at %s", QuoteTrigger(t), other.triggerPos(i))
				}
			}
		}
	}
	rel := target.Pos.File
	p := filepath.Join(dir, filepath.FromSlash(rel))
	old, err := os.ReadFile(p)
	if err != nil {
		return "", fmt.Errorf("edit: %w", err)
	}
	before, err := decodeClean(rel, old)
	if err != nil {
		return "", fmt.Errorf("edit: %w", err)
	}
	si := -1
	for i := range before {
		if before[i].Pos.Line == target.Pos.Line && before[i].Pos.Col == target.Pos.Col {
			si = i
		}
	}
	if si < 0 {
		return "", fmt.Errorf("edit: %s: cannot find the entry for %q: %w", rel, trigger, ErrChanged)
	}
	if !sameSnippets([]Snippet{before[si]}, []Snippet{was}) {
		return "", fmt.Errorf("edit: %s: the reply %q changed on disk since you opened it; nothing written, reload it and edit again: %w",
			rel, trigger, ErrChanged)
	}

	dest := rel
	if file != "" {
		if dest, err = libraryFileName(file); err != nil {
			return "", fmt.Errorf("edit: %w", err)
		}
	}
	if dest == rel {
		updated, err := spliceReplace(old, target.Pos, s)
		if err != nil {
			return "", fmt.Errorf("edit %s: %w", rel, err)
		}
		want := append([]Snippet(nil), before...)
		want[si] = s
		after, ps := decodeFile(rel, updated)
		if HasErrors(ps) || !sameSnippets(after, want) {
			return "", fmt.Errorf("edit %s: the edited file would not read back as intended (%v); nothing written", rel, firstError(ps))
		}
		if err := e.write(p, old, true, updated); err != nil {
			return "", fmt.Errorf("edit: %w", err)
		}
		return p, nil
	}

	// A move: take the whole entry out of its file (every trigger of it),
	// then append the new one to dest.
	updated, want, err := spliceRemoveEntry(old, before, si, target.Pos)
	if err != nil {
		return "", fmt.Errorf("move from %s: %w", rel, err)
	}
	after, ps := decodeFile(rel, updated)
	if HasErrors(ps) || !sameSnippets(after, want) {
		return "", fmt.Errorf("move from %s: the edited file would not read back as intended (%v); nothing written", rel, firstError(ps))
	}
	if err := e.write(p, old, true, updated); err != nil {
		return "", fmt.Errorf("move: %w", err)
	}
	written, err := e.appendSnippets(dir, dest, []Snippet{s})
	if err != nil {
		if rerr := atomicfile.Update(p, updated, true, old, nil); rerr != nil {
			return "", fmt.Errorf("move to %s: %w; and putting the reply back into %s failed too: %v", dest, err, rel, rerr)
		}
		return "", fmt.Errorf("move to %s: %w (the reply stays in %s)", dest, err, rel)
	}
	return written, nil
}

// spliceReplace rewrites the block-list entry at pos as s: from its dash to
// its last line that is not a comment, so comment lines around it stay.
func spliceReplace(data []byte, pos Pos, s Snippet) ([]byte, error) {
	t := newText(data)
	doc, _ := parseYAML("", data)
	rf, _ := rawLibrary("", doc)
	if rf.list == nil {
		return nil, errors.New("no `snippets:` list")
	}
	if rf.list.Style&yaml.FlowStyle != 0 {
		return nil, errors.New("the `snippets:` list is written in flow style ([...]); change the entry by hand")
	}
	idx := -1
	for i, item := range rf.list.Content {
		if item.Line == pos.Line && item.Column == pos.Col {
			idx = i
		}
	}
	if idx < 0 {
		return nil, fmt.Errorf("cannot find the entry at line %d", pos.Line)
	}
	item := rf.list.Content[idx]
	dashCol := rf.list.Column - 1
	first := t.dashLine(item, dashCol)
	gap := 2
	if item.Kind == yaml.MappingNode && item.Line-1 == first {
		gap = item.Column - 1 - dashCol
	}
	last := t.lastContentLine(first, dashCol)
	if idx+1 < len(rf.list.Content) {
		last = min(last, t.leadStart(t.dashLine(rf.list.Content[idx+1], dashCol), dashCol)-1)
	}
	// Comment lines at the end belong to what follows; keep them. A line
	// deeper than the keys after a multi-line reply is text of the reply
	// ("# not a comment"), not a comment.
	keyCol := dashCol + gap
	lastBlock := false
	if n := len(item.Content); item.Kind == yaml.MappingNode && n > 0 {
		lastBlock = item.Content[n-1].Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0
	}
	for last > first {
		l := t.line(last)
		if !blank(l) && !(isComment(l) && (!lastBlock || indentOf(l) <= keyCol)) {
			break
		}
		last--
	}
	from, to := t.start[first], t.lineEnd(last)
	entry := entryText(s, dashCol, gap, t.eol)
	if to == len(data) && (len(data) == 0 || data[len(data)-1] != '\n') {
		entry = strings.TrimSuffix(entry, t.eol)
	}
	out := append([]byte(nil), data[:from]...)
	out = append(out, entry...)
	return append(out, data[to:]...), nil
}

// spliceRemoveEntry removes the whole entry before[si] (at pos), with the
// comment lines right above it, whatever its number of triggers.
func spliceRemoveEntry(data []byte, before []Snippet, si int, pos Pos) ([]byte, []Snippet, error) {
	s := before[si]
	if len(s.Triggers) == 1 {
		return spliceRemove(data, before, pos, s.Triggers[0])
	}
	// Drop the other triggers first so that spliceRemove takes the entry out.
	one := append([]Snippet(nil), before...)
	one[si].Triggers = s.Triggers[:1]
	out, want, err := spliceRemove(data, one, pos, s.Triggers[0])
	if err != nil {
		return nil, nil, err
	}
	return out, want, nil
}
