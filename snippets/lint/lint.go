package lint

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/format"
)

// Severity is a finding's weight; lint reuses the library's: an Error fails
// `kindly lint` (exit 1), a Warning does not.
type Severity = snippets.Severity

// Finding is one thing a rule found.
type Finding struct {
	Rule       string       // rule id, e.g. "tone-blame"
	Severity   Severity     // as configured for the rule
	Pos        snippets.Pos // where: the trigger, or the spot inside the reply
	Trigger    string       // the snippet's first trigger (the one at fault for trigger rules)
	Msg        string       // what is wrong
	Suggestion string       // what to do about it
}

// String formats the finding like a compiler message, with the rule id:
//
//	a.yml:7:9: error: blaming phrase "as I said" [tone-blame]
func (f Finding) String() string {
	return fmt.Sprintf("%s: %s: %s [%s]", f.Pos, f.Severity, f.Msg, f.Rule)
}

// Category groups rules in docs and `kindly lint --rules`.
type Category string

// The rule categories.
const (
	Triggers        Category = "triggers"
	Personalization Category = "personalization"
	Tone            Category = "tone"
	Clarity         Category = "clarity"
)

// Rule describes one check.
type Rule struct {
	ID       string
	Category Category
	Default  Severity
	Summary  string

	// one checks a single snippet; all checks the whole set (only one is set).
	one func(c *checker, s *snippets.Snippet)
	all func(c *checker, snips []snippets.Snippet)
}

// Rules returns every rule, in the order findings are reported and
// documented.
func Rules() []Rule { return append([]Rule(nil), rules...) }

// RuleByID looks a rule up by id.
func RuleByID(id string) (Rule, bool) {
	for _, r := range rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

var rules = []Rule{
	{ID: "trigger-duplicate", Category: Triggers, Default: snippets.Error,
		Summary: "the same trigger is defined twice (in one pack or across packs)", all: checkDuplicates},
	{ID: "trigger-shadowed", Category: Triggers, Default: snippets.Error,
		Summary: "a shorter trigger fires first, so this one can never fire (;ref before ;refund)", all: checkShadowed},
	{ID: "trigger-common-word", Category: Triggers, Default: snippets.Warning,
		Summary: "a trigger that is (or sits inside) a common word fires by accident", one: checkCommonWord},
	{ID: "greeting-name", Category: Personalization, Default: snippets.Warning,
		Summary: `a greeting with no name ("Hello,", "Hi!") or an impersonal one ("Dear customer")`, one: checkGreetingName},
	{ID: "greeting-fallback", Category: Personalization, Default: snippets.Warning,
		Summary: "a name fill-in in a greeting without a fallback ({{customer}} instead of {{customer|there}})", one: checkGreetingFallback},
	{ID: "reply-gap", Category: Personalization, Default: snippets.Error,
		Summary: `a template gap left in the reply: "Hi ,", [name], <order>, XXX, TODO`, one: checkGap},
	{ID: "signoff-missing", Category: Personalization, Default: snippets.Warning,
		Summary: "a reply for a channel that needs a sign-off (email) does not end with one", one: checkSignoff},
	{ID: "tone-blame", Category: Tone, Default: snippets.Error,
		Summary: `blaming phrases: "you should have", "as I said", "per my last email"`, one: checkBlame},
	{ID: "tone-dismissive", Category: Tone, Default: snippets.Error,
		Summary: `dismissive phrases: "calm down", "obviously", "there is nothing I can do"`, one: checkDismissive},
	{ID: "tone-jargon", Category: Tone, Default: snippets.Warning,
		Summary: "internal jargon customers do not know (SLA, backend, tier 2…; the list is configurable)", one: checkJargon},
	{ID: "apology-order", Category: Tone, Default: snippets.Warning,
		Summary: "an apology reply that fixes before it acknowledges the feeling, or never acknowledges it", one: checkApologyOrder},
	{ID: "reply-length", Category: Clarity, Default: snippets.Warning,
		Summary: "a reply longer than its channel's limit (chat and email limits differ)", one: checkLength},
	{ID: "sentence-length", Category: Clarity, Default: snippets.Warning,
		Summary: "a sentence longer than its channel's limit", one: checkSentenceLength},
	{ID: "reading-level", Category: Clarity, Default: snippets.Warning,
		Summary: "a reading grade (Flesch-Kincaid) above its channel's limit", one: checkReadingLevel},
	{ID: "link", Category: Clarity, Default: snippets.Error,
		Summary: "a link in a formatted reply that goes nowhere useful: not http or https, or with no text to click", one: checkLinks},
	{ID: "next-step", Category: Clarity, Default: snippets.Warning,
		Summary: "a reply that never says what happens next: no question, no action, no time", one: checkNextStep},
}

// Source returns the bytes of a library file by the name in Pos.File, so
// findings can point inside multi-line replies; ok is false when unknown.
type Source func(file string) (data []byte, ok bool)

// Run lints snips (in load order: several libraries may be concatenated, so
// duplicates across packs are found) with cfg. src may be nil.
//
// Formatted replies (markdown:, html:) are read as the text their reader
// sees: the rules get the source with its markup blanked out, so findings
// still point into the source.
func Run(snips []snippets.Snippet, cfg Config, src Source) []Finding {
	c := &checker{cfg: cfg.withDefaults(), loc: snippets.NewReplyLocator(snippets.Source(src)), source: map[*snippets.Snippet]*snippets.Snippet{}}
	snips = append([]snippets.Snippet(nil), snips...)
	for i := range snips {
		if s := &snips[i]; s.Format != format.Plain {
			orig := *s
			c.source[s] = &orig
			s.Replace = format.Mask(s.Format, s.Replace)
		}
	}
	for _, r := range rules {
		sev, on := c.cfg.severity(r)
		if !on {
			continue
		}
		c.rule, c.sev = r.ID, sev
		if r.all != nil {
			r.all(c, snips)
			continue
		}
		for i := range snips {
			r.one(c, &snips[i])
		}
	}
	sort.SliceStable(c.out, func(i, j int) bool {
		a, b := c.out[i].Pos, c.out[j].Pos
		if a.File != b.File {
			return fileIndex(snips, a.File) < fileIndex(snips, b.File)
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return c.out
}

func fileIndex(snips []snippets.Snippet, f string) int {
	for i := range snips {
		if snips[i].Pos.File == f {
			return i
		}
	}
	return len(snips)
}

// checker is the state of one Run.
type checker struct {
	cfg Config
	loc *snippets.ReplyLocator
	// source maps a formatted reply read as its text (format.Mask: the
	// source with its markup blanked, same offsets) to the snippet as
	// written, for positions and links.
	source map[*snippets.Snippet]*snippets.Snippet
	rule   string
	sev    Severity
	out    []Finding
}

// at reports a finding at pos.
func (c *checker) at(pos snippets.Pos, trigger, suggestion, format string, args ...any) {
	c.out = append(c.out, Finding{Rule: c.rule, Severity: c.sev, Pos: pos, Trigger: trigger,
		Msg: fmt.Sprintf(format, args...), Suggestion: suggestion})
}

// inReply reports a finding at byte offset off of s's reply (-1: the reply
// as a whole).
func (c *checker) inReply(s *snippets.Snippet, off int, suggestion, format string, args ...any) {
	at := s
	if orig, ok := c.source[s]; ok {
		at = orig
	}
	c.at(c.loc.Pos(at, off), first(s), suggestion, format, args...)
}

func first(s *snippets.Snippet) string {
	if len(s.Triggers) > 0 {
		return s.Triggers[0]
	}
	return ""
}

// channel is the channel settings for s: the first of its tags that names a
// configured channel, else the "default" one.
func (c *checker) channel(s *snippets.Snippet) (string, Channel) {
	for _, t := range s.Tags {
		if ch, ok := c.cfg.Channels[strings.ToLower(t)]; ok {
			return strings.ToLower(t), ch
		}
	}
	return "default", c.cfg.Channels["default"]
}
