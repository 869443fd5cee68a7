package placeholder

import (
	"strconv"
	"strings"
	"time"
)

// unit is what a date offset counts.
type unit int

const (
	days unit = iota
	weeks
	months
	years
	businessDays
	hours
	minutes
)

// offset is one "+2bd" of a date placeholder.
type offset struct {
	n    int
	unit unit
}

var units = map[string]unit{
	"d": days, "w": weeks, "m": months, "y": years, "bd": businessDays, "h": hours, "min": minutes,
}

// Presets are the friendly format names of {{date}} and {{time}}, with their
// Go layouts.
var presets = map[string]string{
	"iso":      "2006-01-02",
	"short":    "Jan 2",
	"medium":   "Jan 2, 2006",
	"long":     "January 2, 2006",
	"full":     "Monday, January 2, 2006",
	"weekday":  "Monday",
	"time":     "15:04",
	"time12":   "3:04 PM",
	"datetime": "January 2, 2006 15:04",
}

// Presets returns the friendly format names and their Go layouts.
func Presets() map[string]string {
	m := make(map[string]string, len(presets))
	for k, v := range presets {
		m[k] = v
	}
	return m
}

// dateArgs reads the arguments of {{date …}} or {{time …}}.
func (p *parser) dateArgs(c *cursor, word string) (dateNode, bool) {
	d := dateNode{layout: presets["long"]}
	if word == "time" {
		d.layout = presets["time"]
	}
	hasLayout := false
	for {
		c.space()
		if c.done() {
			return d, true
		}
		at := c.i
		switch ch := c.peek(); {
		case ch == '+' || ch == '-':
			j := c.i + 1
			for j < len(c.s) && !isSpace(c.s[j]) {
				j++
			}
			tok := c.s[c.i:j]
			o, ok := parseOffset(tok)
			if !ok {
				p.errorf(c.base+at, "bad date offset %q: write a sign, a number and a unit (d, w, m, y, bd, h, min), as in +2bd or -1w", tok)
				return d, false
			}
			d.offsets = append(d.offsets, o)
			c.i = j
			continue
		case hasLayout:
			p.errorf(c.base+at, "a second format in {{%s}}: give one", word)
			return d, false
		case ch == '"':
			s, ok := c.quoted()
			if !ok {
				return d, false
			}
			layout, msg := goLayout(s)
			if msg != "" {
				p.errorf(c.base+at, "%s", msg)
				return d, false
			}
			d.layout, hasLayout = layout, true
		default:
			w := c.name()
			if l, ok := presets[w]; ok {
				d.layout, hasLayout = l, true
				continue
			}
			if w == "" {
				w = c.s[c.i:]
			}
			p.errorf(c.base+at, "unknown %s argument %q: write an offset such as +2bd, -1w, +1m, or a format: a preset (%s) or a quoted layout such as \"Monday, January 2\"",
				word, w, strings.Join(presetNames(), ", "))
			return d, false
		}
	}
}

func presetNames() []string {
	return []string{"iso", "short", "medium", "long", "full", "weekday", "time", "time12", "datetime"}
}

func parseOffset(tok string) (offset, bool) {
	if len(tok) < 3 {
		return offset{}, false
	}
	sign := 1
	if tok[0] == '-' {
		sign = -1
	}
	j := 1
	for j < len(tok) && '0' <= tok[j] && tok[j] <= '9' {
		j++
	}
	if j == 1 || j > 6 {
		return offset{}, false
	}
	n, err := strconv.Atoi(tok[1:j])
	u, ok := units[tok[j:]]
	if err != nil || !ok {
		return offset{}, false
	}
	return offset{sign * n, u}, true
}

// reference is Go's reference time, to tell a layout from plain text.
var reference = time.Date(2009, time.November, 10, 23, 4, 5, 0, time.UTC)

// goLayout turns a quoted format into a Go layout: a preset name, a Go
// layout ("Monday, January 2"), or tokens (YYYY-MM-DD, dddd D MMMM, h:mm A).
// msg explains a format that is neither.
func goLayout(s string) (layout, msg string) {
	if l, ok := presets[s]; ok {
		return l, ""
	}
	if s == "" {
		return "", "empty date format"
	}
	if reference.Format(s) != s {
		return s, "" // it has Go layout elements
	}
	if l, ok := tokenLayout(s); ok {
		return l, ""
	}
	return "", "date format " + strconv.Quote(s) + " has no date or time in it: write a Go layout such as \"Monday, January 2\" or tokens such as \"dddd, MMMM D\""
}

// tokens are the friendly format tokens, longest first.
var tokens = []struct{ tok, layout string }{
	{"YYYY", "2006"}, {"YY", "06"},
	{"MMMM", "January"}, {"MMM", "Jan"}, {"MM", "01"}, {"M", "1"},
	{"dddd", "Monday"}, {"ddd", "Mon"}, {"DD", "02"}, {"D", "2"},
	{"HH", "15"}, {"hh", "03"}, {"h", "3"},
	{"mm", "04"}, {"ss", "05"}, {"A", "PM"}, {"a", "pm"},
}

// tokenLayout translates friendly tokens into a Go layout; ok is false when
// s holds none. Other letters stay as they are.
func tokenLayout(s string) (string, bool) {
	var b strings.Builder
	found := false
next:
	for i := 0; i < len(s); {
		for _, t := range tokens {
			// A token counts only on its own, not inside a word ("Due D").
			if strings.HasPrefix(s[i:], t.tok) && !(i > 0 && isLetter(s[i-1])) &&
				!(i+len(t.tok) < len(s) && isLetter(s[i+len(t.tok)])) {
				b.WriteString(t.layout)
				i += len(t.tok)
				found = true
				continue next
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String(), found
}

func isLetter(b byte) bool { return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' }

// shift applies the offsets to t in t's location: days, weeks and business
// days keep the wall-clock time (across DST changes too); months and years
// keep the day of the month, or take the month's last day when it has fewer
// (January 31 + 1m is February 28 or 29); hours and minutes are elapsed time.
func shift(t time.Time, offs []offset) time.Time {
	for _, o := range offs {
		switch o.unit {
		case days:
			t = t.AddDate(0, 0, o.n)
		case weeks:
			t = t.AddDate(0, 0, 7*o.n)
		case months:
			t = addMonths(t, o.n)
		case years:
			t = addMonths(t, 12*o.n)
		case businessDays:
			t = addBusinessDays(t, o.n)
		case hours:
			t = t.Add(time.Duration(o.n) * time.Hour)
		case minutes:
			t = t.Add(time.Duration(o.n) * time.Minute)
		}
	}
	return t
}

func addMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
}

// addBusinessDays moves n working days (Monday to Friday) forward or back:
// from a weekend, +1bd is Monday and -1bd is Friday; +0bd is t itself.
func addBusinessDays(t time.Time, n int) time.Time {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		t = t.AddDate(0, 0, step)
		if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return t
}
