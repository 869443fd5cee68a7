package snippets

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// renderEntry writes s as the lines of one list entry, without the leading
// "- " and relative to the indentation of its keys:
//
//	trigger: ";ty"
//	replace: |-
//	  Thank you!
//	  Bye
func renderEntry(s Snippet) []string {
	var lines []string
	if len(s.Triggers) == 1 {
		lines = append(lines, "trigger: "+strconv.Quote(s.Triggers[0]))
	} else {
		q := make([]string, len(s.Triggers))
		for i, t := range s.Triggers {
			q[i] = strconv.Quote(t)
		}
		lines = append(lines, "triggers: ["+strings.Join(q, ", ")+"]")
	}
	if s.Label != "" {
		lines = append(lines, "label: "+scalar(s.Label, false))
	}
	if len(s.Tags) > 0 {
		q := make([]string, len(s.Tags))
		for i, t := range s.Tags {
			q[i] = scalar(t, true)
		}
		lines = append(lines, "tags: ["+strings.Join(q, ", ")+"]")
	}
	if s.Word {
		lines = append(lines, "word: true")
	}
	if s.PropagateCase {
		lines = append(lines, "propagate_case: true")
	}
	if s.ImagePath != "" {
		return append(lines, "image_path: "+scalar(s.ImagePath, false))
	}
	key := s.Format.String() // replace, markdown or html
	if block, ok := blockScalar(s.Replace); ok {
		lines = append(lines, key+": "+block[0])
		lines = append(lines, block[1:]...)
	} else {
		lines = append(lines, key+": "+scalar(s.Replace, false))
	}
	return lines
}

// blockScalar renders a multi-line text as a literal block scalar (header
// line, then content lines indented by two), when it can do so faithfully.
func blockScalar(text string) ([]string, bool) {
	if !strings.Contains(strings.TrimRight(text, "\n"), "\n") && !strings.HasSuffix(text, "\n") {
		return nil, false // one line: a flow scalar reads better
	}
	body := strings.TrimRight(text, "\n")
	if body == "" || strings.HasPrefix(body, " ") || strings.ContainsAny(text, "\r\u0085\u2028\u2029") || !printable(text) {
		return nil, false // would need an indentation indicator or escapes
	}
	header := "|-"
	switch trailing := len(text) - len(body); {
	case trailing == 1:
		header = "|"
	case trailing > 1:
		header = "|+"
	}
	lines := []string{header}
	for _, l := range strings.Split(body, "\n") {
		if l == "" {
			lines = append(lines, "")
		} else {
			lines = append(lines, "  "+l)
		}
	}
	for range len(text) - len(body) - 1 {
		lines = append(lines, "")
	}
	return lines, true
}

// scalar renders a one-line text plain when YAML reads it back as the same
// string, double-quoted otherwise. In flow context ([a, b]) commas and
// brackets need quotes too.
func scalar(text string, flow bool) string {
	if plainSafe(text, flow) {
		return text
	}
	return strconv.Quote(text)
}

func plainSafe(text string, flow bool) bool {
	if text == "" || strings.TrimSpace(text) != text || !printable(text) ||
		strings.ContainsAny(text, "\n\r\t\"'`\\\u0085\u2028\u2029") ||
		strings.ContainsAny(text[:1], "-?:,[]{}#&*!|>%@;") ||
		strings.Contains(text, ": ") || strings.Contains(text, " #") || strings.HasSuffix(text, ":") {
		return false
	}
	if flow && strings.ContainsAny(text, ",[]{}") {
		return false
	}
	switch strings.ToLower(text) {
	case "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~":
		return false // YAML 1.1 readers take these for booleans or null
	}
	var n yaml.Node
	if err := yaml.Unmarshal([]byte("v: "+text), &n); err != nil || len(n.Content) != 1 || len(n.Content[0].Content) != 2 {
		return false
	}
	v := n.Content[0].Content[1]
	return v.Kind == yaml.ScalarNode && v.ShortTag() == "!!str" && v.Value == text
}

func printable(text string) bool {
	for _, r := range text {
		if !yamlPrintable(r) || r == 0xFEFF {
			return false
		}
	}
	return true
}
