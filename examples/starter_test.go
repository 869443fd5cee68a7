package examples_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/kindly-support/kindly/examples"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/placeholder"
)

// The starter pack loads clean, has at least 40 replies, and every reply
// that greets the customer does so by name with a fallback and is signed
// from the profile.
func TestStarterPack(t *testing.T) {
	lib, problems, err := snippets.LoadFS(examples.Starter, examples.StarterDir)
	if err != nil || len(problems) > 0 {
		t.Fatalf("starter pack: %v %v", err, problems)
	}
	if n := len(lib.Snippets); n < 40 {
		t.Fatalf("%d replies, want at least 40", n)
	}
	greeting := regexp.MustCompile(`(?m)^(Hi|Hello|Dear)\b`)
	greets := 0
	for _, s := range lib.Snippets {
		if _, errs := placeholder.Parse(s.Replace); len(errs) > 0 {
			t.Errorf("%s: %v", s.Triggers[0], errs)
		}
		if !greeting.MatchString(s.Replace) {
			continue
		}
		greets++
		if !strings.Contains(s.Replace, "{{customer|") {
			t.Errorf("%s greets without {{customer|…}}: %q", s.Triggers[0], s.Replace)
		}
		if !strings.Contains(s.Replace, "{{agent}}") {
			t.Errorf("%s greets but is not signed with {{agent}}", s.Triggers[0])
		}
		if strings.Contains(s.Replace, "Hi ,") {
			t.Errorf("%s has a gap", s.Triggers[0])
		}
	}
	if greets < 40 {
		t.Errorf("only %d greeting replies", greets)
	}
}
