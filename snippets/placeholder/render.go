package placeholder

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
	"unicode/utf8"
)

// Env is everything rendering takes from the outside world. Every field may
// be left zero; a placeholder that needs a missing one fails to render.
type Env struct {
	// Profile holds the agent's values (agent, team, company, signature…).
	Profile map[string]string
	// Values holds the answers to the fill-ins, by name; a Toggle's answer
	// is "yes"/"no" (also y/n, true/false, on/off, 1/0). An empty answer
	// counts as none.
	Values map[string]string
	// Now is the clock for {{date}} and {{time}}.
	Now func() time.Time
	// Location, when set, is the time zone dates are shown in; otherwise
	// the location of Now's time (time.Local for time.Now).
	Location *time.Location
	// Clipboard returns the clipboard's text for {{clipboard}}.
	Clipboard func() (string, error)
	// Include returns the reply of a trigger for {{> trigger}}.
	Include func(trigger string) (reply string, ok bool)
	// Rand returns a number in [0, n) for {{random:…}} (nil: math/rand/v2).
	Rand func(n int) int
	// Escape, when set, is applied to every value that comes from outside
	// the library (fill-in answers, profile values, the clipboard, dates),
	// so that a formatted reply (markdown, HTML) shows them literally: a
	// customer name holding * or < cannot change the formatting. Text the
	// library itself holds (fallbacks, choices, random variants, included
	// replies) is the author's and is not escaped.
	Escape func(value string) string
}

// MissingError is the error for fill-ins left without a value and without a
// fallback: the reply cannot go out half filled.
type MissingError struct {
	Names []string // in the order the reply uses them
}

func (e *MissingError) Error() string {
	if len(e.Names) == 1 {
		return fmt.Sprintf("no value for %s, and it has no fallback", e.Names[0])
	}
	return fmt.Sprintf("no values for %s, and they have no fallback", strings.Join(e.Names, ", "))
}

// MaxIncludeDepth bounds how deep replies may include each other.
const MaxIncludeDepth = 16

// The budgets of one expansion. Depth alone does not bound the work: nine
// replies that each include the next sixty times are only nine deep but
// would render 60^8 copies. Render refuses a reply past either budget, and
// `kindly check` and `pack add` refuse a library whose replies would pass
// them (snippets.CheckBudgets), so a reply can neither hang the daemon nor
// fill its memory.
const (
	// MaxIncludes bounds how many includes one expansion renders, counting
	// every {{> …}} reached through other includes.
	MaxIncludes = 100
	// MaxOutput bounds the length of one rendered reply, in bytes.
	MaxOutput = 256 << 10
	// MaxRenderTime bounds the time one expansion may take, measured on
	// Env.Now (when set) before each include: a safety net, since within
	// the other two budgets a reply renders in about 2 ms.
	MaxRenderTime = 2 * time.Second
)

// errTooLong is the error for a reply past MaxOutput.
var errTooLong = fmt.Errorf("this reply would be longer than %d KiB (the limit keeps one expansion from running away)", MaxOutput>>10)

// Static reports whether the template has no placeholders at all beyond a
// caret position and literal text: Render(Env{}) then never fails and always
// gives the same text, so the engine can prepare it in advance.
func (t *Template) Static() bool {
	for _, n := range t.nodes {
		switch n.(type) {
		case textNode, caretNode:
		default:
			return false
		}
	}
	return true
}

// Refs lists the values and includes the template names, in order.
func (t *Template) Refs() []Ref { return append([]Ref(nil), t.refs...) }

// Field is one question of the fill-in form.
type Field struct {
	Name  string
	Label string // the label written in the reply, else one made from the name ("order_id" -> "Order id")
	Kind  Kind
	// Default is what an empty answer gives: the fallback of a fill-in, the
	// first choice of a choice list, "yes" or "no" for a toggle. "" when
	// Required.
	Default string
	// Required: a fill-in that some placeholder uses without a fallback; an
	// empty answer blocks the expansion.
	Required bool
	Choices  []string // for Choice
	// Section is the optional section the field sits in ("" for none): the
	// field matters only when that section (and the sections around it) is
	// ticked. A Toggle's Section is the section around it.
	Section string
}

// Fields lists what a fill-in form asks for, in the order the reply (and
// the replies it includes, at the place they are included) first uses them.
// Names the profile (env.Profile) gives a value are left out; env.Values is
// not consulted. Includes are read through env.Include; unknown triggers and
// include cycles are skipped here (Render reports them).
func (t *Template) Fields(env Env) []Field {
	var out []Field
	seen := map[string]int{}
	includes := 0
	t.fields(env, &out, seen, nil, "", &includes)
	return out
}

func (t *Template) fields(env Env, out *[]Field, seen map[string]int, stack []string, outer string, includes *int) {
	var walk func(ns []node, sect string)
	walk = func(ns []node, sect string) {
		for _, n := range ns {
			switch n := n.(type) {
			case valueNode:
				if v := env.Profile[n.name]; strings.TrimSpace(v) != "" {
					continue
				}
				t.addField(out, seen, n.name, sect)
			case sectionNode:
				t.addField(out, seen, n.name, sect)
				walk(n.body, n.name)
			case includeNode:
				if env.Include == nil || len(stack) >= MaxIncludeDepth || contains(stack, n.trigger) || *includes >= MaxIncludes {
					continue
				}
				*includes++
				reply, ok := env.Include(n.trigger)
				if !ok {
					continue
				}
				inc, errs := Parse(reply)
				if len(errs) > 0 {
					continue
				}
				inc.fields(env, out, seen, append(stack, n.trigger), sect, includes)
			}
		}
	}
	walk(t.nodes, outer)
}

func (t *Template) addField(out *[]Field, seen map[string]int, name, sect string) {
	d := t.defs[t.index[name]]
	if i, ok := seen[name]; ok {
		f := &(*out)[i]
		if sect == "" {
			f.Section = ""
		}
		if f.Kind == d.kind && d.required && f.Kind != Toggle && f.Kind != Choice {
			f.Required, f.Default = true, ""
		}
		if f.Label == humanize(name) && d.label != "" {
			f.Label = d.label
		}
		return
	}
	f := Field{Name: name, Label: d.label, Kind: d.kind, Required: d.required, Section: sect}
	if f.Label == "" {
		f.Label = humanize(name)
	}
	switch d.kind {
	case Choice:
		f.Choices = append([]string(nil), d.choices...)
		f.Default = d.choices[0]
	case Toggle:
		f.Default = "no"
		if d.on {
			f.Default = "yes"
		}
	default:
		if !d.required && d.fallback != nil {
			f.Default = *d.fallback
		}
	}
	seen[name] = len(*out)
	*out = append(*out, f)
}

// humanize makes a label from a name: "order_id" -> "Order id".
func humanize(name string) string {
	s := strings.NewReplacer("_", " ", "-", " ", ".", " ").Replace(name)
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[n:]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ParseToggle reads a toggle's answer: yes/no, y/n, true/false, on/off, 1/0
// (any case); ok is false for anything else.
func ParseToggle(answer string) (on, ok bool) {
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "yes", "y", "true", "on", "1", "x":
		return true, true
	case "no", "n", "false", "off", "0":
		return false, true
	}
	return false, false
}

// Render produces the reply: the text, and where the caret ends as the
// number of characters (runes) after it (0: at the end). It fails when a
// fill-in has no value and no fallback ([*MissingError], naming all of
// them), and on an unknown or cyclic include, a choice answered with
// something not in its list, a clipboard or clock that is not there.
// A template with parse errors renders what it could read; do not use it.
func (t *Template) Render(env Env) (text string, caretFromEnd int, err error) {
	if len(t.nodes) == 1 {
		if n, ok := t.nodes[0].(textNode); ok {
			return n.s, 0, nil // plain text: no copy
		}
	}
	if len(t.nodes) == 0 {
		return "", 0, nil
	}
	r := &renderer{env: env, caret: -1}
	if env.Now != nil {
		r.start = env.Now()
	}
	r.render(t, nil)
	if len(r.missing) > 0 && r.err == nil {
		r.err = &MissingError{Names: r.missing}
	}
	if r.err != nil {
		return "", 0, r.err
	}
	text = r.b.String()
	if len(text) > MaxOutput {
		return "", 0, errTooLong
	}
	if r.caret >= 0 {
		caretFromEnd = utf8.RuneCountInString(text[r.caret:])
	}
	return text, caretFromEnd, nil
}

type renderer struct {
	env      Env
	b        strings.Builder
	caret    int // byte offset of the first caret, -1 when none
	missing  []string
	err      error
	rand     func(int) int
	includes int       // rendered so far, against MaxIncludes
	start    time.Time // when rendering began (Env.Now), against MaxRenderTime
}

// write adds s to the reply, failing once the reply passes MaxOutput.
func (r *renderer) write(s string) {
	if r.b.Len()+len(s) > MaxOutput {
		r.fail(errTooLong)
		return
	}
	r.b.WriteString(s)
}

// escaped writes a value from outside the library.
func (r *renderer) escaped(v string) {
	if r.env.Escape != nil {
		v = r.env.Escape(v)
	}
	r.write(v)
}

func (r *renderer) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// value finds a name's value: the answer, else the profile.
func (r *renderer) value(name string) (string, bool) {
	if v, ok := r.env.Values[name]; ok && strings.TrimSpace(v) != "" {
		return v, true
	}
	if v, ok := r.env.Profile[name]; ok && strings.TrimSpace(v) != "" {
		return v, true
	}
	return "", false
}

func (r *renderer) render(t *Template, stack []string) {
	var walk func(ns []node)
	walk = func(ns []node) {
		for _, n := range ns {
			if r.err != nil {
				return
			}
			switch n := n.(type) {
			case textNode:
				r.write(n.s)
			case caretNode:
				if r.caret < 0 {
					r.caret = r.b.Len()
				}
			case valueNode:
				r.renderValue(n)
			case sectionNode:
				on := t.defs[t.index[n.name]].on
				if a, ok := r.env.Values[n.name]; ok && strings.TrimSpace(a) != "" {
					v, ok := ParseToggle(a)
					if !ok {
						r.fail(fmt.Errorf("section %s: answer yes or no, not %q", n.name, a))
						return
					}
					on = v
				}
				if on {
					walk(n.body)
				}
			case dateNode:
				if r.env.Now == nil {
					r.fail(errors.New("{{date}}: no clock available"))
					return
				}
				now := r.env.Now()
				if r.env.Location != nil {
					now = now.In(r.env.Location)
				}
				r.escaped(shift(now, n.offsets).Format(n.layout))
			case clipboardNode:
				r.renderClipboard(n)
			case randomNode:
				pick := r.env.Rand
				if pick == nil {
					pick = rand.IntN
				}
				i := pick(len(n.variants))
				if i < 0 || i >= len(n.variants) {
					i = 0
				}
				r.write(n.variants[i])
			case includeNode:
				r.include(n, stack)
			}
		}
	}
	walk(t.nodes)
}

func (r *renderer) renderValue(n valueNode) {
	v, ok := r.value(n.name)
	switch {
	case ok && n.kind == Choice:
		for _, c := range n.choices {
			if strings.EqualFold(strings.TrimSpace(v), c) {
				r.write(c)
				return
			}
		}
		r.fail(fmt.Errorf("%s: %q is not one of the choices (%s)", n.name, v, strings.Join(n.choices, ", ")))
	case ok:
		r.escaped(v)
	case n.kind == Choice:
		r.write(n.choices[0])
	case n.fallback != nil:
		r.write(*n.fallback)
	default:
		if !contains(r.missing, n.name) {
			r.missing = append(r.missing, n.name)
		}
	}
}

func (r *renderer) renderClipboard(n clipboardNode) {
	var text string
	var err error
	if r.env.Clipboard == nil {
		err = errors.New("no clipboard available")
	} else {
		text, err = r.env.Clipboard()
	}
	switch {
	case err == nil && text != "":
		r.escaped(text)
	case n.fallback != nil:
		r.write(*n.fallback)
	case err != nil:
		r.fail(fmt.Errorf("{{clipboard}}: %w", err))
	default:
		r.fail(errors.New("{{clipboard}}: the clipboard holds no text (give a fallback: {{clipboard|…}})"))
	}
}

func (r *renderer) include(n includeNode, stack []string) {
	if contains(stack, n.trigger) {
		r.fail(fmt.Errorf("include cycle: %s", strings.Join(append(stack[indexOf(stack, n.trigger):], n.trigger), " → ")))
		return
	}
	if len(stack) >= MaxIncludeDepth {
		r.fail(fmt.Errorf("include %s: replies include each other more than %d deep", n.trigger, MaxIncludeDepth))
		return
	}
	if r.env.Include == nil {
		r.fail(fmt.Errorf("include %s: no other replies available", n.trigger))
		return
	}
	if r.env.Now != nil && r.env.Now().Sub(r.start) > MaxRenderTime {
		r.fail(fmt.Errorf("include %s: this reply took longer than %s to render (the limit keeps one expansion from running away)", n.trigger, MaxRenderTime))
		return
	}
	if r.includes++; r.includes > MaxIncludes {
		r.fail(fmt.Errorf("include %s: this reply includes other replies more than %d times in all (the limit keeps one expansion from running away)", n.trigger, MaxIncludes))
		return
	}
	reply, ok := r.env.Include(n.trigger)
	if !ok {
		r.fail(fmt.Errorf("include %s: no reply has this trigger", n.trigger))
		return
	}
	inc, errs := Parse(reply)
	if len(errs) > 0 {
		r.fail(fmt.Errorf("include %s: %w", n.trigger, errs[0]))
		return
	}
	if len(stack) == 0 {
		stack = []string{""} // the including reply, unnamed
	}
	r.render(inc, append(stack[:len(stack):len(stack)], n.trigger))
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return 0
}
