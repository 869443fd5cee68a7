package daemon

import (
	"fmt"
	"strings"

	"github.com/kindly-support/kindly/snippets"
)

// problemCount words how many errors and warnings there are the way
// `kindly check` counts them: "2 errors and 1 warning".
func problemCount(ps []snippets.Problem) string {
	errs := 0
	for _, p := range ps {
		if p.Severity == snippets.Error {
			errs++
		}
	}
	s := countOf(errs, "error")
	if w := len(ps) - errs; w > 0 {
		s += " and " + countOf(w, "warning")
	}
	return s
}

// lineCount is problemCount for problems already formatted as lines.
func lineCount(lines []string) string {
	errs := 0
	for _, l := range lines {
		if strings.Contains(l, ": error: ") {
			errs++
		}
	}
	s := countOf(errs, "error")
	if w := len(lines) - errs; w > 0 {
		s += " and " + countOf(w, "warning")
	}
	return s
}

func countOf(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
