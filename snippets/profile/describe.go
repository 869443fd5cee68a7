package profile

import "fmt"

// nouns say what the standard keys hold, in the agent's words.
var nouns = map[string]string{
	"agent":       "name",
	"company":     "company",
	"team":        "team",
	"signature":   "signature",
	"help_center": "help center address",
}

// Standard reports whether key is one of the keys replies commonly use
// (agent, team, company, signature, help_center): a value the agent gives once and
// kindly remembers, not one that changes from customer to customer.
func Standard(key string) bool { _, ok := nouns[key]; return ok }

// Describe says what key holds for a person who has never seen config.yml:
// "your name" for agent, "your company" for company, else the key itself.
func Describe(key string) string {
	if n, ok := nouns[key]; ok {
		return "your " + n
	}
	return key
}

// SetCommand is the command that sets key, with a sample value to replace:
// kindly profile set agent "Your name".
func SetCommand(key string) string {
	sample := "Your value"
	if n, ok := nouns[key]; ok {
		sample = "Your " + n
	}
	return fmt.Sprintf("kindly profile set %s %q", key, sample)
}
