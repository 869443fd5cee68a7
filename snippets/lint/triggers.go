package lint

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode"

	"github.com/kindly-support/kindly/snippets"
)

//go:embed common_words.txt
var commonWordsText string

// commonWords is the built-in list of common words, lower case.
func commonWords() []string {
	var out []string
	for _, l := range strings.Split(commonWordsText, "\n") {
		if strings.HasPrefix(l, "#") {
			continue
		}
		out = append(out, strings.Fields(l)...)
	}
	return out
}

func checkDuplicates(c *checker, snips []snippets.Snippet) {
	for _, k := range snippets.Conflicts(snips) {
		if k.Kind == snippets.Duplicate {
			c.at(k.Pos, k.Trigger, "rename one of them, or delete the copy you do not want; packs must not share triggers",
				"duplicate trigger %q (first defined at %s)", k.Trigger, k.OtherPos)
		}
	}
}

func checkShadowed(c *checker, snips []snippets.Snippet) {
	for _, k := range snippets.Conflicts(snips) {
		if k.Kind == snippets.Shadowed {
			c.at(k.Pos, k.Trigger,
				fmt.Sprintf("rename %q so that %q is not inside it (only at its end), or make %q a word trigger (word: true)", k.Trigger, k.Other, k.Other),
				"trigger %q can never fire: typing it fires %q first (defined at %s)", k.Trigger, k.Other, k.OtherPos)
		}
	}
}

func checkCommonWord(c *checker, s *snippets.Snippet) {
	ws := append(commonWords(), c.cfg.CommonWords...)
	for i, t := range s.Triggers {
		if !lettersOnly(t) {
			continue // a ; or other mark keeps it out of ordinary text
		}
		lt := strings.ToLower(t)
		pos := s.Pos
		if i < len(s.TriggerPos) {
			pos = s.TriggerPos[i]
		}
		fix := fmt.Sprintf("start it with a character you never type otherwise, e.g. %q", ";"+lt)
		inside := ""
		for _, w := range ws {
			w = strings.ToLower(w)
			if w == lt {
				inside = ""
				c.at(pos, t, fix, "trigger %q is a common word: it fires whenever you type the word", t)
				break
			}
			if !s.Word && inside == "" && strings.Contains(w, lt) {
				inside = w
			}
		}
		if inside != "" {
			c.at(pos, t, fix+", or set word: true", "trigger %q fires inside the common word %q", t, inside)
		}
	}
}

func lettersOnly(t string) bool {
	for _, r := range t {
		if !unicode.IsLetter(r) && r != '\'' {
			return false
		}
	}
	return t != ""
}
