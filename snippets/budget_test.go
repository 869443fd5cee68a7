package snippets

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kindly-support/kindly/snippets/placeholder"
)

// FanOutLibrary is the library from issue 11: nine replies, each including
// the next sixty times (60^8 copies of the last if rendered), then a reply
// just past the length budget, and one within both budgets.
func fanOutLibrary() string {
	var b strings.Builder
	b.WriteString("snippets:\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "  - trigger: \";w%d\"\n", i)
		if i == 9 {
			b.WriteString("    replace: hello\n")
			continue
		}
		fmt.Fprintf(&b, "    replace: \"%s\"\n", strings.Repeat(fmt.Sprintf("{{> ;w%d}}", i+1), 60))
	}
	fmt.Fprintf(&b, "  - trigger: \";long\"\n    replace: \"%s\"\n", strings.Repeat("{{> ;kb}}", 100))
	fmt.Fprintf(&b, "  - trigger: \";kb\"\n    replace: %s\n", strings.Repeat("k", 3072))
	fmt.Fprintf(&b, "  - trigger: \";fine\"\n    replace: \"Hi {{> ;w9}} {{> ;w9}}\"\n")
	return b.String()
}

func TestCheckBudgetsRefusesFanOut(t *testing.T) {
	file := fanOutLibrary()
	snips, ps := Decode("w.yml", []byte(file))
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	src := func(name string) ([]byte, bool) { return []byte(file), name == "w.yml" }
	var got []string
	for _, p := range CheckBudgets(snips, src) {
		got = append(got, p.String())
	}
	var want []string
	counts := map[int]string{5: "more than a million", 6: "219660", 7: "3660"}
	for i := 1; i <= 7; i++ { // ;w8 includes ;w9 60 times: within the budget
		if counts[i] == "" {
			counts[i] = "more than a million"
		}
		want = append(want, fmt.Sprintf("w.yml:%d:15: error: this reply would include other replies %s times in all, through {{> ;w%d}} and the replies it includes; one expansion may include at most %d, so kindly would refuse to expand it",
			2*i+1, counts[i], i+1, placeholder.MaxIncludes))
	}
	want = append(want, fmt.Sprintf("w.yml:21:15: error: this reply would be 301 KiB long once {{> ;kb}} and its other includes are in; one expansion may be at most %d KiB, so kindly would refuse to expand it", placeholder.MaxOutput>>10))
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// kindly check runs the same check.
	n := 0
	for _, p := range CheckPlaceholders(snips, nil, src) {
		if strings.Contains(p.Msg, "kindly would refuse to expand it") {
			n++
		}
	}
	if n != len(want) {
		t.Fatalf("CheckPlaceholders reports %d budget problems, want %d", n, len(want))
	}
}
