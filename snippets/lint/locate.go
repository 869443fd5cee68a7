package lint

import (
	"strings"
	"unicode/utf8"

	"github.com/kindly-support/kindly/snippets"
	"gopkg.in/yaml.v3"
)

// locator finds where a reply is written in its file, so a finding about a
// phrase points at the phrase's own line, not at the start of the entry.
type locator struct {
	src   Source
	files map[string]*fileLocs
	// source maps a formatted reply's text (format.Mask: the source with
	// its markup blanked, same offsets) to the source as written.
	source map[*snippets.Snippet]string
}

type fileLocs struct {
	lines   []string
	replies map[[2]int]*yaml.Node // entry line:col -> its replace node
}

func newLocator(src Source) *locator {
	return &locator{src: src, files: map[string]*fileLocs{}, source: map[*snippets.Snippet]string{}}
}

func (l *locator) index(file string) *fileLocs {
	if fi, ok := l.files[file]; ok {
		return fi
	}
	l.files[file] = nil
	if l.src == nil {
		return nil
	}
	data, ok := l.src(file)
	if !ok {
		return nil
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	fi := &fileLocs{lines: strings.Split(string(data), "\n"), replies: map[[2]int]*yaml.Node{}}
	top := doc.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value != "snippets" || top.Content[i+1].Kind != yaml.SequenceNode {
			continue
		}
		for _, e := range top.Content[i+1].Content {
			if e.Kind != yaml.MappingNode {
				continue
			}
			for j := 0; j+1 < len(e.Content); j += 2 {
				if k := e.Content[j].Value; k == "replace" || k == "markdown" || k == "html" {
					fi.replies[[2]int{e.Line, e.Column}] = e.Content[j+1]
				}
			}
		}
	}
	l.files[file] = fi
	return fi
}

// replyPos is the position of byte off in s's reply (off < 0: the reply).
func (l *locator) replyPos(s *snippets.Snippet, off int) snippets.Pos {
	fallback := s.Pos
	if len(s.TriggerPos) > 0 {
		fallback = s.TriggerPos[0]
	}
	fi := l.index(s.Pos.File)
	if fi == nil {
		return fallback
	}
	n := fi.replies[[2]int{s.Pos.Line, s.Pos.Col}]
	written := s.Replace
	if src, ok := l.source[s]; ok {
		written = src
	}
	if n == nil || n.Value != written {
		return fallback
	}
	pos := snippets.Pos{File: s.Pos.File, Line: n.Line, Col: n.Column}
	if off < 0 {
		return pos
	}
	off = min(off, len(s.Replace))
	before := s.Replace[:off]
	line := strings.Count(before, "\n")
	col := utf8.RuneCountInString(before[strings.LastIndex(before, "\n")+1:])
	switch {
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 && n.Style&yaml.FoldedStyle == 0:
		// literal block: reply line k is file line n.Line+1+k, after the indentation
		fl := n.Line + line // n.Line is the header line (1-based) -> index of content line k
		if fl < len(fi.lines) {
			text := fi.lines[fl]
			indent := len(text) - len(strings.TrimLeft(text, " "))
			return snippets.Pos{File: s.Pos.File, Line: fl + 1, Col: indent + col + 1}
		}
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 && line == 0:
		pos.Col += col + 1
	case n.Style == 0 && line == 0:
		pos.Col += col
	}
	return pos
}
