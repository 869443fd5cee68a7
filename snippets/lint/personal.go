package lint

import (
	"regexp"
	"strings"

	"github.com/kindly-support/kindly/snippets"
)

var (
	// greetingRe finds a greeting at the start of a line and what follows it.
	greetingRe = regexp.MustCompile(`(?im)^[ \t]*(hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings|howdy)\b([^\n]*)`)
	// impersonalRe is a greeting that names nobody in particular.
	impersonalRe = regexp.MustCompile(`(?i)^\s+(?:valued\s+)?(?:customer|client|user|member|sir(?:\s+or\s+madam)?|madam|sir/madam|team|all|everyone)\b`)
	// placeholderNameRe is a placeholder's name: {{ customer|there }} -> customer.
	placeholderNameRe = regexp.MustCompile(`^\{\{\s*([^|:}\s]+)`)
	gapRes            = []*regexp.Regexp{
		regexp.MustCompile(`(?i)\b(?:hi|hello|hey|dear)[ \t]+[,!.;:]`),                        // "Hi ,"
		regexp.MustCompile(`\[\[?[A-Za-z][A-Za-z0-9 _.-]{0,30}\]?\]`),                         // [name], [[field]]
		regexp.MustCompile(`<[A-Za-z][A-Za-z0-9 _-]{0,30}>`),                                  // <order number>
		regexp.MustCompile(`(?:^|[^{])(\{[A-Za-z_][A-Za-z0-9_.]{0,30}\})(?:[^}]|$)`),          // {name}
		regexp.MustCompile(`\b(?:XX+|TODO|FIXME|TBD)\b|\.\.\.\.+|(?i:lorem ipsum)`),           // XXX, TODO
		regexp.MustCompile(`%(?:filltext|fillpopup|fillarea|fillpart|snippet|key)[:%][^%]*%`), // TextExpander macros
	}
	// closingRe is a sign-off line: "Best regards," "Thanks," "Cheers".
	closingRe = regexp.MustCompile(`(?i)^\s*(?:best|best regards|kind regards|kindest regards|warm regards|warmest regards|warm wishes|regards|many thanks|thanks|thanks again|thank you|thank you again|cheers|sincerely|yours sincerely|yours truly|all the best|best wishes|take care|talk soon|warmly|with thanks)\b`)
	// signaturePlaceholderRe is a placeholder that signs: {{agent}}, {{signature}}, {{> sig}}.
	signaturePlaceholderRe = regexp.MustCompile(`(?i)\{\{\s*>?\s*[a-z_.]*(?:agent|sig)[a-z_.]*\s*(?:\|[^}]*)?\}\}`)
)

// profileKeys are placeholders filled from the agent's profile, never asked.
var profileKeys = []string{"agent", "team", "company", "signature", "date", "clipboard", "cursor"}

// greeting returns the first greeting in the first two lines of the reply:
// the offset of the greeting word, and the text after it on its line.
func greeting(reply string) (off int, rest string, ok bool) {
	head := reply
	if ls := lines(reply); len(ls) > 2 {
		head = reply[:ls[2].off]
	}
	m := greetingRe.FindStringSubmatchIndex(head)
	if m == nil {
		return 0, "", false
	}
	return m[2], head[m[4]:m[5]], true
}

func checkGreetingName(c *checker, s *snippets.Snippet) {
	off, rest, ok := greeting(s.Replace)
	_, ch := c.channel(s)
	switch {
	case !ok && ch.SignOff != nil && *ch.SignOff && len(words(plain(s.Replace))) >= 20:
		c.inReply(s, 0, `open with the customer's name and a fallback: "Hi {{customer|there}},"`,
			"this reply does not greet the customer")
	case !ok:
	case impersonalRe.MatchString(rest):
		c.inReply(s, off, `use the customer's name with a fallback: "Hi {{customer|there}},"`,
			"impersonal greeting %q", strings.TrimSpace(s.Replace[off:off+len(strings.SplitN(s.Replace[off:], "\n", 2)[0])]))
	case strings.TrimSpace(rest) == "" || strings.ContainsAny(rest[:1], ",!.;:"):
		c.inReply(s, off, `add the customer's name with a fallback: "Hi {{customer|there}},"`,
			"greeting without a name")
	}
}

func checkGreetingFallback(c *checker, s *snippets.Snippet) {
	off, rest, ok := greeting(s.Replace)
	if !ok {
		return
	}
	restOff := off + strings.Index(s.Replace[off:], rest)
	for _, m := range placeholderRe.FindAllStringIndex(rest, -1) {
		p := rest[m[0]:m[1]]
		nm := placeholderNameRe.FindStringSubmatch(p)
		if nm == nil || strings.HasPrefix(nm[1], ">") || contains(profileKeys, strings.ToLower(nm[1])) || strings.Contains(p, "|") {
			continue
		}
		c.inReply(s, restOff+m[0], "give it a fallback for when the name is unknown: {{"+nm[1]+"|there}}",
			"the greeting's %s has no fallback: with no name the reply cannot go out", p)
	}
}

func checkGap(c *checker, s *snippets.Snippet) {
	// Look at the reply with real placeholders filled with letters (same
	// length, so offsets hold), so "Hi {{customer|there}}," is not a gap.
	text := placeholderRe.ReplaceAllStringFunc(s.Replace, func(p string) string { return strings.Repeat("x", len(p)) })
	for _, re := range gapRes {
		for _, m := range re.FindAllStringSubmatchIndex(text, -1) {
			from, to := m[0], m[1]
			if len(m) >= 4 && m[2] >= 0 {
				from, to = m[2], m[3] // the gap itself, without the neighbours the pattern needs
			}
			if text[from] == '[' && to < len(text) && text[to] == '(' {
				continue // a Markdown link: [help center](https://…)
			}
			c.inReply(s, from, `write the text the customer should see, or a placeholder with a fallback ("{{customer|there}}", "{{order_id}}")`,
				"template gap %q left in the reply", strings.TrimSpace(text[from:to]))
		}
	}
}

func checkSignoff(c *checker, s *snippets.Snippet) {
	name, ch := c.channel(s)
	if ch.SignOff == nil || !*ch.SignOff {
		return
	}
	var tail []span
	for _, l := range lines(s.Replace) {
		if strings.TrimSpace(strings.ReplaceAll(l.text, snippets.CaretMarker, "")) != "" {
			tail = append(tail, l)
		}
	}
	if len(tail) > 3 {
		tail = tail[len(tail)-3:]
	}
	for _, l := range tail {
		if signaturePlaceholderRe.MatchString(l.text) || (closingRe.MatchString(l.text) && len(words(plain(l.text))) <= 6) {
			return
		}
	}
	c.inReply(s, len(s.Replace), `end with a sign-off and your name: "Best regards," then "{{agent}}"`,
		"%s reply without a sign-off", name)
}
