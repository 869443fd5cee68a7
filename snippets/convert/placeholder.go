package convert

import (
	"regexp"
	"strconv"
	"strings"
)

// placeholder is one kindly placeholder, parsed just enough to export it.
type placeholder struct {
	kind     string   // "fill", "multiline", "choice", "random", "include", "date", "clipboard", "cursor", "other"
	name     string   // fill and choice
	fallback string   // fill: after |
	choices  []string // choice
	offset   string   // date: "+2d", "-1w", "+3bd", "+1m" or ""
	layout   string   // date: a Go layout ("" for the default)
	text     string   // the placeholder as written
}

var placeholderRe = regexp.MustCompile(`\{\{[^{}]*\}\}`)

var (
	fillRe = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_.-]*)(?:\|(.*))?$`)
	choRe  = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_.-]*):(.*)$`)
	dateRe = regexp.MustCompile(`^date(?:\s+([+-]\d+(?:bd|d|w|m)))?(?:\s+("(?:[^"\\]|\\.)*"))?$`)
)

// parsePlaceholder reads "{{…}}".
func parsePlaceholder(p string) placeholder {
	in := strings.TrimSpace(p[2 : len(p)-2])
	ph := placeholder{kind: "other", text: p}
	switch {
	case in == "clipboard":
		ph.kind = "clipboard"
	case in == "cursor":
		ph.kind = "cursor"
	case strings.HasPrefix(in, "random:"):
		ph.kind, ph.choices = "random", strings.Split(strings.TrimPrefix(in, "random:"), "|")
	case strings.HasPrefix(in, ">"):
		ph.kind, ph.name = "include", strings.TrimSpace(in[1:])
	case strings.HasPrefix(in, "multiline ") && fillRe.MatchString(strings.TrimSpace(in[len("multiline "):])):
		m := fillRe.FindStringSubmatch(strings.TrimSpace(in[len("multiline "):]))
		ph.kind, ph.name, ph.fallback = "multiline", m[1], m[2]
	case dateRe.MatchString(in):
		m := dateRe.FindStringSubmatch(in)
		ph.kind, ph.offset = "date", m[1]
		if m[2] != "" {
			if s, err := strconv.Unquote(m[2]); err == nil {
				ph.layout = s
			}
		}
	case choRe.MatchString(in):
		m := choRe.FindStringSubmatch(in)
		ph.kind, ph.name, ph.choices = "choice", m[1], strings.Split(m[2], "|")
	case fillRe.MatchString(in):
		m := fillRe.FindStringSubmatch(in)
		ph.kind, ph.name, ph.fallback = "fill", m[1], m[2]
	}
	return ph
}

// Builders for kindly placeholders.

func fillIn(name, fallback string) string {
	if fallback != "" {
		return "{{" + name + "|" + fallback + "}}"
	}
	return "{{" + name + "}}"
}

func multiline(name, fallback string) string { return "{{multiline " + fillIn(name, fallback)[2:] }

func include(trigger string) string { return "{{> " + trigger + "}}" }

func random(values []string) string { return "{{random:" + strings.Join(values, "|") + "}}" }

func choice(name string, values []string) string {
	return "{{" + name + ":" + strings.Join(values, "|") + "}}"
}

func datePlaceholder(offset, layout string) string {
	s := "{{date"
	if offset != "" {
		s += " " + offset
	}
	if layout != "" {
		s += " " + strconv.Quote(layout)
	}
	return s + "}}"
}

// validName makes a tool's variable name a kindly placeholder name.
func validName(n string) string {
	var b strings.Builder
	for i, r := range n {
		switch {
		case r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z'):
			b.WriteRune(r)
		case ('0' <= r && r <= '9') || r == '.' || r == '-':
			if i == 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "field"
	}
	return b.String()
}
