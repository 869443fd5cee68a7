package placeholder

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// CaretMarker in a reply marks where the caret ends, like {{cursor}}.
const CaretMarker = "$|$"

// Error is a syntax mistake in a reply. Offset is in bytes from the start of
// the reply; Line and Col count from 1 (Col in characters).
type Error struct {
	Offset    int
	Line, Col int
	Msg       string
}

// Error formats the mistake as "line:col: msg".
func (e Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// Kind is what a fill-in asks for.
type Kind int

const (
	// Text is a one-line fill-in: {{customer}}.
	Text Kind = iota
	// Multiline is a fill-in of several lines: {{multiline steps}}.
	Multiline
	// Choice is one of a list: {{plan:Basic|Pro}}.
	Choice
	// Toggle is an optional section, on or off: {{#refund "Refund details"}}…{{/refund}}.
	Toggle
)

// String names the kind as the docs do.
func (k Kind) String() string {
	switch k {
	case Text:
		return "text"
	case Multiline:
		return "multi-line text"
	case Choice:
		return "choice"
	case Toggle:
		return "optional section"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Template is a parsed reply. It is immutable and safe to share.
type Template struct {
	src   string
	nodes []node
	defs  []def // named values and sections in order of first use
	refs  []Ref
	index map[string]int // name -> defs index
}

// def is what one name means in a template, merged over its uses.
type def struct {
	name     string
	label    string
	kind     Kind
	choices  []string
	fallback *string // first fallback given
	required bool    // some use has no fallback
	on       bool    // Toggle: ticked by default
	section  string  // innermost enclosing section ("" when some use is outside any)
	off      int     // first use
}

// Ref is a name a template refers to, where its placeholder starts.
type Ref struct {
	Offset    int // byte offset of the "{{" in the reply
	Line, Col int
	// Name is the value's name, or the trigger for an include.
	Name string
	// Include: Name is a trigger ({{> ;sig}}).
	Include bool
	// Fallback: the placeholder has a fallback ({{customer|there}}), so an
	// unknown name is harmless.
	Fallback bool
	// Kind of a value (Text, Multiline or Choice); meaningless for includes.
	Kind Kind
}

type node interface{}

type (
	textNode  struct{ s string }
	caretNode struct{}
	valueNode struct {
		name     string
		kind     Kind
		choices  []string
		fallback *string
	}
	dateNode struct {
		offsets []offset
		layout  string
	}
	clipboardNode struct{ fallback *string }
	includeNode   struct {
		trigger string
		off     int
	}
	randomNode  struct{ variants []string }
	sectionNode struct {
		name string
		body []node
	}
)

// reserved words cannot name a value or section.
var reserved = map[string]bool{
	"date": true, "time": true, "clipboard": true, "cursor": true, "random": true, "multiline": true,
}

// IsReserved reports whether word is a keyword of the language (date, time,
// clipboard, cursor, random, multiline) and so cannot name a profile value.
func IsReserved(word string) bool { return reserved[word] }

// ValidName reports whether s can name a value: a letter or underscore, then
// letters, digits, '_', '.', '-'; not a reserved word.
func ValidName(s string) bool {
	n := nameLen(s)
	return n > 0 && n == len(s) && !reserved[s]
}

// nameLen is the length of the name at the start of s (0 when none).
func nameLen(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '.' || c == '-'):
		default:
			return i
		}
	}
	return len(s)
}

// parser holds the state of one Parse.
type parser struct {
	src    string
	errs   []Error
	t      *Template
	carets int
	stack  []*sectionNode  // open sections
	opens  []int           // their offsets
	broken map[string]bool // sections whose opening was reported: their end is not
}

// Parse reads a reply. It always returns a Template (the parts it could
// read) and every mistake found; a Template with errors must not be rendered.
func Parse(reply string) (*Template, []Error) {
	if !strings.Contains(reply, "{{") && !strings.Contains(reply, CaretMarker) {
		// Plain text, as most replies are: one node sharing reply's bytes.
		t := &Template{src: reply}
		if reply != "" {
			t.nodes = []node{textNode{reply}}
		}
		return t, nil
	}
	p := &parser{src: reply, t: &Template{src: reply, index: map[string]int{}}, broken: map[string]bool{}}
	root := &sectionNode{}
	p.stack = []*sectionNode{root}
	p.opens = []int{0}
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			p.add(textNode{text.String()})
			text.Reset()
		}
	}
	s := reply
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], `\{{`):
			text.WriteString("{{")
			i += 3
		case strings.HasPrefix(s[i:], CaretMarker):
			flush()
			p.caret(i)
			i += len(CaretMarker)
		case strings.HasPrefix(s[i:], "{{"):
			end, ok := p.closing(i)
			if !ok {
				// Treat the braces as text and read on, so one slip gives one error.
				text.WriteString("{{")
				i += 2
				continue
			}
			flush()
			p.placeholder(i, s[i+2:end-2])
			i = end
		default:
			_, n := utf8.DecodeRuneInString(s[i:])
			text.WriteString(s[i : i+n])
			i += n
		}
	}
	flush()
	for len(p.stack) > 1 {
		top := p.stack[len(p.stack)-1]
		p.errorf(p.opens[len(p.opens)-1], "section %q is never closed: end it with {{/%s}}", top.name, top.name)
		p.stack, p.opens = p.stack[:len(p.stack)-1], p.opens[:len(p.opens)-1]
		p.add(*top)
	}
	p.t.nodes = root.body
	return p.t, p.errs
}

// add appends n to the innermost open section.
func (p *parser) add(n node) {
	top := p.stack[len(p.stack)-1]
	top.body = append(top.body, n)
}

func (p *parser) errorf(off int, format string, args ...any) {
	line, col := Position(p.src, off)
	p.errs = append(p.errs, Error{off, line, col, fmt.Sprintf(format, args...)})
}

func (p *parser) caret(off int) {
	p.carets++
	if p.carets == 2 {
		p.errorf(off, "a second caret position: a reply has at most one {{cursor}} or %s", CaretMarker)
	}
	p.add(caretNode{})
}

// closing finds the end (just past "}}") of the placeholder opening at i,
// outside quoted strings. It reports a placeholder left open at the end of
// its line, or when another "{{" opens first.
func (p *parser) closing(i int) (int, bool) {
	s := p.src
	quoted := false
	for j := i + 2; j < len(s); j++ {
		switch c := s[j]; {
		case quoted && c == '\\':
			j++
		case c == '"':
			quoted = !quoted
		case c == '\n':
			p.errorf(i, "unclosed placeholder: end it with }} on the same line, or write \\{{ for literal braces")
			return 0, false
		case !quoted && strings.HasPrefix(s[j:], "}}"):
			// "}}}" closes after the first pair: {{x}}} is {{x}} then "}".
			return j + 2, true
		case !quoted && strings.HasPrefix(s[j:], "{{"):
			p.errorf(i, "unclosed placeholder: another {{ opens before }}")
			return 0, false
		}
	}
	if quoted {
		p.errorf(i, "unclosed placeholder: a quoted string in it has no closing \"")
	} else {
		p.errorf(i, "unclosed placeholder: end it with }}, or write \\{{ for literal braces")
	}
	return 0, false
}

// placeholder parses the body of the placeholder that starts at off.
func (p *parser) placeholder(off int, body string) {
	c := cursor{p: p, s: body, base: off + 2}
	c.space()
	if c.done() {
		p.errorf(off, "empty placeholder {{}}: write a name, as in {{customer}}, or \\{{ for literal braces")
		return
	}
	switch c.peek() {
	case '!':
		return // a comment
	case '"':
		s, ok := c.quoted()
		if ok && c.end("after the quoted text") {
			p.add(textNode{s})
		}
		return
	case '#':
		c.i++
		p.openSection(off, &c)
		return
	case '/':
		c.i++
		p.closeSection(off, &c)
		return
	case '>':
		c.i++
		c.space()
		trigger := strings.TrimSpace(c.rest())
		if strings.HasPrefix(trigger, `"`) {
			s, ok := c.quoted()
			if !ok || !c.end("after the trigger") {
				return
			}
			trigger = s
		}
		if trigger == "" {
			p.errorf(off, "include without a trigger: write {{> ;sig}}")
			return
		}
		p.add(includeNode{trigger, off})
		p.ref(Ref{Offset: off, Name: trigger, Include: true})
		return
	}
	at := c.i
	word := c.name()
	if word == "" {
		r, _ := utf8.DecodeRuneInString(c.s[c.i:])
		p.errorf(c.base+c.i, "unexpected %q: a placeholder starts with a name, as in {{customer}}", r)
		return
	}
	switch word {
	case "cursor":
		if c.end("after cursor") {
			p.caret(off)
		}
	case "clipboard":
		c.space()
		var fb *string
		if !c.done() && c.peek() == '|' {
			c.i++
			fb = c.fallback()
		} else if !c.end("after clipboard (a fallback is written {{clipboard|text}})") {
			return
		}
		p.add(clipboardNode{fb})
	case "date", "time":
		if d, ok := p.dateArgs(&c, word); ok {
			p.add(d)
		}
	case "random":
		c.space()
		if c.done() || c.peek() != ':' {
			p.errorf(c.base+c.i, "random needs its variants: {{random:Thanks!|Many thanks!}}")
			return
		}
		c.i++
		vs, ok := c.list("variant")
		if !ok {
			return
		}
		if len(vs) < 2 {
			p.errorf(off, "random needs at least two variants separated by |")
			return
		}
		p.add(randomNode{vs})
	case "multiline":
		if c.done() || !isSpace(c.peek()) {
			p.errorf(c.base+c.i, "multiline needs a name: {{multiline steps}}")
			return
		}
		c.space()
		at = c.i
		name := c.name()
		if name == "" || reserved[name] {
			p.errorf(c.base+c.i, "multiline needs a name: {{multiline steps}}")
			return
		}
		p.value(off, at, name, Multiline, &c)
	default:
		p.value(off, at, word, Text, &c)
	}
}

// value parses what follows a value's name: a label, then a fallback or choices.
func (p *parser) value(off, at int, name string, kind Kind, c *cursor) {
	c.space()
	label := ""
	if !c.done() && c.peek() == '"' {
		s, ok := c.quoted()
		if !ok {
			return
		}
		label = s
		c.space()
	}
	v := valueNode{name: name, kind: kind}
	switch {
	case c.done():
	case c.peek() == '|':
		c.i++
		v.fallback = c.fallback()
	case c.peek() == ':' && kind == Text:
		c.i++
		cs, ok := c.list("choice")
		if !ok {
			return
		}
		if len(cs) < 2 {
			p.errorf(off, "a choice list needs at least two choices separated by |: {{%s:Basic|Pro}}", name)
			return
		}
		v.kind, v.choices = Choice, cs
	default:
		r, size := utf8.DecodeRuneInString(c.s[c.i:])
		if c.i == at+len(name) {
			p.errorf(c.base+c.i, "unexpected %q in the name %q: names hold letters, digits, _ . and -", r, name+c.s[c.i:c.i+size])
		} else {
			p.errorf(c.base+c.i, "unexpected %q after %s: write {{%s|fallback}} for a fallback or {{%s:A|B}} for choices", r, name, name, name)
		}
		return
	}
	if !p.define(off, def{name: name, label: label, kind: v.kind, choices: v.choices}) {
		return
	}
	d := &p.t.defs[p.t.index[name]]
	if v.fallback == nil && v.kind != Choice {
		d.required = true
	}
	if d.fallback == nil && v.fallback != nil {
		d.fallback = v.fallback
	}
	p.add(v)
	p.ref(Ref{Offset: off, Name: name, Fallback: v.fallback != nil, Kind: v.kind})
}

// define records a use of a name, checking it agrees with earlier uses.
func (p *parser) define(off int, d def) bool {
	sect := ""
	if len(p.stack) > 1 {
		sect = p.stack[len(p.stack)-1].name
	}
	i, seen := p.t.index[d.name]
	if !seen {
		d.off, d.section = off, sect
		p.t.index[d.name] = len(p.t.defs)
		p.t.defs = append(p.t.defs, d)
		return true
	}
	old := &p.t.defs[i]
	line, col := Position(p.src, old.off)
	switch {
	case old.kind != d.kind:
		p.errorf(off, "%q is used as %s here but as %s at %d:%d; give them different names", d.name, article(d.kind), article(old.kind), line, col)
		return false
	case d.kind == Choice && strings.Join(old.choices, "|") != strings.Join(d.choices, "|"):
		p.errorf(off, "choice list %q has other choices than at %d:%d; write the same list, or give them different names", d.name, line, col)
		return false
	}
	if old.label == "" {
		old.label = d.label
	}
	if sect == "" {
		old.section = ""
	}
	return true
}

func article(k Kind) string {
	if k == Toggle {
		return "an optional section"
	}
	if k == Text {
		return "a text fill-in"
	}
	return "a " + k.String()
}

func (p *parser) ref(r Ref) {
	r.Line, r.Col = Position(p.src, r.Offset)
	p.t.refs = append(p.t.refs, r)
}

func (p *parser) openSection(off int, c *cursor) {
	c.space()
	at := c.i
	name := c.name()
	if name == "" || reserved[name] {
		p.broken[name] = true
		p.errorf(c.base+at, "a section needs a name: {{#refund \"Include refund details\"}}…{{/refund}}")
		return
	}
	ok := false
	defer func() {
		if !ok {
			p.broken[name] = true
		}
	}()
	c.space()
	label := ""
	if !c.done() && c.peek() == '"' {
		s, ok := c.quoted()
		if !ok {
			return
		}
		label = s
		c.space()
	}
	on := false
	if !c.done() {
		switch w := c.name(); w {
		case "on":
			on = true
		case "off":
		default:
			r, _ := utf8.DecodeRuneInString(c.s[c.i:])
			if w != "" {
				p.errorf(c.base+c.i-len(w), "unexpected %q in a section: write {{#%s \"Label\"}} or {{#%s \"Label\" on}}", w, name, name)
			} else {
				p.errorf(c.base+c.i, "unexpected %q in a section: write {{#%s \"Label\"}} or {{#%s \"Label\" on}}", r, name, name)
			}
			return
		}
		if !c.end("after on/off") {
			return
		}
	}
	for _, s := range p.stack[1:] {
		if s.name == name {
			p.errorf(off, "section %q inside itself", name)
			return
		}
	}
	if !p.define(off, def{name: name, label: label, kind: Toggle, on: on}) {
		return
	}
	d := &p.t.defs[p.t.index[name]]
	if d.off == off {
		d.on = on
	}
	ok = true
	p.stack = append(p.stack, &sectionNode{name: name})
	p.opens = append(p.opens, off)
}

func (p *parser) closeSection(off int, c *cursor) {
	c.space()
	name := c.name()
	if name == "" || !c.end("after the section's name") {
		if name == "" {
			p.errorf(c.base+c.i, "a section end needs its name: {{/refund}}")
		}
		return
	}
	if len(p.stack) == 1 || p.stack[len(p.stack)-1].name != name && p.broken[name] {
		if !p.broken[name] {
			p.errorf(off, "{{/%s}} closes a section that is not open", name)
		}
		return
	}
	top := p.stack[len(p.stack)-1]
	if top.name != name {
		line, col := Position(p.src, p.opens[len(p.opens)-1])
		p.errorf(off, "{{/%s}} closes a section that is not open: the open one is %q (at %d:%d)", name, top.name, line, col)
		return
	}
	p.stack, p.opens = p.stack[:len(p.stack)-1], p.opens[:len(p.opens)-1]
	p.add(*top)
}

// cursor reads the body of one placeholder.
type cursor struct {
	p    *parser
	s    string
	i    int
	base int // offset of s in the reply
}

func (c *cursor) done() bool   { return c.i >= len(c.s) }
func (c *cursor) peek() byte   { return c.s[c.i] }
func (c *cursor) rest() string { return c.s[c.i:] }
func isSpace(b byte) bool      { return b == ' ' || b == '\t' }

func (c *cursor) space() {
	for c.i < len(c.s) && isSpace(c.s[c.i]) {
		c.i++
	}
}

func (c *cursor) name() string {
	n := nameLen(c.s[c.i:])
	w := c.s[c.i : c.i+n]
	c.i += n
	return w
}

// end reports an error unless only spaces are left.
func (c *cursor) end(where string) bool {
	c.space()
	if c.done() {
		return true
	}
	c.p.errorf(c.base+c.i, "unexpected %q %s", c.s[c.i:], where)
	return false
}

// quoted reads a double-quoted string with Go escapes.
func (c *cursor) quoted() (string, bool) {
	start := c.i
	j := start + 1
	for j < len(c.s) && c.s[j] != '"' {
		if c.s[j] == '\\' {
			j++
		}
		j++
	}
	if j >= len(c.s) {
		c.p.errorf(c.base+start, "quoted text without a closing \"")
		c.i = len(c.s)
		return "", false
	}
	s, err := strconv.Unquote(c.s[start : j+1])
	if err != nil {
		c.p.errorf(c.base+start, "bad quoted text %s: use \\\" for a quote and \\\\ for a backslash", c.s[start:j+1])
		c.i = j + 1
		return "", false
	}
	c.i = j + 1
	return s, true
}

// fallback reads the rest as a fallback: quoted text, or the rest trimmed.
func (c *cursor) fallback() *string {
	c.space()
	if !c.done() && c.peek() == '"' {
		at := c.i
		s, ok := c.quoted()
		if ok && c.end("after the quoted fallback") {
			return &s
		}
		if ok {
			return nil
		}
		c.i = at
	}
	s := strings.TrimSpace(c.rest())
	c.i = len(c.s)
	return &s
}

// list reads items separated by '|', each quoted or trimmed.
func (c *cursor) list(what string) ([]string, bool) {
	var items []string
	seen := map[string]bool{}
	for {
		c.space()
		at := c.i
		var item string
		if !c.done() && c.peek() == '"' {
			s, ok := c.quoted()
			if !ok {
				return nil, false
			}
			item = s
			c.space()
		} else {
			j := strings.IndexByte(c.s[c.i:], '|')
			if j < 0 {
				j = len(c.s) - c.i
			}
			item = strings.TrimSpace(c.s[c.i : c.i+j])
			c.i += j
			if item == "" {
				c.p.errorf(c.base+at, "empty %s: separate them with a single |", what)
				return nil, false
			}
		}
		if seen[item] {
			c.p.errorf(c.base+at, "%s %q is listed twice", what, item)
			return nil, false
		}
		seen[item] = true
		items = append(items, item)
		if c.done() {
			return items, true
		}
		if c.peek() != '|' {
			c.p.errorf(c.base+c.i, "unexpected %q after the %s %q: separate them with |", c.s[c.i:], what, item)
			return nil, false
		}
		c.i++
	}
}

// Position converts a byte offset in text to a 1-based line and column (in
// characters). Offsets past the end count as the end.
func Position(text string, off int) (line, col int) {
	off = max(0, min(off, len(text)))
	before := text[:off]
	line = strings.Count(before, "\n") + 1
	col = utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:]) + 1
	return line, col
}
