package lint

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kindly-support/kindly/snippets"
)

// span is a piece of a reply: its text and where it starts (a byte offset).
type span struct {
	off  int
	text string
}

var (
	placeholderRe = regexp.MustCompile(`\{\{[^{}]*\}\}`)
	listMarkerRe  = regexp.MustCompile(`^\s*(?:\d+[.)]|[-*•])\s+`)
	sentenceEndRe = regexp.MustCompile(`[.!?…]+["')\]]*\s+`)
	wordRe        = regexp.MustCompile(`[\p{L}\p{N}]+(?:['’][\p{L}]+)*`)
)

// plain is the reply with placeholders and the caret marker replaced by
// same-length filler, so offsets still match the reply: a placeholder reads
// as one word ("Xxxxx"), the caret as nothing (spaces).
func plain(reply string) string {
	out := placeholderRe.ReplaceAllStringFunc(reply, func(p string) string {
		return "X" + strings.Repeat("x", len(p)-1)
	})
	return strings.ReplaceAll(out, snippets.CaretMarker, "   ")
}

// lines splits text into its lines, with offsets.
func lines(text string) []span {
	var out []span
	off := 0
	for _, l := range strings.SplitAfter(text, "\n") {
		out = append(out, span{off, strings.TrimRight(l, "\r\n")})
		off += len(l)
	}
	return out
}

// sentences splits text into sentences: at line breaks, after . ! ? and …
// followed by a space, without list markers ("1. ", "- ").
func sentences(text string) []span {
	var out []span
	for _, l := range lines(text) {
		t := l.text
		off := l.off
		if m := listMarkerRe.FindStringIndex(t); m != nil {
			off += m[1]
			t = t[m[1]:]
		}
		start := 0
		for _, m := range sentenceEndRe.FindAllStringIndex(t, -1) {
			if s := strings.TrimSpace(t[start:m[1]]); s != "" {
				out = append(out, span{off + start, s})
			}
			start = m[1]
		}
		if s := strings.TrimSpace(t[start:]); s != "" {
			out = append(out, span{off + start, s})
		}
	}
	return out
}

// words returns the words of text.
func words(text string) []string { return wordRe.FindAllString(text, -1) }

// syllables estimates the syllables of an English word: vowel groups, less
// a silent final e, at least one.
func syllables(w string) int {
	w = strings.ToLower(w)
	n, prevVowel := 0, false
	for _, r := range w {
		v := strings.ContainsRune("aeiouy", r)
		if v && !prevVowel {
			n++
		}
		prevVowel = v
	}
	if n > 1 && strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "le") && !strings.HasSuffix(w, "ee") {
		n--
	}
	if n > 1 && (strings.HasSuffix(w, "es") || strings.HasSuffix(w, "ed")) && len(w) > 3 &&
		!strings.ContainsRune("aeiouytd", rune(w[len(w)-3])) && !strings.HasSuffix(w, "ses") && !strings.HasSuffix(w, "ces") &&
		!strings.HasSuffix(w, "ges") && !strings.HasSuffix(w, "zes") && !strings.HasSuffix(w, "xes") {
		n--
	}
	return max(n, 1)
}

// grade is the Flesch-Kincaid grade level of text.
func grade(text string) (g float64, nwords int) {
	ss := sentences(text)
	var syl int
	for _, s := range ss {
		for _, w := range words(s.text) {
			nwords++
			syl += syllables(w)
		}
	}
	if nwords == 0 || len(ss) == 0 {
		return 0, 0
	}
	return 0.39*float64(nwords)/float64(len(ss)) + 11.8*float64(syl)/float64(nwords) - 15.59, nwords
}

// phrases matches any of a list of phrases, case-insensitively, as whole
// words; an apostrophe matches ' or ’, a space any run of spaces. Entries
// written in capitals (SLA, L2) match only in capitals.
type phrases struct {
	re *regexp.Regexp
}

func newPhrases(list []string) phrases {
	var folded, exact []string
	for _, p := range list {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		q := regexp.QuoteMeta(p)
		q = strings.ReplaceAll(q, "'", "['’]")
		q = strings.Join(strings.Fields(q), `\s+`)
		if isWordRune(firstRune(p)) {
			q = `\b` + q
		}
		if isWordRune(lastRune(p)) {
			q += `\b`
		}
		if isAcronym(p) {
			exact = append(exact, q)
		} else {
			folded = append(folded, q)
		}
	}
	var alts []string
	if len(folded) > 0 {
		alts = append(alts, `(?i:`+strings.Join(folded, "|")+`)`)
	}
	if len(exact) > 0 {
		alts = append(alts, strings.Join(exact, "|"))
	}
	if len(alts) == 0 {
		return phrases{}
	}
	return phrases{regexp.MustCompile(strings.Join(alts, "|"))}
}

// find returns the byte ranges of every match in text.
func (p phrases) find(text string) [][]int {
	if p.re == nil {
		return nil
	}
	return p.re.FindAllStringIndex(text, -1)
}

func isAcronym(p string) bool {
	hasUpper := false
	for _, r := range p {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			hasUpper = true
		}
	}
	return hasUpper
}

func isWordRune(r rune) bool {
	return r == '_' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
}

func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }

func lastRune(s string) rune { r, _ := utf8.DecodeLastRuneInString(s); return r }
