package lint

import (
	"fmt"
	"regexp"

	"github.com/kindly-support/kindly/snippets"
)

// minReplyWords: shorter texts are phrases (";ty" -> "thank you for your
// patience") and not held to the rules for whole replies.
const minReplyWords = 10

func checkLength(c *checker, s *snippets.Snippet) {
	name, ch := c.channel(s)
	n := len(words(plain(s.Replace)))
	if ch.MaxWords > 0 && n > ch.MaxWords {
		c.inReply(s, -1, fmt.Sprintf("cut it to %d words or fewer: link the help-center article for the details, or split it into a %s reply and a follow-up", ch.MaxWords, name),
			"%s reply of %d words; the limit is %d", name, n, ch.MaxWords)
	}
}

func checkSentenceLength(c *checker, s *snippets.Snippet) {
	name, ch := c.channel(s)
	if ch.MaxSentenceWords <= 0 {
		return
	}
	for _, sn := range sentences(plain(s.Replace)) {
		if n := len(words(sn.text)); n > ch.MaxSentenceWords {
			c.inReply(s, sn.off, "split it in two: one idea per sentence",
				"sentence of %d words; the %s limit is %d", n, name, ch.MaxSentenceWords)
		}
	}
}

func checkReadingLevel(c *checker, s *snippets.Snippet) {
	name, ch := c.channel(s)
	if ch.MaxGrade <= 0 {
		return
	}
	g, n := grade(plain(s.Replace))
	if n >= 20 && g > ch.MaxGrade {
		c.inReply(s, -1, "use shorter sentences and everyday words (\"use\" for \"utilize\", \"help\" for \"assistance\")",
			"reading grade %.1f; the %s limit is %g", g, name, ch.MaxGrade)
	}
}

// nextStepRe marks a reply that says what happens next: a question, a
// promise (I'll, we'll, will), a time, or an action for the customer.
var nextStepRe = regexp.MustCompile(`(?i)\?|\b(?:i['’]ll|we['’]ll|you['’]ll|it['’]ll|they['’]ll|will|going to|within|by the end|today|tomorrow|tonight|minutes?|hours?|business days?|as soon as|right away|right now|straight away|shortly|next|reply|let me know|let us know|contact|click|go to|open|sign in|log in|visit|choose|select|try|check|follow|download|update|write|call us|email us|reach us|if anything|if you|(?:don['’]t|do not|no) need to|all set|taken care of|help cent(?:er|re)|faq|article)\b|https?://`)

func checkNextStep(c *checker, s *snippets.Snippet) {
	text := plain(s.Replace)
	if len(words(text)) < minReplyWords || nextStepRe.MatchString(text) {
		return
	}
	c.inReply(s, -1, "say what happens next and when (\"I'll email you by the end of the day\"), or ask the customer a question",
		"the reply does not say what happens next")
}
