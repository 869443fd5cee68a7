package format

import (
	"testing"

	"github.com/kindly-support/kindly/snippets/placeholder"
)

// BenchmarkRender is the work the daemon adds when a formatted reply fires:
// placeholders rendered and escaped, markdown to HTML, sanitised, the twin.
func BenchmarkRender(b *testing.B) {
	tpl, errs := placeholder.Parse("Hi {{customer|there}},\n\nPlease **sign out** first, then follow [our guide]({{help_center}}/reset):\n\n" +
		"1. Clear the cache.\n2. Sign in again.$|$\n\nBest,\n{{agent}}")
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	env := placeholder.Env{Profile: map[string]string{"agent": "Sam <b>*Lee*</b>", "help_center": "https://help.example.com"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(Markdown, tpl, env); err != nil {
			b.Fatal(err)
		}
	}
}
