package lint_test

import (
	"strings"
	"testing"

	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/lint"
)

// only is a config with every rule off but id.
func only(id string) lint.Config {
	cfg := lint.Config{Rules: map[string]string{}}
	for _, r := range lint.Rules() {
		if r.ID != id {
			cfg.Rules[r.ID] = "off"
		}
	}
	return cfg
}

// lintYAML decodes a library file and lints it with cfg.
func lintYAML(t *testing.T, yml string, cfg lint.Config) []lint.Finding {
	t.Helper()
	snips, ps := snippets.Decode("a.yml", []byte(yml))
	for _, p := range ps {
		if p.Severity == snippets.Error && !strings.Contains(p.Msg, "duplicate trigger") {
			t.Fatalf("test library: %s", p)
		}
	}
	return lint.Run(snips, cfg, func(string) ([]byte, bool) { return []byte(yml), true })
}

// entry is a one-snippet library file.
func entry(trigger string, tags string, reply string) string {
	var b strings.Builder
	b.WriteString("snippets:\n  - trigger: \"" + trigger + "\"\n")
	if tags != "" {
		b.WriteString("    tags: [" + tags + "]\n")
	}
	b.WriteString("    replace: |-\n")
	for _, l := range strings.Split(reply, "\n") {
		b.WriteString("      " + l + "\n")
	}
	return b.String()
}

// mdEntry is a one-snippet library file with a markdown reply.
func mdEntry(trigger string, reply string) string {
	var b strings.Builder
	b.WriteString("snippets:\n  - trigger: \"" + trigger + "\"\n    tags: [chat]\n    markdown: |-\n")
	for _, l := range strings.Split(reply, "\n") {
		b.WriteString("      " + l + "\n")
	}
	return b.String()
}

const goodEmail = `Hi {{customer|there}},

I'm sorry your parcel is late. I know you were counting on it.

I've asked the carrier to trace it, and I'll email you within 24 hours with what they say.

Best regards,
{{agent}}`

type ruleCase struct {
	name string
	yml  string
	want []string // a substring of each finding's "pos: severity: msg [rule]", in order; none: passes
}

var ruleCases = map[string][]ruleCase{
	"trigger-duplicate": {
		{"distinct", "snippets:\n  - {trigger: \";a\", replace: x}\n  - {trigger: \";b\", replace: y}\n", nil},
		{"twice", "snippets:\n  - {trigger: \";a\", replace: x}\n  - {trigger: \";a\", replace: y}\n",
			[]string{`a.yml:3:15: error: duplicate trigger ";a" (first defined at a.yml:2:15) [trigger-duplicate]`}},
	},
	"trigger-shadowed": {
		{"suffix is fine", "snippets:\n  - {trigger: \";sorry\", replace: x}\n  - {trigger: \";;sorry\", replace: y}\n", nil},
		{"word trigger does not shadow", "snippets:\n  - {trigger: \"ref\", word: true, replace: x}\n  - {trigger: \"refund\", replace: y}\n", nil},
		{"prefix", "snippets:\n  - {trigger: \";ref\", replace: x}\n  - {trigger: \";refund\", replace: y}\n",
			[]string{`a.yml:3:15: error: trigger ";refund" can never fire: typing it fires ";ref" first`}},
	},
	"trigger-common-word": {
		{"marked", entry(";thanks", "", "thank you"), nil},
		{"rare word trigger", "snippets:\n  - {trigger: brb, word: true, replace: be right back}\n", nil},
		{"a word", "snippets:\n  - {trigger: thanks, word: true, replace: thank you}\n",
			[]string{`a.yml:2:15: warning: trigger "thanks" is a common word`}},
		{"inside a word", "snippets:\n  - {trigger: ank, replace: thank you}\n",
			[]string{`trigger "ank" fires inside the common word "bank"`}},
	},
	"greeting-name": {
		{"with a name", entry(";hi", "chat", "Hi {{customer|there}}, how can I help?"), nil},
		{"there", entry(";hi", "chat", "Hi there, how can I help?"), nil},
		{"caret for the name", entry(";hi", "chat", "Hello $|$, how can I help?"), nil},
		{"no greeting in chat", entry(";ok", "chat", "Done, anything else?"), nil},
		{"no name", entry(";hi", "chat", "Hello, how can I help?"), []string{"a.yml:5:7: warning: greeting without a name [greeting-name]"}},
		{"exclamation", entry(";hi", "chat", "Hi! How can I help?"), []string{"greeting without a name"}},
		{"impersonal", entry(";hi", "email", "Dear valued customer,\n\nThanks.\n\nBest regards,"), []string{`impersonal greeting "Dear valued customer,"`}},
		{"email without greeting", entry(";;x", "email", "Your order shipped today and should arrive within three business days, and you can track it in your account at any time.\n\nBest regards,"),
			[]string{"a.yml:5:7: warning: this reply does not greet the customer"}},
	},
	"greeting-fallback": {
		{"fallback", entry(";hi", "chat", "Hi {{customer|there}}, welcome!"), nil},
		{"profile key", entry(";hi", "chat", "Hi, {{agent}} here."), nil},
		{"no fallback", entry(";hi", "chat", "Hi {{customer}}, welcome!"),
			[]string{"a.yml:5:10: warning: the greeting's {{customer}} has no fallback"}},
	},
	"reply-gap": {
		{"clean", entry(";x", "chat", "Your order {{order_id}} ships today. See [our guide](https://example.com)."), nil},
		{"Hi ,", entry(";x", "chat", "Hi , thanks for waiting."), []string{`a.yml:5:7: error: template gap "Hi ," left in the reply [reply-gap]`}},
		{"brackets", entry(";x", "chat", "Hi there,\nyour order [order number] ships <date>."),
			[]string{`a.yml:6:18: error: template gap "[order number]"`, `template gap "<date>"`}},
		{"XXX and TODO", entry(";x", "chat", "Refund of XXX. TODO"), []string{`"XXX"`, `"TODO"`}},
		{"single brace", entry(";x", "chat", "Hi {name}, hello"), []string{`"{name}"`}},
		{"TextExpander leftover", entry(";x", "chat", "Hi %filltext:name=x%"), []string{`"%filltext:name=x%"`}},
	},
	"signoff-missing": {
		{"signed", entry(";;x", "email", goodEmail), nil},
		{"regards", entry(";;x", "email", "Hi there,\n\nDone.\n\nKind regards,\nSam"), nil},
		{"chat needs none", entry(";x", "chat", "Done!"), nil},
		{"unsigned", entry(";;x", "email", "Hi there,\n\nYour refund is on its way."),
			[]string{"warning: email reply without a sign-off [signoff-missing]"}},
	},
	"tone-blame": {
		{"in a markdown reply, at its words", mdEntry(";x", "Thanks!\n\n**As I said**, see [the guide](https://help.example.com)."),
			[]string{`a.yml:7:9: error: blaming phrase "As I said" [tone-blame]`}},
		{"polite", entry(";x", "chat", goodEmail), nil},
		{"should have", entry(";x", "chat", "You should have read the guide."), []string{`a.yml:5:7: error: blaming phrase "You should have" [tone-blame]`}},
		{"as I said, curly", entry(";x", "chat", "Well, as I said, per my last email…"), []string{`"as I said"`, `"per my last email"`}},
	},
	"tone-dismissive": {
		{"kind", entry(";x", "chat", "I know this has been frustrating, and I'm sorry you've had to deal with it."), nil},
		{"calm down", entry(";x", "chat", "Please calm down."), []string{`a.yml:5:14: error: dismissive phrase "calm down"`}},
		{"nothing I can do", entry(";x", "chat", "Sorry, there’s nothing I can do."), []string{`"there’s nothing I can do"`}},
	},
	"tone-jargon": {
		{"plain", entry(";x", "chat", "Our team has the details and will reply within 24 hours."), nil},
		{"case matters for acronyms", entry(";x", "chat", "Your kb of data is safe; sla"), nil},
		{"jargon", entry(";x", "chat", "I've sent it to tier 2; the SLA is 24h."), []string{`"tier 2"`, `"SLA"`}},
	},
	"apology-order": {
		{"acknowledge first", entry(";x", "chat", "Hi there, I'm sorry about this. Here is the fix: restart the app and try again."), nil},
		{"not an apology", entry(";x", "chat", "Your order ships today, and you will get a tracking link by email."), nil},
		{"fix first", entry(";x", "chat", "Restart the app. Then sign in again. Then open the page. Sorry for the trouble with all this."),
			[]string{"a.yml:5:64: warning: the reply acknowledges the problem only in sentence 4, after the fix [apology-order]"}},
		{"tagged apology, no acknowledgement", entry(";x", "chat, apology", "Restart the app, sign in again, and open the page once more to continue."),
			[]string{"never acknowledges"}},
	},
	"reply-length": {
		{"short", entry(";x", "chat", "Done, and thanks!"), nil},
		{"long chat", entry(";x", "chat", strings.Repeat("word ", 71)), []string{"warning: chat reply of 71 words; the limit is 70 [reply-length]"}},
		{"email may be longer", entry(";x", "email", strings.Repeat("word ", 71)), nil},
	},
	"sentence-length": {
		{"short sentences", entry(";x", "chat", "One idea. Another idea."), nil},
		{"long", entry(";x", "chat", "Fine. "+strings.Repeat("and more ", 17)+"end."), []string{"a.yml:5:13: warning: sentence of 35 words; the chat limit is 32"}},
	},
	"reading-level": {
		{"plain", entry(";x", "chat", "Thanks for waiting. Your refund is done. It goes back to your card. You will see it in a few days. Let me know if you need more."), nil},
		{"dense", entry(";x", "chat", "Notwithstanding the aforementioned considerations, reimbursement authorization necessitates comprehensive documentation substantiating the irregularities encountered during utilization of the organization's infrastructure, and consequently administrative personnel will subsequently evaluate eligibility."),
			[]string{"reading grade"}},
	},
	"link": {
		{"help center with a fallback", mdEntry(";x", "Please see [how returns work]({{help_center|https://help.example.com}}/returns) and <https://status.example.com>."), nil},
		{"plain replies have no links", entry(";x", "chat", "See https://help.example.com, javascript:void(0)"), nil},
		{"javascript and no text", mdEntry(";x", "Hi,\nclick [here](javascript:alert(1)) or [](https://help.example.com)\nor [that]({{kb|ftp://kb}})"),
			[]string{`a.yml:6:20: error: link to "javascript:alert(1)": not an http or https address [link]`,
				`a.yml:6:47: error: link to "https://help.example.com" has no text [link]`,
				`a.yml:7:17: error: link to "{{kb|ftp://kb}}": not an http or https address [link]`}},
	},
	"next-step": {
		{"a question", entry(";x", "chat", "Thanks for the details, that helps me a lot with this one. Could you send a screenshot?"), nil},
		{"a promise", entry(";x", "chat", "Thanks for the details, that helps a lot. I'll look into it now."), nil},
		{"a phrase", entry(";ty", "chat", "thank you for your patience"), nil},
		{"dead end", entry(";x", "chat", "Thanks for the details. That is how our product works at the moment, as designed."),
			[]string{"warning: the reply does not say what happens next [next-step]"}},
	},
}

func TestRules(t *testing.T) {
	for _, r := range lint.Rules() {
		cases := ruleCases[r.ID]
		var pass, fail bool
		for _, c := range cases {
			pass = pass || len(c.want) == 0
			fail = fail || len(c.want) > 0
		}
		if !pass || !fail {
			t.Errorf("rule %s needs passing and failing cases", r.ID)
		}
		for _, c := range cases {
			t.Run(r.ID+"/"+c.name, func(t *testing.T) {
				got := lintYAML(t, c.yml, only(r.ID))
				if len(got) != len(c.want) {
					t.Fatalf("got %d findings, want %d:\n%s", len(got), len(c.want), dump(got))
				}
				for i, w := range c.want {
					if s := got[i].String(); !strings.Contains(s, w) {
						t.Errorf("finding %d = %s\nwant it to contain %s", i, s, w)
					}
					if got[i].Rule != r.ID || got[i].Suggestion == "" {
						t.Errorf("finding %d: rule %q, suggestion %q", i, got[i].Rule, got[i].Suggestion)
					}
				}
			})
		}
	}
	for id := range ruleCases {
		if _, ok := lint.RuleByID(id); !ok {
			t.Errorf("cases for unknown rule %s", id)
		}
	}
}

func dump(fs []lint.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("\t" + f.String() + "\n")
	}
	return b.String()
}

func TestConfigSeverityAndOff(t *testing.T) {
	yml := entry(";x", "chat", "I've sent it to tier 2.")
	got := lintYAML(t, yml, lint.Config{Rules: map[string]string{"tone-jargon": "error"}})
	if len(got) != 1 || got[0].Severity != snippets.Error {
		t.Fatalf("severity override: %s", dump(got))
	}
	if got := lintYAML(t, yml, lint.Config{Rules: map[string]string{"tone-jargon": "off"}}); len(got) != 0 {
		t.Fatalf("off: %s", dump(got))
	}
	if got := lintYAML(t, yml, lint.Config{JargonOK: []string{"Tier 2"}}); len(got) != 0 {
		t.Fatalf("jargon_ok: %s", dump(got))
	}
	got = lintYAML(t, entry(";x", "chat", "Your widget is ready, and I'll send it today."), lint.Config{Jargon: []string{"widget"}})
	if len(got) != 1 || got[0].Rule != "tone-jargon" {
		t.Fatalf("extra jargon: %s", dump(got))
	}
	got = lintYAML(t, entry(";x", "chat", strings.Repeat("word ", 30)+"today."),
		lint.Config{Channels: map[string]lint.Channel{"chat": {MaxWords: 20}}, Rules: only("reply-length").Rules})
	if len(got) != 1 {
		t.Fatalf("tuned limit: %s", dump(got))
	}
}

func TestParseConfig(t *testing.T) {
	cfg, err := lint.ParseConfig("config.yml", []byte(`
apps: [{class: Slack, shift_enter: true}]   # someone else's key
lint:
  rules: {signoff-missing: off, tone-jargon: error}
  jargon: [T2]
  channels:
    chat: {max_words: 50}
`))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Rules["signoff-missing"] != "off" || cfg.Jargon[0] != "T2" || cfg.Channels["chat"].MaxWords != 50 {
		t.Fatalf("got %+v", cfg)
	}
	for in, want := range map[string]string{
		"lint:\n  rulez: {}\n":                       `config.yml:2:3: lint: unknown key "rulez"`,
		"lint:\n  rules: {tone-blam: off}\n":         `config.yml:2:11: lint: unknown rule "tone-blam" (did you mean "tone-blame"?)`,
		"lint:\n  rules: {tone-blame: maybe}\n":      `rule tone-blame must be off, warning or error, got "maybe"`,
		"lint:\n  channels: {chat: {max_word: 3}}\n": `unknown key "max_word" in channel chat`,
		"lint: [1]\n": `config.yml:1:7: lint: must be a mapping`,
		"lint:\n  channels: {chat: {max_words: x}}\n": `config.yml: lint: `,
	} {
		if _, err := lint.ParseConfig("config.yml", []byte(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want %s", in, err, want)
		}
	}
	if _, err := lint.ParseConfig("config.yml", []byte("injector: x11\n")); err != nil {
		t.Errorf("no lint key: %v", err)
	}
}
