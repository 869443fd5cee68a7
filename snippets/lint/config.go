package lint

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kindly-support/kindly/snippets"
	"gopkg.in/yaml.v3"
)

// Config tunes the rules. It is the `lint:` key of <home>/config.yml:
//
//	lint:
//	  rules:                  # per rule id: off, warning or error
//	    signoff-missing: off
//	    tone-jargon: error
//	  jargon: [Zendesk macro, T2]   # more internal words (added to the built-in list)
//	  jargon_ok: [SLA]              # built-in jargon your customers know
//	  common_words: [ship]          # more words a trigger must not be
//	  channels:                     # limits per channel tag (chat, email, default)
//	    chat: {max_words: 70, max_sentence_words: 30, max_grade: 8}
//	    email: {max_words: 180, sign_off: true}
//
// The zero Config is the defaults.
type Config struct {
	Rules       map[string]string  `yaml:"rules"`
	Jargon      []string           `yaml:"jargon"`
	JargonOK    []string           `yaml:"jargon_ok"`
	CommonWords []string           `yaml:"common_words"`
	Channels    map[string]Channel `yaml:"channels"`
}

// Channel holds the limits for replies tagged with the channel's name.
// Zero values take the defaults; -1 turns a limit off.
type Channel struct {
	MaxWords         int     `yaml:"max_words"`
	MaxSentenceWords int     `yaml:"max_sentence_words"`
	MaxGrade         float64 `yaml:"max_grade"`
	SignOff          *bool   `yaml:"sign_off"`
}

// DefaultChannels are the limits used unless the config says otherwise.
// "default" is for replies with no channel tag.
func DefaultChannels() map[string]Channel {
	yes, no := true, false
	return map[string]Channel{
		"chat":    {MaxWords: 70, MaxSentenceWords: 32, MaxGrade: 8, SignOff: &no},
		"email":   {MaxWords: 180, MaxSentenceWords: 32, MaxGrade: 8, SignOff: &yes},
		"default": {MaxWords: 180, MaxSentenceWords: 32, MaxGrade: 10, SignOff: &no},
	}
}

// withDefaults fills what the config leaves out.
func (c Config) withDefaults() Config {
	out := c
	out.Channels = DefaultChannels()
	for name, ch := range c.Channels {
		name = strings.ToLower(name)
		d, ok := out.Channels[name]
		if !ok {
			d = out.Channels["default"]
		}
		if ch.MaxWords != 0 {
			d.MaxWords = ch.MaxWords
		}
		if ch.MaxSentenceWords != 0 {
			d.MaxSentenceWords = ch.MaxSentenceWords
		}
		if ch.MaxGrade != 0 {
			d.MaxGrade = ch.MaxGrade
		}
		if ch.SignOff != nil {
			d.SignOff = ch.SignOff
		}
		out.Channels[name] = d
	}
	return out
}

// severity returns the configured severity of r and whether r is on.
func (c Config) severity(r Rule) (Severity, bool) {
	switch strings.ToLower(c.Rules[r.ID]) {
	case "off":
		return 0, false
	case "error":
		return snippets.Error, true
	case "warning":
		return snippets.Warning, true
	}
	return r.Default, true
}

// ParseConfig reads the `lint:` key from the contents of config.yml (name is
// used in error messages). Other keys belong to other parts of kindly and are
// ignored; inside `lint:` unknown keys, rule ids and values are errors.
func ParseConfig(name string, data []byte) (Config, error) {
	var cfg Config
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return cfg, fmt.Errorf("%s: %w", name, err)
	}
	if len(doc.Content) == 0 {
		return cfg, nil
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return cfg, nil // not ours to judge
	}
	var node *yaml.Node
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == "lint" {
			node = top.Content[i+1]
		}
	}
	if node == nil || (node.Kind == yaml.ScalarNode && node.ShortTag() == "!!null") {
		return cfg, nil
	}
	bad := func(n *yaml.Node, format string, args ...any) error {
		return fmt.Errorf("%s:%d:%d: lint: %s", name, n.Line, n.Column, fmt.Sprintf(format, args...))
	}
	if node.Kind != yaml.MappingNode {
		return cfg, bad(node, "must be a mapping (rules:, jargon:, channels: …)")
	}
	known := []string{"rules", "jargon", "jargon_ok", "common_words", "channels"}
	for i := 0; i+1 < len(node.Content); i += 2 {
		k := node.Content[i]
		if !contains(known, k.Value) {
			return cfg, bad(k, "unknown key %q (known keys: %s)", k.Value, strings.Join(known, ", "))
		}
	}
	if err := node.Decode(&cfg); err != nil {
		return cfg, fmt.Errorf("%s: lint: %w", name, err)
	}
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, v := node.Content[i], node.Content[i+1]
		switch k.Value {
		case "rules":
			for j := 0; j+1 < len(v.Content); j += 2 {
				id, val := v.Content[j], v.Content[j+1]
				if _, ok := RuleByID(id.Value); !ok {
					return cfg, bad(id, "unknown rule %q%s", id.Value, didYouMean(id.Value))
				}
				switch strings.ToLower(val.Value) {
				case "off", "warning", "error":
				default:
					return cfg, bad(val, "rule %s must be off, warning or error, got %q", id.Value, val.Value)
				}
			}
		case "channels":
			for j := 0; j+1 < len(v.Content); j += 2 {
				ch := v.Content[j+1]
				for m := 0; m+1 < len(ch.Content); m += 2 {
					ck := ch.Content[m]
					switch ck.Value {
					case "max_words", "max_sentence_words", "max_grade", "sign_off":
					default:
						return cfg, bad(ck, "unknown key %q in channel %s (known keys: max_words, max_sentence_words, max_grade, sign_off)",
							ck.Value, v.Content[j].Value)
					}
				}
			}
		}
	}
	return cfg, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// didYouMean suggests the rule id closest to id.
func didYouMean(id string) string {
	var ids []string
	for _, r := range rules {
		ids = append(ids, r.ID)
	}
	sort.Strings(ids)
	limit := func(string) int { return max(2, len(id)/3) }
	if best, ok := snippets.Closest(id, ids, limit); ok {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return " (see 'kindly lint --rules')"
}
