package convert

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/kindly-support/kindly/snippets"
	kplaceholder "github.com/kindly-support/kindly/snippets/placeholder"
)

// teMacroRe finds TextExpander macros: %filltext:…%, %@+1D, %Y, %|, %%…
var teMacroRe = regexp.MustCompile(`%(?:(fill(?:text|area|popup|part|partend)|snippet|key|clipboard)(?::[^%]*)?%?|@[+-]\d+[DWMYhms]|[-1]?[A-Za-z]|\||%|[<>^\\])`)

// teDateCode is a date code TextExpander shares with strftime.
var teDateCode = regexp.MustCompile(`^%[-1]?[YymdeBbAaHIMSpZzj]$`)

// FromTextExpander reads a TextExpander group exported as CSV: one row per
// snippet, abbreviation, content and an optional label. A header row
// ("abbreviation,content,label") is skipped.
func FromTextExpander(name string, data []byte) (Result, error) {
	var res Result
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	for row := 1; ; row++ {
		rec, err := r.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return res, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := r.FieldPos(0)
		pos := snippets.Pos{File: name, Line: line}
		if row == 1 && len(rec) >= 2 && strings.EqualFold(strings.TrimSpace(rec[0]), "abbreviation") {
			continue
		}
		if len(rec) < 2 || strings.TrimSpace(rec[0]) == "" {
			if len(rec) > 1 || (len(rec) == 1 && rec[0] != "") {
				res.Notes = append(res.Notes, Note{pos, "", true, "a row without an abbreviation and content"})
			}
			continue
		}
		trig := rec[0]
		s := snippets.Snippet{Triggers: []string{trig}, Pos: pos, TriggerPos: []snippets.Pos{pos}}
		if len(rec) > 2 {
			s.Label = rec[2]
		}
		content := strings.ReplaceAll(rec[1], "\r\n", "\n")
		reply, notes := teContent(content, false)
		if _, errs := kplaceholder.Parse(reply); len(errs) > 0 {
			// Braces kindly cannot read as placeholders are text here.
			reply, notes = teContent(content, true)
		}
		for _, n := range notes {
			res.Notes = append(res.Notes, Note{pos, snippets.VisibleTrigger(trig), false, n})
		}
		s.Replace = reply
		res.Snippets = append(res.Snippets, s)
	}
	return res, nil
}

// teContent maps TextExpander macros to kindly placeholders.
// With escape, every "{{" of the content's text is escaped, so that it is
// typed as written; without, a kindly placeholder written in the content (a
// group exported by kindly) stays one.
func teContent(c string, escape bool) (string, []string) {
	text := func(t string) string {
		if escape {
			return escapeBraces(t)
		}
		return t
	}
	var notes []string
	var b strings.Builder
	offset := ""
	caret := false
	ms := teMacroRe.FindAllStringSubmatchIndex(c, -1)
	last := 0
	for i := 0; i < len(ms); i++ {
		m := ms[i]
		b.WriteString(text(c[last:m[0]]))
		last = m[1]
		tok := c[m[0]:m[1]]
		switch {
		case tok == "%%":
			b.WriteByte('%')
		case tok == "%|":
			if caret {
				notes = append(notes, "only the first cursor position %| is kept")
				continue
			}
			caret = true
			b.WriteString(snippets.CaretMarker)
		case tok == "%clipboard":
			b.WriteString("{{clipboard}}")
		case strings.HasPrefix(tok, "%@"):
			n, unit := tok[2:len(tok)-1], tok[len(tok)-1]
			switch unit {
			case 'D':
				offset = n + "d"
			case 'W':
				offset = n + "w"
			case 'M':
				offset = n + "m"
			case 'Y':
				offset = fmt.Sprintf("%+dm", 12*atoi(n))
			default:
				notes = append(notes, fmt.Sprintf("date adjustment %s (hours, minutes, seconds) has no equivalent: dropped", tok))
			}
			if strings.TrimLeft(n, "+-0") == "" {
				offset = ""
			}
		case teDateCode.MatchString(tok):
			// A run of date codes and the punctuation between them is one date.
			format := tok
			j := i + 1
			for ; j < len(ms); j++ {
				gap := c[ms[j-1][1]:ms[j][0]]
				next := c[ms[j][0]:ms[j][1]]
				if !teDateCode.MatchString(next) || strings.ContainsFunc(gap, isLetterOrNewline) {
					break
				}
				format += gap + next
			}
			i = j - 1
			last = ms[i][1]
			layout, bad := strftimeLayout(format)
			if len(bad) > 0 {
				notes = append(notes, fmt.Sprintf("date codes %s have no equivalent: dropped", strings.Join(bad, " ")))
			}
			b.WriteString(datePlaceholder(offset, layout))
		default:
			kind := ""
			if m[2] >= 0 {
				kind = c[m[2]:m[3]]
			}
			args := teArgs(tok)
			switch kind {
			case "filltext":
				b.WriteString(fillIn(validName(orDefault(args["name"], "field")), teDefault(tok)))
			case "fillarea":
				b.WriteString(multiline(validName(orDefault(args["name"], "field")), teDefault(tok)))
			case "snippet":
				if t := strings.TrimSuffix(strings.TrimPrefix(tok, "%snippet:"), "%"); t != "" {
					b.WriteString(include(t))
				}
			case "fillpopup":
				vals := args["*"]
				var list []string
				if vals != "" {
					list = strings.Split(vals, "\x00")
				}
				if d := args["default"]; d != "" {
					list = moveFirst(list, d)
				}
				b.WriteString(choice(validName(orDefault(args["name"], "choice")), list))
			default:
				b.WriteString(tok)
				notes = append(notes, fmt.Sprintf("%s has no kindly equivalent: kept as typed text", strings.TrimRight(tok, "%")+"%"))
			}
		}
	}
	b.WriteString(text(c[last:]))
	return b.String(), notes
}

func isLetterOrNewline(r rune) bool {
	return r == '\n' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || r > 127
}

// teArgs reads "%fillpopup:name=plan:Basic:default=Pro:Enterprise%":
// name=… and default=… by key, bare values joined by NUL under "*".
func teArgs(tok string) map[string]string {
	args := map[string]string{}
	body := strings.TrimSuffix(strings.TrimPrefix(tok, "%"), "%")
	parts := strings.Split(body, ":")
	var bare []string
	for _, p := range parts[1:] {
		if k, v, ok := strings.Cut(p, "="); ok && (k == "name" || k == "default" || k == "width" || k == "height") {
			args[k] = v
			if k == "default" {
				bare = append(bare, v)
			}
			continue
		}
		bare = append(bare, p)
	}
	args["*"] = strings.Join(bare, "\x00")
	return args
}

// teDefault is a text field's default: everything after "default=", so a
// default that holds a colon (an address, a time) stays whole.
func teDefault(tok string) string {
	body := strings.TrimSuffix(tok, "%")
	_, d, ok := strings.Cut(body, ":default=")
	if !ok {
		return ""
	}
	for _, k := range []string{":width=", ":height=", ":name="} {
		if i := strings.Index(d, k); i >= 0 {
			d = d[:i]
		}
	}
	return d
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func atoi(s string) int {
	n := 0
	fmt.Sscanf(s, "%d", &n)
	return n
}
