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
				"duplicate trigger %s (first defined at %s)", snippets.QuoteTrigger(k.Trigger), k.OtherPos)
		}
	}
}

func checkShadowed(c *checker, snips []snippets.Snippet) {
	for _, k := range snippets.Conflicts(snips) {
		if k.Kind == snippets.Shadowed {
			c.at(k.Pos, k.Trigger,
				fmt.Sprintf("rename %s so that %s is not inside it (only at its end), or make %s a word trigger (word: true)", snippets.QuoteTrigger(k.Trigger), snippets.QuoteTrigger(k.Other), snippets.QuoteTrigger(k.Other)),
				"trigger %s can never fire: typing it fires %s first (defined at %s)", snippets.QuoteTrigger(k.Trigger), snippets.QuoteTrigger(k.Other), k.OtherPos)
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
				c.at(pos, t, fix, "trigger %s is a common word: it fires whenever you type the word", snippets.QuoteTrigger(t))
				break
			}
			if !s.Word && inside == "" && strings.Contains(w, lt) {
				inside = w
			}
		}
		if inside != "" {
			c.at(pos, t, fix+", or set word: true", "trigger %s fires inside the common word %q", snippets.QuoteTrigger(t), inside)
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
