package lint

import (
	"strings"

	"github.com/kindly-support/kindly/snippets"
)

// blamePhrases put the fault on the customer or remind them they were told.
var blamePhrases = []string{
	"you should have", "you should've", "you shouldn't have", "you should not have",
	"as I said", "as I already said", "as I mentioned", "as I already mentioned", "as I told you",
	"like I said", "like I told you", "I already told you", "as I explained", "as previously mentioned",
	"as previously stated", "as mentioned before", "as stated before", "as stated previously",
	"per my last email", "per my previous email", "per my last message", "as per my last email",
	"if you had read", "if you'd read", "you failed to", "you didn't read", "you did not read",
	"your fault", "you need to understand", "you must understand", "you're wrong", "you are wrong",
	"user error", "read the manual", "you clearly", "you obviously",
}

// dismissivePhrases brush the customer or their feeling aside.
var dismissivePhrases = []string{
	"calm down", "relax", "no need to get upset", "no need to be upset", "don't get upset",
	"there's nothing I can do", "there is nothing I can do", "there's nothing we can do",
	"there is nothing we can do", "nothing I can do", "not my problem", "not our problem",
	"that's not my job", "that's just how it is", "it is what it is", "just deal with it",
	"obviously", "with all due respect", "I can't help you", "we can't help you",
	"you'll have to wait", "that's the policy", "rules are rules", "as you should know",
}

// defaultJargon is internal support and engineering language customers do
// not share. Entries in capitals match only in capitals.
var defaultJargon = []string{
	"SLA", "RMA", "SOP", "TAT", "FCR", "CSAT", "NPS", "KB", "L1", "L2", "L3", "P1", "P2", "SEV1", "SEV2",
	"tier 1", "tier 2", "tier 3", "backend", "back end", "back-end", "frontend", "front-end",
	"escalation queue", "ticket queue", "hotfix", "repro", "root cause", "edge case", "prod",
	"staging", "deploy", "deployed", "deployment", "sprint", "backlog", "Jira", "dev team",
	"engineering ticket", "bug ticket", "as per", "do the needful", "revert back", "PFA", "PEBKAC",
}

// acknowledgeRe words show the customer's feeling was heard.
var acknowledgePhrases = newPhrases([]string{
	"sorry", "apologize", "apologise", "apologies", "apology", "frustrating", "frustrated", "frustration",
	"upset", "annoying", "disappointing", "disappointed", "I understand", "I can see", "I can hear",
	"I hear you", "I know", "that's not the experience", "not what you expected", "you're right",
})

var apologyPhrases = newPhrases([]string{"sorry", "apologize", "apologise", "apologies"})

func checkBlame(c *checker, s *snippets.Snippet) {
	reportPhrases(c, s, newPhrases(blamePhrases), "blaming phrase %q",
		"say what happens next instead of who was wrong: state the fix, and take ownership (\"I'll sort this out\")")
}

func checkDismissive(c *checker, s *snippets.Snippet) {
	reportPhrases(c, s, newPhrases(dismissivePhrases), "dismissive phrase %q",
		"acknowledge the feeling and offer what you can do (\"I understand this is frustrating. Here's what I can do: …\")")
}

func checkJargon(c *checker, s *snippets.Snippet) {
	var list []string
	for _, j := range append(append([]string(nil), defaultJargon...), c.cfg.Jargon...) {
		ok := false
		for _, a := range c.cfg.JargonOK {
			if strings.EqualFold(a, j) {
				ok = true
			}
		}
		if !ok {
			list = append(list, j)
		}
	}
	reportPhrases(c, s, newPhrases(list), "internal jargon %q",
		"use the words the customer would use (\"return number\" for RMA, \"our systems\" for backend), or allow the word with jargon_ok in the lint config")
}

func reportPhrases(c *checker, s *snippets.Snippet, p phrases, msg, fix string) {
	text := plain(s.Replace)
	for _, m := range p.find(text) {
		c.inReply(s, m[0], fix, msg, text[m[0]:m[1]])
	}
}

// checkApologyOrder: a reply that apologizes (or is tagged apology) must
// acknowledge the feeling in its first two sentences, before any fix.
func checkApologyOrder(c *checker, s *snippets.Snippet) {
	text := plain(s.Replace)
	if len(words(text)) < 10 {
		return // a phrase, not a reply
	}
	tagged := false
	for _, t := range s.Tags {
		tagged = tagged || strings.EqualFold(t, "apology")
	}
	if !tagged && apologyPhrases.find(text) == nil {
		return
	}
	var body []span
	for _, sn := range sentences(text) {
		if isGreetingOnly(sn.text) {
			continue
		}
		body = append(body, sn)
	}
	for i, sn := range body {
		if acknowledgePhrases.find(sn.text) != nil {
			if i >= 2 {
				c.inReply(s, sn.off, "open with the acknowledgement (\"I'm sorry, I know how frustrating this is.\"), then the fix",
					"the reply acknowledges the problem only in sentence %d, after the fix", i+1)
			}
			return
		}
	}
	c.inReply(s, -1, "acknowledge the feeling before the fix (\"I'm sorry about this, I know it's frustrating.\")",
		"an apology reply that never acknowledges the customer's feeling")
}

// isGreetingOnly reports whether a sentence is only a greeting ("Hi there,").
func isGreetingOnly(sn string) bool {
	m := greetingRe.FindStringSubmatch(sn)
	return m != nil && len(words(m[2])) <= 2
}
