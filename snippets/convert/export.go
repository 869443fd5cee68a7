package convert

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/format"
)

// Entry is one snippet in kindly's JSON format (the fields of `kindly list
// --json` that make a snippet).
type Entry struct {
	Triggers      []string `json:"triggers"`
	Label         string   `json:"label,omitempty"`
	Tags          []string `json:"tags,omitempty"`
	Word          bool     `json:"word,omitempty"`
	PropagateCase bool     `json:"propagate_case,omitempty"`
	Replace       string   `json:"replace"`
	Format        string   `json:"format,omitempty"`     // "markdown" or "html" for a formatted reply
	ImagePath     string   `json:"image_path,omitempty"` // an image reply
}

// ToJSON writes snips as a JSON array of Entry: nothing is lost.
func ToJSON(snips []snippets.Snippet) ([]byte, error) {
	out := []Entry{}
	for _, s := range snips {
		e := Entry{s.Triggers, s.Label, s.Tags, s.Word, s.PropagateCase, s.Replace, "", s.ImagePath}
		if s.Format != format.Plain {
			e.Format = s.Format.String()
		}
		out = append(out, e)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(out)
	return b.Bytes(), err
}

// FromJSON reads what ToJSON writes.
func FromJSON(name string, data []byte) (Result, error) {
	var es []Entry
	if err := json.Unmarshal(data, &es); err != nil {
		return Result{}, fmt.Errorf("%s: %w", name, err)
	}
	var res Result
	for i, e := range es {
		pos := snippets.Pos{File: name + "#" + strconv.Itoa(i+1)}
		s := snippets.Snippet{Triggers: e.Triggers, Label: e.Label, Tags: e.Tags,
			Word: e.Word, PropagateCase: e.PropagateCase, Replace: e.Replace, ImagePath: e.ImagePath, Pos: pos}
		switch e.Format {
		case "", "replace":
		case "markdown":
			s.Format = format.Markdown
		case "html":
			s.Format = format.HTML
		default:
			return Result{}, fmt.Errorf("%s: entry %d: unknown format %q (markdown or html)", name, i+1, e.Format)
		}
		res.Snippets = append(res.Snippets, s)
	}
	return res, nil
}

// ToTextExpander writes snips as a TextExpander CSV group (no header; one
// row per trigger: abbreviation, content, label), with placeholders turned
// into TextExpander macros. Tags, word and propagate_case have no column:
// they are noted.
func ToTextExpander(snips []snippets.Snippet) ([]byte, []Note, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	var notes []Note
	for _, s := range snips {
		if s.ImagePath != "" {
			notes = append(notes, Note{s.Pos, s.Triggers[0], true, "an image reply has no TextExpander CSV form"})
			continue
		}
		content, lost := teFromKindly(s.Replace)
		if s.Format != format.Plain {
			// The CSV holds plain text: the twin, placeholders kept.
			content, lost = teFromKindly(s.Text())
			lost = append(lost, fmt.Sprintf("a %s reply is exported as its plain text (links in brackets)", s.Format))
		}
		if s.Word || s.PropagateCase {
			lost = append(lost, "word and propagate_case have no TextExpander column")
		}
		if len(s.Tags) > 0 {
			lost = append(lost, "tags have no TextExpander column: "+strings.Join(s.Tags, ", "))
		}
		for _, l := range lost {
			notes = append(notes, Note{s.Pos, snippets.VisibleTrigger(s.Triggers[0]), false, l})
		}
		for _, t := range s.Triggers {
			if err := w.Write([]string{t, content, s.Label}); err != nil {
				return nil, nil, err
			}
		}
	}
	w.Flush()
	return b.Bytes(), notes, w.Error()
}

func teFromKindly(reply string) (string, []string) {
	var lost []string
	var b strings.Builder
	last := 0
	text := func(t string) {
		t = strings.ReplaceAll(t, "%", "%%")
		b.WriteString(strings.Replace(t, snippets.CaretMarker, "%|", 1))
	}
	for _, m := range placeholderRe.FindAllStringIndex(reply, -1) {
		text(reply[last:m[0]])
		last = m[1]
		ph := parsePlaceholder(reply[m[0]:m[1]])
		switch ph.kind {
		case "clipboard":
			b.WriteString("%clipboard")
		case "cursor":
			b.WriteString("%|")
		case "fill":
			b.WriteString("%filltext:name=" + ph.name)
			if ph.fallback != "" {
				b.WriteString(":default=" + ph.fallback)
			}
			b.WriteString("%")
		case "multiline":
			b.WriteString("%fillarea:name=" + ph.name)
			if ph.fallback != "" {
				b.WriteString(":default=" + ph.fallback)
			}
			b.WriteString("%")
		case "include":
			b.WriteString("%snippet:" + ph.name + "%")
		case "choice":
			b.WriteString("%fillpopup:name=" + ph.name)
			for i, c := range ph.choices {
				if i == 0 {
					b.WriteString(":default=" + c)
				} else {
					b.WriteString(":" + c)
				}
			}
			b.WriteString("%")
		case "date":
			if ph.offset != "" {
				n, unit := ph.offset[:len(ph.offset)-1], ph.offset[len(ph.offset)-1:]
				if strings.HasSuffix(ph.offset, "bd") {
					lost = append(lost, fmt.Sprintf("%s: business days have no TextExpander equivalent: counted as days", ph.text))
					n = ph.offset[:len(ph.offset)-2]
					unit = "d"
				}
				b.WriteString("%@" + n + strings.ToUpper(unit))
			}
			layout := ph.layout
			if layout == "" {
				layout = "January 2, 2006"
			}
			b.WriteString(layoutStrftime(layout, true))
			if ph.offset != "" {
				b.WriteString("%@+0D")
			}
		default:
			b.WriteString(strings.ReplaceAll(ph.text, "%", "%%"))
			lost = append(lost, fmt.Sprintf("%s has no TextExpander equivalent: kept as text", ph.text))
		}
	}
	text(reply[last:])
	return b.String(), lost
}

// ToEspanso writes snips as an espanso match file. Placeholders become
// espanso variables: {{clipboard}} a clipboard variable, dates a date
// variable, fill-ins and choices the fields of one form. Tags have no
// espanso field; offsets in business days or months have no espanso
// equivalent: both are noted. Markdown and HTML replies keep their
// espanso keys (markdown:, html:); an image reply's image_path is written as
// the snippet holds it (the exporter makes it absolute).
func ToEspanso(snips []snippets.Snippet) ([]byte, []Note, error) {
	type variable struct {
		Name   string         `yaml:"name"`
		Type   string         `yaml:"type"`
		Params map[string]any `yaml:"params,omitempty"`
	}
	type match struct {
		Trigger       string     `yaml:"trigger,omitempty"`
		Triggers      []string   `yaml:"triggers,omitempty"`
		Label         string     `yaml:"label,omitempty"`
		Word          bool       `yaml:"word,omitempty"`
		PropagateCase bool       `yaml:"propagate_case,omitempty"`
		Replace       string     `yaml:"replace,omitempty"`
		Markdown      string     `yaml:"markdown,omitempty"`
		HTML          string     `yaml:"html,omitempty"`
		ImagePath     string     `yaml:"image_path,omitempty"`
		Vars          []variable `yaml:"vars,omitempty"`
	}
	var notes []Note
	var ms []match
	tagged := 0
	for _, s := range snips {
		m := match{Label: s.Label, Word: s.Word, PropagateCase: s.PropagateCase}
		if len(s.Triggers) == 1 {
			m.Trigger = s.Triggers[0]
		} else {
			m.Triggers = s.Triggers
		}
		lose := func(format string, args ...any) {
			notes = append(notes, Note{s.Pos, snippets.VisibleTrigger(s.Triggers[0]), false, fmt.Sprintf(format, args...)})
		}
		if len(s.Tags) > 0 {
			tagged++
		}
		var layout []string
		fields := map[string]any{}
		dates, rnd, inc, clip := 0, 0, 0, false
		var b strings.Builder
		last := 0
		for _, r := range placeholderRe.FindAllStringIndex(s.Replace, -1) {
			b.WriteString(s.Replace[last:r[0]])
			last = r[1]
			ph := parsePlaceholder(s.Replace[r[0]:r[1]])
			switch ph.kind {
			case "clipboard":
				if !clip {
					clip = true
					m.Vars = append(m.Vars, variable{Name: "clipboard", Type: "clipboard"})
				}
				b.WriteString("{{clipboard}}")
			case "cursor":
				b.WriteString(snippets.CaretMarker)
			case "date":
				dates++
				name := "date" + strconv.Itoa(dates)
				layoutText := ph.layout
				if layoutText == "" {
					layoutText = "January 2, 2006"
				}
				params := map[string]any{"format": layoutStrftime(layoutText, false)}
				if ph.offset != "" {
					n := atoi(strings.TrimRight(ph.offset, "bdwm"))
					switch {
					case strings.HasSuffix(ph.offset, "bd"):
						lose("%s: business days have no espanso equivalent: counted as days", ph.text)
						params["offset"] = n * 86400
					case strings.HasSuffix(ph.offset, "d"):
						params["offset"] = n * 86400
					case strings.HasSuffix(ph.offset, "w"):
						params["offset"] = n * 7 * 86400
					default:
						lose("%s: an offset in months has no espanso equivalent: counted as 30 days", ph.text)
						params["offset"] = n * 30 * 86400
					}
				}
				m.Vars = append(m.Vars, variable{Name: name, Type: "date", Params: params})
				b.WriteString("{{" + name + "}}")
			case "random":
				rnd++
				name := "random" + strconv.Itoa(rnd)
				m.Vars = append(m.Vars, variable{Name: name, Type: "random", Params: map[string]any{"choices": ph.choices}})
				b.WriteString("{{" + name + "}}")
			case "include":
				inc++
				name := "reply" + strconv.Itoa(inc)
				m.Vars = append(m.Vars, variable{Name: name, Type: "match", Params: map[string]any{"trigger": ph.name}})
				b.WriteString("{{" + name + "}}")
			case "fill", "choice", "multiline":
				if _, ok := fields[ph.name]; !ok {
					layout = append(layout, ph.name+": [["+ph.name+"]]")
					f := map[string]any{}
					if ph.kind == "multiline" {
						f["multiline"] = true
					}
					if ph.kind == "choice" {
						f["type"] = "choice"
						f["values"] = ph.choices
						if len(ph.choices) > 0 {
							f["default"] = ph.choices[0]
						}
					} else if ph.fallback != "" {
						f["default"] = ph.fallback
					}
					fields[ph.name] = f
				}
				b.WriteString("{{form1." + ph.name + "}}")
			default:
				b.WriteString(ph.text)
				lose("%s has no espanso equivalent: kept as text", ph.text)
			}
		}
		b.WriteString(s.Replace[last:])
		switch {
		case s.ImagePath != "":
			m.ImagePath = s.ImagePath
		case s.Format == format.Markdown:
			m.Markdown = b.String()
		case s.Format == format.HTML:
			m.HTML = b.String()
		default:
			m.Replace = b.String()
		}
		if len(fields) > 0 {
			m.Vars = append(m.Vars, variable{Name: "form1", Type: "form",
				Params: map[string]any{"layout": strings.Join(layout, "\n"), "fields": fields}})
		}
		ms = append(ms, m)
	}
	if tagged > 0 {
		notes = append(notes, Note{Msg: fmt.Sprintf("tags are not exported: espanso has none (snippets with tags: %d)", tagged)})
	}
	var b bytes.Buffer
	b.WriteString("# espanso match file exported by kindly\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(map[string]any{"matches": ms}); err != nil {
		return nil, nil, err
	}
	return b.Bytes(), notes, enc.Close()
}
