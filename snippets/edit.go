package snippets

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/kindly-support/kindly/snippets/atomicfile"
	"github.com/kindly-support/kindly/snippets/filelock"
)

// DefaultFile is where Add puts snippets when no file is named.
const DefaultFile = "personal.yml"

// newFileHeader starts a library file that Add creates.
const newFileHeader = "# kindly snippets (format: docs/library.md).\n" +
	"# Edit freely: `kindly add` and `kindly rm` keep your comments and layout.\n"

// Add appends s to file (relative to the library folder dir; DefaultFile when
// empty), creating the file, with a short header comment, if it is missing.
// It refuses when one of s's triggers already exists anywhere in the library,
// when s is invalid, and when the file has errors of its own. Every other byte
// of the file is kept. It returns the path written.
func Add(dir, file string, s Snippet) (string, error) {
	return editor{}.locked(dir, func() (string, error) { return editor{}.add(dir, file, s) })
}

// Remove deletes the snippet defining trigger from the library in dir: the
// whole entry (with the comment lines right above it), or, when the entry has
// several triggers, only that trigger from its list. Every other byte of the
// file is kept. It returns the path written.
func Remove(dir, trigger string) (string, error) {
	return editor{}.locked(dir, func() (string, error) { return editor{}.remove(dir, trigger) })
}

// locked runs one whole edit of the library in dir (read, check, write)
// holding the library's edit lock, so that concurrent kindly commands take
// turns instead of losing each other's writes.
func (e editor) locked(dir string, edit func() (string, error)) (string, error) {
	l, err := filelock.Lock(dir)
	if err != nil {
		return "", fmt.Errorf("edit library: %w", err)
	}
	defer l.Unlock()
	return edit()
}

// editor carries the test hook; the zero value is what Add and Remove use.
type editor struct {
	// beforeCommit, when set, runs after the new content is safely in a
	// temporary file and before the on-disk check and rename.
	beforeCommit func(path string)
}

func (e editor) add(dir, file string, s Snippet) (string, error) {
	rel, err := addFileName(file)
	if err != nil {
		return "", err
	}
	s = normalized(s)
	if err := validate(s); err != nil {
		return "", fmt.Errorf("add: %w", err)
	}
	lib, _, err := Load(dir)
	if err != nil {
		return "", fmt.Errorf("add: %w", err)
	}
	for _, t := range s.Triggers {
		if err := notInLibrary(lib, t); err != nil {
			return "", err
		}
	}
	return e.appendSnippets(dir, rel, []Snippet{s})
}

// addFileName is the library file Add and AddAll write to: file, or
// DefaultFile when empty, checked and made relative to the library folder.
func addFileName(file string) (string, error) {
	if file == "" {
		file = DefaultFile
	}
	rel, err := libraryFileName(file)
	if err != nil {
		return "", fmt.Errorf("add: %w", err)
	}
	return rel, nil
}

// notInLibrary refuses trigger t when a snippet of lib already has it.
func notInLibrary(lib *Library, t string) error {
	if other, ok := lib.Find(t); ok {
		for i, ot := range other.Triggers {
			if ot == t {
				return fmt.Errorf("add: trigger %s already exists at %s", QuoteTrigger(t), other.triggerPos(i))
			}
		}
	}
	return nil
}

// appendSnippets appends ss (normalized and valid) to the library file rel
// in dir in one atomic write, keeping every other byte of it, or creates the
// file, with a short header comment, when it is missing. It refuses, writing
// nothing, when the file has errors or the result would not read back as
// the file's snippets followed by ss. It returns the path written.
func (e editor) appendSnippets(dir, rel string, ss []Snippet) (string, error) {
	p := filepath.Join(dir, filepath.FromSlash(rel))
	old, err := os.ReadFile(p)
	existed := err == nil
	switch {
	case errors.Is(err, fs.ErrNotExist):
		old = nil
	case err != nil:
		return "", fmt.Errorf("add: %w", err)
	}
	var before []Snippet
	var updated []byte
	if existed {
		if before, err = decodeClean(rel, old); err != nil {
			return "", fmt.Errorf("add: %w", err)
		}
		updated = old
		for _, s := range ss {
			if updated, err = spliceAdd(updated, s); err != nil {
				return "", fmt.Errorf("add to %s: %w", rel, err)
			}
		}
	} else {
		text := newFileHeader + "snippets:\n"
		for _, s := range ss {
			text += entryText(s, 2, 2, "\n")
		}
		updated = []byte(text)
	}
	after, ps := decodeFile(rel, updated)
	if HasErrors(ps) || !sameSnippets(after, append(before, ss...)) {
		return "", fmt.Errorf("add to %s: the edited file would not read back as intended%s; nothing written (add it by hand)", rel, why(ps))
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return "", fmt.Errorf("add: %w", err)
	}
	if err := e.write(p, old, existed, updated); err != nil {
		return "", fmt.Errorf("add: %w", err)
	}
	return p, nil
}

func (e editor) remove(dir, trigger string) (string, error) {
	lib, _, err := Load(dir)
	if err != nil {
		return "", fmt.Errorf("remove: %w", err)
	}
	target, ok := lib.Find(trigger)
	if !ok {
		return "", fmt.Errorf("remove: no snippet has the trigger %s", QuoteTrigger(trigger))
	}
	rel := target.Pos.File
	p := filepath.Join(dir, filepath.FromSlash(rel))
	old, err := os.ReadFile(p)
	if err != nil {
		return "", fmt.Errorf("remove: %w", err)
	}
	before, err := decodeClean(rel, old)
	if err != nil {
		return "", fmt.Errorf("remove: %w", err)
	}
	updated, want, err := spliceRemove(old, before, target.Pos, trigger)
	if err != nil {
		return "", fmt.Errorf("remove from %s: %w", rel, err)
	}
	after, ps := decodeFile(rel, updated)
	if HasErrors(ps) || !sameSnippets(after, want) {
		return "", fmt.Errorf("remove from %s: the edited file would not read back as intended%s; nothing written (remove it by hand)", rel, why(ps))
	}
	if err := e.write(p, old, true, updated); err != nil {
		return "", fmt.Errorf("remove: %w", err)
	}
	return p, nil
}

// libraryFileName checks that file names a library file inside the library
// and returns it slash-separated.
func libraryFileName(file string) (string, error) {
	if filepath.IsAbs(file) || !filepath.IsLocal(file) {
		return "", fmt.Errorf("file %q must be a path inside the library folder", file)
	}
	rel := filepath.ToSlash(filepath.Clean(file))
	for _, part := range strings.Split(rel, "/") {
		if strings.HasPrefix(part, ".") {
			return "", fmt.Errorf("file %q is hidden, and the library skips hidden files", file)
		}
	}
	if !isLibraryFile(path.Base(rel)) {
		return "", fmt.Errorf("file %q must end in .yml or .yaml", file)
	}
	return rel, nil
}

// validate checks s by rendering it alone and reading it back.
func validate(s Snippet) error {
	data := "snippets:\n" + entryText(s, 0, 2, "\n")
	got, ps := Decode("snippet", []byte(data))
	if p := firstError(ps); p != nil {
		return fmt.Errorf("invalid snippet: %s", p.Msg)
	}
	if !sameSnippets(got, []Snippet{s}) {
		return errors.New("invalid snippet: it does not survive being written as YAML")
	}
	return nil
}

// decodeClean decodes a file that is about to be edited; it must have no
// errors of its own, or the edit could not be checked.
func decodeClean(rel string, data []byte) ([]Snippet, error) {
	if bytes.ContainsAny(data, "\u0085\u2028\u2029") || bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\r")) {
		return nil, fmt.Errorf("%s uses unusual line breaks (a lone CR, NEL, U+2028 or U+2029); edit it by hand", rel)
	}
	snips, ps := decodeFile(rel, data)
	if p := firstError(ps); p != nil {
		return nil, fmt.Errorf("%s has errors; fix them first: %s", rel, p)
	}
	return snips, nil
}

// why says which error an edit would cause, when it causes one.
func why(ps []Problem) string {
	if p := firstError(ps); p != nil {
		return " (" + p.String() + ")"
	}
	return ""
}

func firstError(ps []Problem) *Problem {
	for i := range ps {
		if ps[i].Severity == Error {
			return &ps[i]
		}
	}
	return nil
}

// normalized drops what Add does not write: positions and empty tag lists.
func normalized(s Snippet) Snippet {
	s.Pos, s.TriggerPos, s.imageAt, s.Image = Pos{}, nil, linecol{}, nil
	if len(s.Tags) == 0 {
		s.Tags = nil
	}
	s.Triggers = append([]string(nil), s.Triggers...)
	return s
}

// sameSnippets compares two lists, positions aside.
func sameSnippets(a, b []Snippet) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !reflect.DeepEqual(normalized(a[i]), normalized(b[i])) {
			return false
		}
	}
	return true
}

// entryText renders s as a list entry: the dash at column dashCol (0-based),
// keys at dashCol+gap, lines ending in eol.
func entryText(s Snippet, dashCol, gap int, eol string) string {
	var b strings.Builder
	for i, l := range renderEntry(s) {
		switch {
		case i == 0:
			b.WriteString(strings.Repeat(" ", dashCol) + "-" + strings.Repeat(" ", gap-1) + l)
		case l == "":
		default:
			b.WriteString(strings.Repeat(" ", dashCol+gap) + l)
		}
		b.WriteString(eol)
	}
	return b.String()
}

// text is a file split into lines, for splicing at byte offsets.
type text struct {
	data  []byte
	start []int // byte offset where each line starts (0-based line index)
	eol   string
}

func newText(data []byte) text {
	t := text{data: data, start: []int{0}, eol: "\n"}
	for i, c := range data {
		if c == '\n' && i+1 < len(data) {
			t.start = append(t.start, i+1)
		}
	}
	if bytes.Contains(data, []byte("\r\n")) {
		t.eol = "\r\n"
	}
	return t
}

func (t text) lines() int { return len(t.start) }

// line returns line i (0-based) without its line break.
func (t text) line(i int) string {
	end := len(t.data)
	if i+1 < len(t.start) {
		end = t.start[i+1]
	}
	return strings.TrimRight(string(t.data[t.start[i]:end]), "\r\n")
}

// lineEnd is the offset just past line i's line break (or the end of data).
func (t text) lineEnd(i int) int {
	if i+1 < len(t.start) {
		return t.start[i+1]
	}
	return len(t.data)
}

// offset converts a yaml.Node position (1-based line, column in characters).
func (t text) offset(line, col int) int {
	off := t.start[line-1]
	for range col - 1 {
		_, size := utf8.DecodeRune(t.data[off:])
		off += size
	}
	return off
}

func indentOf(l string) int { return len(l) - len(strings.TrimLeft(l, " ")) }

func blank(l string) bool { return strings.TrimSpace(l) == "" }

func isComment(l string) bool { return strings.HasPrefix(strings.TrimSpace(l), "#") }

// dashLine finds the line (0-based) of the "-" that opens the item starting at
// node n in a block sequence whose dashes are at column dashCol.
func (t text) dashLine(n *yaml.Node, dashCol int) int {
	for i := n.Line - 1; i >= 0; i-- {
		if l := t.line(i); len(l) > dashCol && l[dashCol] == '-' && indentOf(l) == dashCol {
			return i
		}
	}
	return n.Line - 1
}

// leadStart extends an item starting at line i upwards over the comment lines
// right above it (no blank line between) that are not indented deeper than
// its dash: its own leading comments.
func (t text) leadStart(i, dashCol int) int {
	for i > 0 && isComment(t.line(i-1)) && indentOf(t.line(i-1)) <= dashCol {
		i--
	}
	return i
}

// lastContentLine finds the last line of the block item opened at line i:
// lines are its while they are blank or indented deeper than its dash.
func (t text) lastContentLine(i, dashCol int) int {
	last := i
	for j := i + 1; j < t.lines(); j++ {
		l := t.line(j)
		if blank(l) {
			continue
		}
		if indentOf(l) <= dashCol {
			break
		}
		last = j
	}
	return last
}

// spliceAdd appends s to the snippets list of a clean library file.
func spliceAdd(data []byte, s Snippet) ([]byte, error) {
	t := newText(data)
	doc, _ := parseYAML("", data)
	rf, _ := rawLibrary("", doc)
	withNewline := func(b []byte) []byte {
		if len(b) > 0 && b[len(b)-1] != '\n' {
			b = append(b, t.eol...)
		}
		return b
	}
	insert := func(at int, s string) []byte {
		out := append([]byte(nil), data[:at]...)
		out = append(withNewline(out), s...)
		return append(out, data[at:]...)
	}
	switch {
	case doc == nil:
		return append(withNewline(append([]byte(nil), data...)), "snippets:"+t.eol+entryText(s, 2, 2, t.eol)...), nil
	case rf.key == nil:
		return nil, errors.New("the file has no `snippets:` list to add to")
	case rf.list == nil:
		// `snippets:` with no value, or `~`/`null`: the entry goes on the next line.
		k := rf.key
		v := doc.Content[1+indexOf(doc.Content, k)]
		out := data
		if v.Value != "" && v.Line == k.Line {
			off := t.offset(v.Line, v.Column)
			out = append(append([]byte(nil), data[:off]...), data[off+len(v.Value):]...)
			t = newText(out)
		}
		data = out
		return insert(t.lineEnd(k.Line-1), entryText(s, k.Column-1+2, 2, t.eol)), nil
	case rf.list.Style&yaml.FlowStyle != 0:
		if len(rf.list.Content) > 0 || rf.list.Line != rf.key.Line {
			return nil, errors.New("the `snippets:` list is written in flow style ([...]); kindly only appends to block lists (- trigger: ...)")
		}
		off := t.offset(rf.list.Line, rf.list.Column)
		end := bytes.IndexByte(data[off:], ']')
		if end < 0 {
			return nil, errors.New("cannot find the end of `snippets: []`")
		}
		out := append(append([]byte(nil), data[:off]...), bytes.TrimLeft(data[off+end+1:], " ")...)
		data, t = out, newText(out)
		k := rf.key
		return insert(t.lineEnd(k.Line-1), entryText(s, k.Column-1+2, 2, t.eol)), nil
	}
	dashCol := rf.list.Column - 1
	last := rf.list.Content[len(rf.list.Content)-1]
	gap := 2
	if last.Kind == yaml.MappingNode && last.Line-1 == t.dashLine(last, dashCol) {
		gap = last.Column - 1 - dashCol
	}
	first := t.dashLine(last, dashCol)
	end := t.lastContentLine(first, dashCol)
	if t.keepsTrailingLines(first, end) {
		// A |+ block owns the blank lines after it: the entry goes below them.
		for end+1 < t.lines() && blank(t.line(end+1)) {
			end++
		}
	}
	return insert(t.lineEnd(end), entryText(s, dashCol, gap, t.eol)), nil
}

// keepHeaderRE matches a line ending in a block scalar header with keep
// chomping (|+, >+, |2+, |+2), a comment allowed after it.
var keepHeaderRE = regexp.MustCompile(`(^|[\s:-])[|>]([1-9]?\+|\+[1-9]?)\s*(#.*)?$`)

// keepsTrailingLines reports whether lines from..to (an entry) hold a block
// scalar with keep chomping, whose value takes in the blank lines after it.
func (t text) keepsTrailingLines(from, to int) bool {
	for i := from; i <= to; i++ {
		if keepHeaderRE.MatchString(t.line(i)) {
			return true
		}
	}
	return false
}

func indexOf(ns []*yaml.Node, n *yaml.Node) int {
	for i, x := range ns {
		if x == n {
			return i
		}
	}
	return -1
}

// spliceRemove removes trigger from the entry at pos, returning the new file
// and the snippets it must decode to.
func spliceRemove(data []byte, before []Snippet, pos Pos, trigger string) ([]byte, []Snippet, error) {
	t := newText(data)
	doc, _ := parseYAML("", data)
	rf, _ := rawLibrary("", doc)
	if rf.list == nil {
		return nil, nil, errors.New("no `snippets:` list")
	}
	idx := -1
	for i, item := range rf.list.Content {
		if item.Line == pos.Line && item.Column == pos.Col {
			idx = i
		}
	}
	si := -1
	for i := range before {
		if before[i].Pos.Line == pos.Line && before[i].Pos.Col == pos.Col {
			si = i
		}
	}
	if idx < 0 || si < 0 {
		return nil, nil, fmt.Errorf("cannot find the entry for %q at line %d", trigger, pos.Line)
	}
	cut := func(from, to int) []byte {
		return append(append([]byte(nil), data[:from]...), data[to:]...)
	}
	want := append([]Snippet(nil), before...)
	if len(before[si].Triggers) > 1 {
		ns := normalized(before[si])
		ns.Triggers = nil
		removed := false
		for _, tr := range before[si].Triggers {
			if tr == trigger && !removed {
				removed = true
				continue
			}
			ns.Triggers = append(ns.Triggers, tr)
		}
		want[si] = ns
		from, to, err := t.listElement(rf.list.Content[idx], trigger)
		if err != nil {
			return nil, nil, err
		}
		return cut(from, to), want, nil
	}
	want = append(want[:si], want[si+1:]...)
	if rf.list.Style&yaml.FlowStyle != 0 {
		return nil, nil, errors.New("the `snippets:` list is written in flow style ([...]); remove the entry by hand")
	}
	dashCol := rf.list.Column - 1
	first := t.leadStart(t.dashLine(rf.list.Content[idx], dashCol), dashCol)
	var end int // line index just past the item
	if idx+1 < len(rf.list.Content) {
		end = t.leadStart(t.dashLine(rf.list.Content[idx+1], dashCol), dashCol)
	} else {
		end = t.lastContentLine(t.dashLine(rf.list.Content[idx], dashCol), dashCol) + 1
		for end < t.lines() && blank(t.line(end)) {
			end++
		}
		if end == t.lines() && idx > 0 {
			// at the end of the file: drop the blank lines that separated it instead
			for first > 0 && blank(t.line(first-1)) {
				first--
			}
		}
	}
	to := len(data)
	if end < t.lines() {
		to = t.start[end]
	}
	return cut(t.start[first], to), want, nil
}

// listElement finds the bytes to cut to remove trigger from the `triggers`
// list of entry: its line in a block list, or the element and one comma in a
// flow list.
func (t text) listElement(entry *yaml.Node, trigger string) (from, to int, err error) {
	var list *yaml.Node
	for i := 0; i+1 < len(entry.Content); i += 2 {
		if entry.Content[i].Value == "triggers" {
			list = entry.Content[i+1]
		}
	}
	if list == nil || list.Kind != yaml.SequenceNode {
		return 0, 0, errors.New("cannot find the `triggers` list")
	}
	j := -1
	for i, n := range list.Content {
		if n.Value == trigger {
			j = i
			break
		}
	}
	if j < 0 {
		return 0, 0, fmt.Errorf("cannot find %q in the `triggers` list", trigger)
	}
	el := list.Content[j]
	if list.Style&yaml.FlowStyle == 0 {
		dashCol := list.Column - 1
		first := t.dashLine(el, dashCol)
		end := t.lastContentLine(first, dashCol) + 1
		if j+1 < len(list.Content) {
			end = t.dashLine(list.Content[j+1], dashCol)
		}
		to := len(t.data)
		if end < t.lines() {
			to = t.start[end]
		}
		return t.start[first], to, nil
	}
	start := t.offset(el.Line, el.Column)
	if j+1 < len(list.Content) {
		next := list.Content[j+1]
		return start, t.offset(next.Line, next.Column), nil
	}
	prev := list.Content[j-1]
	return t.scalarEnd(prev), t.scalarEnd(el), nil
}

// scalarEnd finds the offset just past a scalar in a flow list.
func (t text) scalarEnd(n *yaml.Node) int {
	off := t.offset(n.Line, n.Column)
	d := t.data
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		for i := off + 1; i < len(d); i++ {
			switch d[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
	case n.Style&yaml.SingleQuotedStyle != 0:
		for i := off + 1; i < len(d); i++ {
			if d[i] == '\'' {
				if i+1 < len(d) && d[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
	default:
		i := off
		for i < len(d) && !strings.ContainsRune(",]}\r\n", rune(d[i])) && !(d[i] == '#' && i > off && d[i-1] == ' ') {
			i++
		}
		for i > off && d[i-1] == ' ' {
			i--
		}
		return i
	}
	return len(d)
}

// write replaces (or creates) path with data atomically: a temporary file in
// the same folder, synced, given the old file's mode, then renamed over it,
// but only if the file still holds old (or, when it did not exist, still does
// not exist).
func (e editor) write(p string, old []byte, existed bool, data []byte) error {
	return atomicfile.Update(p, old, existed, data, e.beforeCommit)
}
