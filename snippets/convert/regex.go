package convert

import (
	"fmt"
	"regexp/syntax"
	"strings"
)

// maxRegexTriggers is how many fixed triggers an espanso regex trigger may
// stand for and still be imported as a list of triggers.
const maxRegexTriggers = 32

// regexTriggers turns an espanso regex trigger into the fixed triggers it
// matches, when it matches only a few: ":hello" is one trigger,
// ":(hi|hello)" two, ":colou?r" two. It says why not otherwise: kindly
// matches fixed text, so a pattern that matches without bound (".*", "\d+"),
// anchors, or captures the reply uses cannot be carried over.
func regexTriggers(expr, reply string) ([]string, string) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil, fmt.Sprintf("the regex trigger does not parse: %v", err)
	}
	for _, name := range re.CapNames() {
		if name != "" && strings.Contains(reply, "{{"+name+"}}") {
			return nil, fmt.Sprintf("the reply uses what the regex trigger captures ({{%s}}); kindly triggers are fixed text", name)
		}
	}
	out, why := expand(re.Simplify(), false)
	if why != "" {
		return nil, fmt.Sprintf("the regex trigger %s; kindly triggers are fixed text", why)
	}
	var ts []string
	seen := map[string]bool{}
	for _, t := range out {
		if t != "" && !seen[t] {
			seen[t] = true
			ts = append(ts, t)
		}
	}
	if len(ts) == 0 {
		return nil, "the regex trigger matches only empty text"
	}
	return ts, ""
}

// expand lists the strings re matches, or says why it cannot. foldOK
// accepts case-insensitive literals (for window classes, which kindly
// compares ignoring case anyway).
func expand(re *syntax.Regexp, foldOK bool) ([]string, string) {
	switch re.Op {
	case syntax.OpEmptyMatch:
		return []string{""}, ""
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 && !foldOK {
			return nil, "ignores case"
		}
		return []string{string(re.Rune)}, ""
	case syntax.OpCharClass:
		var out []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if len(out) >= maxRegexTriggers {
					return nil, "matches too many texts"
				}
				out = append(out, string(r))
			}
		}
		return out, ""
	case syntax.OpCapture:
		return expand(re.Sub[0], foldOK)
	case syntax.OpQuest:
		sub, why := expand(re.Sub[0], foldOK)
		if why != "" {
			return nil, why
		}
		return append([]string{""}, sub...), ""
	case syntax.OpRepeat:
		if re.Max < 0 {
			return nil, "matches without bound"
		}
		sub, why := expand(re.Sub[0], foldOK)
		if why != "" {
			return nil, why
		}
		var out []string
		cur := []string{""}
		for n := 0; n <= re.Max; n++ {
			if n >= re.Min {
				out = append(out, cur...)
			}
			if cur, why = product(cur, sub); why != "" {
				return nil, why
			}
		}
		return out, ""
	case syntax.OpConcat:
		out := []string{""}
		for _, s := range re.Sub {
			sub, why := expand(s, foldOK)
			if why != "" {
				return nil, why
			}
			if out, why = product(out, sub); why != "" {
				return nil, why
			}
		}
		return out, ""
	case syntax.OpAlternate:
		var out []string
		for _, s := range re.Sub {
			sub, why := expand(s, foldOK)
			if why != "" {
				return nil, why
			}
			out = append(out, sub...)
			if len(out) > maxRegexTriggers {
				return nil, "matches too many texts"
			}
		}
		return out, ""
	case syntax.OpStar, syntax.OpPlus:
		return nil, "matches without bound"
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return nil, "matches any character"
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return nil, "uses anchors or word boundaries"
	}
	return nil, "uses a construct kindly cannot list"
}

// product concatenates every a with every b.
func product(as, bs []string) ([]string, string) {
	if len(as)*len(bs) > maxRegexTriggers {
		return nil, "matches too many texts"
	}
	out := make([]string, 0, len(as)*len(bs))
	for _, a := range as {
		for _, b := range bs {
			out = append(out, a+b)
		}
	}
	return out, ""
}

// literalAlternatives lists the texts an espanso app filter (a regex found
// anywhere in a window class or title) names, when it is a fixed text or a
// few: "firefox", "^(Slack|Discord)$", "(?i)thunderbird". Anchors at both
// ends are dropped; kindly compares classes exactly and titles by
// containment, both ignoring case.
func literalAlternatives(expr string) ([]string, string) {
	re, err := syntax.Parse(strings.TrimSuffix(strings.TrimPrefix(expr, "^"), "$"), syntax.Perl)
	if err != nil {
		return nil, fmt.Sprintf("does not parse: %v", err)
	}
	out, why := expand(re.Simplify(), true)
	if why != "" {
		return nil, why
	}
	var ts []string
	for _, t := range out {
		if t != "" {
			ts = append(ts, t)
		}
	}
	if len(ts) == 0 {
		return nil, "matches only empty text"
	}
	return ts, ""
}
