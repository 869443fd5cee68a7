package snippets

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/kindly-support/kindly/snippets/format"
)

// Decode reads one library file. name is used as Pos.File in the snippets and
// problems. It returns every entry that is valid on its own, and every problem
// found in the file, including duplicate and shadowed triggers within it.
func Decode(name string, data []byte) ([]Snippet, []Problem) {
	snips, ps := decodeFile(name, data)
	return snips, append(ps, check(snips)...)
}

// decodeFile is Decode without the checks that span entries.
func decodeFile(name string, data []byte) ([]Snippet, []Problem) {
	doc, ps := parseYAML(name, data)
	if len(ps) > 0 {
		return nil, ps
	}
	rf, ps := rawLibrary(name, doc)
	var snips []Snippet
	for _, e := range rf.entries {
		s, eps := decodeEntry(name, e)
		ps = append(ps, eps...)
		if len(eps) == 0 && !e.broken {
			snips = append(snips, s)
		}
	}
	sortProblems(ps, nil)
	return snips, ps
}

// decodeEntry turns one raw entry into a Snippet.
func decodeEntry(name string, e rawEntry) (Snippet, []Problem) {
	var ps []Problem
	at := func(n *yaml.Node) Pos { return Pos{name, n.Line, n.Column} }
	bad := func(n *yaml.Node, format string, args ...any) {
		ps = append(ps, Problem{at(n), Error, fmt.Sprintf(format, args...)})
	}
	s := Snippet{Pos: at(e.node)}

	addTrigger := func(n *yaml.Node) {
		if n.Kind != yaml.ScalarNode {
			bad(n, "a trigger must be text, got %s", kindName(n))
			return
		}
		if tag, ok := explicitTag(n); ok {
			bad(n, "a trigger must be text, got %s %s (remove the tag, or quote it: %q)", tag, n.Value, n.Value)
			return
		}
		t := n.Value
		if n.ShortTag() == "!!null" {
			t = ""
		}
		if msg := triggerProblem(t); msg != "" {
			bad(n, "%s", msg)
			return
		}
		s.Triggers = append(s.Triggers, t)
		s.TriggerPos = append(s.TriggerPos, at(n))
	}
	one, many := e.values["trigger"], e.values["triggers"]
	switch {
	case e.keys["trigger"] != nil && e.keys["triggers"] != nil:
		second := e.keys["triggers"]
		if second.Line < e.keys["trigger"].Line {
			second = e.keys["trigger"]
		}
		bad(second, "snippet has both `trigger` and `triggers`; use one of them")
	case one != nil:
		if one.Kind == yaml.SequenceNode {
			bad(one, "`trigger` must be text, got a list (use `triggers` for several)")
		} else {
			addTrigger(one)
		}
	case many != nil:
		switch {
		case many.Kind == yaml.ScalarNode && many.ShortTag() != "!!null":
			bad(many, "`triggers` must be a list, got %s (use `trigger` for one)", kindName(many))
		case many.Kind != yaml.SequenceNode && many.Kind != yaml.ScalarNode:
			bad(many, "`triggers` must be a list, got %s", kindName(many))
		case len(many.Content) == 0:
			bad(many, "`triggers` is empty")
		default:
			for _, n := range many.Content {
				addTrigger(n)
			}
		}
	case e.keys["trigger"] == nil && e.keys["triggers"] == nil:
		bad(e.node, "snippet has no `trigger` (or `triggers`)")
	}

	s.decodeReply(e, bad)

	if n := e.values["label"]; n != nil && !isNull(n) {
		if n.Kind != yaml.ScalarNode {
			bad(n, "`label` must be text, got %s", kindName(n))
		} else if tag, ok := explicitTag(n); ok {
			bad(n, "`label` must be text, got %s %s (remove the tag, or quote it: %q)", tag, n.Value, n.Value)
		} else {
			s.Label = n.Value
		}
	}

	if n := e.values["tags"]; n != nil && !isNull(n) {
		if n.Kind != yaml.SequenceNode {
			bad(n, "`tags` must be a list of words, got %s (write tags: [chat, email])", kindName(n))
		} else {
			for _, t := range n.Content {
				if t.Kind != yaml.ScalarNode || isNull(t) || t.Value == "" {
					bad(t, "a tag must be a non-empty word, got %s", kindName(t))
					continue
				}
				s.Tags = append(s.Tags, t.Value)
			}
		}
	}

	flag := func(key string, dst *bool) {
		n := e.values[key]
		if n == nil {
			return
		}
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
			bad(n, "`%s` must be true or false, got %s", key, kindName(n))
			return
		}
		if err := n.Decode(dst); err != nil {
			bad(n, "`%s` must be true or false, got %s", key, kindName(n))
		}
	}
	flag("word", &s.Word)
	flag("propagate_case", &s.PropagateCase)
	return s, ps
}

// explicitTag returns the tag written on a scalar (!!int 12) when it says the
// value is something other than text: a trigger, reply or label is text, and
// a tag saying otherwise is a mistake that YAML tools would act on.
func explicitTag(n *yaml.Node) (string, bool) {
	if n.Style&yaml.TaggedStyle == 0 {
		return "", false
	}
	if tag := n.ShortTag(); tag != "!!str" {
		return tag, true
	}
	return "", false
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

// MaxTriggerLen is the longest trigger kindly accepts, in characters.
const MaxTriggerLen = 64

// triggerProblem says what is wrong with a trigger, or "" when nothing is.
// A trigger may end with spaces, Tabs and newlines (the key that completes
// it), but not start with whitespace or be only whitespace, and it has no
// other line breaks.
func triggerProblem(t string) string {
	q := QuoteTrigger(t)
	body := strings.TrimRight(t, trailingKeys)
	switch {
	case t == "":
		return "empty trigger"
	case strings.TrimFunc(t, unicode.IsSpace) == "":
		return fmt.Sprintf("trigger %s is only whitespace", q)
	case strings.TrimLeftFunc(t, unicode.IsSpace) != t:
		return fmt.Sprintf("trigger %s starts with whitespace", q)
	case strings.Contains(body, "\n") || strings.ContainsAny(t, "\r\u0085\u2028\u2029"):
		return fmt.Sprintf("trigger %s contains a line break (a newline may only end it)", q)
	case strings.TrimRightFunc(body, unicode.IsSpace) != body:
		return fmt.Sprintf("trigger %s ends with whitespace no key types (only a space, a Tab or a newline may end a trigger)", q)
	case utf8.RuneCountInString(t) > MaxTriggerLen:
		return fmt.Sprintf("trigger %s is %d characters long; the limit is %d", q, utf8.RuneCountInString(t), MaxTriggerLen)
	}
	return ""
}

// replyKeys are the keys that hold a reply, one per snippet.
var replyKeys = []string{"replace", "markdown", "html", "image_path"}

// decodeReply reads the one key of replyKeys the entry has.
func (s *Snippet) decodeReply(e rawEntry, bad func(n *yaml.Node, format string, args ...any)) {
	var key string
	for _, k := range replyKeys {
		if e.keys[k] == nil {
			continue
		}
		if key != "" {
			second := e.keys[k]
			if second.Line < e.keys[key].Line {
				second = e.keys[key]
			}
			bad(second, "snippet has both `%s` and `%s`; use one of them", key, k)
			return
		}
		key = k
	}
	if key == "" {
		bad(e.node, "snippet has no `replace`")
		return
	}
	n := e.values[key]
	switch {
	case n == nil:
		// an alias, reported already
	case n.Kind != yaml.ScalarNode:
		bad(n, "`%s` must be text, got %s", key, kindName(n))
	case isTagged(n):
		tag, _ := explicitTag(n)
		bad(n, "`%s` must be text, got %s %s (remove the tag, or quote it: %q)", key, tag, n.Value, n.Value)
	case n.ShortTag() == "!!null" || n.Value == "":
		bad(n, "`%s` is empty", key)
	case key == "image_path":
		if msg := imagePathProblem(n.Value); msg != "" {
			bad(n, "%s", msg)
			return
		}
		s.ImagePath = n.Value
		s.imageAt = linecol{int32(n.Line), int32(n.Column)}
	case strings.Count(n.Value, CaretMarker) > 1:
		bad(n, "`%s` has %d caret markers %q; at most one is allowed", key, strings.Count(n.Value, CaretMarker), CaretMarker)
	default:
		s.Replace = n.Value
		switch key {
		case "markdown":
			s.Format = format.Markdown
		case "html":
			s.Format = format.HTML
		}
	}
}

func isTagged(n *yaml.Node) bool {
	_, ok := explicitTag(n)
	return ok
}
