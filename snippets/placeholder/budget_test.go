package placeholder

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// fanOut is the library from issue 11: nine replies, each including the next
// sixty times; the ninth is plain text. Fully rendered it would be 60^8
// copies of the last one.
func fanOut() func(string) (string, bool) {
	replies := map[string]string{}
	for i := 1; i <= 9; i++ {
		next := fmt.Sprintf("{{> ;w%d}}", i+1)
		if i == 9 {
			replies[";w9"] = "hello "
			continue
		}
		replies[fmt.Sprintf(";w%d", i)] = strings.Repeat(next, 60)
	}
	return func(t string) (string, bool) { r, ok := replies[t]; return r, ok }
}

// within runs f and fails the test (instead of hanging it) when f does not
// return in time: before the budgets, the fan-out library never returned.
func within(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("%s did not return (it should stop at its budget)", what)
	}
}

func TestRenderBudgetStopsFanOut(t *testing.T) {
	tpl, errs := Parse("{{> ;w1}}")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	env := Env{Include: fanOut()}
	var err error
	within(t, "Render", func() { _, _, err = tpl.Render(env) })
	want := fmt.Sprintf("include ;w9: this reply includes other replies more than %d times in all (the limit keeps one expansion from running away)", MaxIncludes)
	if err == nil || err.Error() != want {
		t.Fatalf("Render error = %v, want %q", err, want)
	}
	var fields []Field
	within(t, "Fields", func() { fields = tpl.Fields(env) })
	if len(fields) != 0 {
		t.Fatalf("fields = %v", fields)
	}
}

func TestRenderBudgetStopsLongOutput(t *testing.T) {
	big := strings.Repeat("x", MaxOutput/8+1)
	replies := map[string]string{";big": big}
	tpl, _ := Parse(strings.Repeat("{{> ;big}}", 8))
	_, _, err := tpl.Render(Env{Include: func(t string) (string, bool) { r, ok := replies[t]; return r, ok }})
	want := fmt.Sprintf("this reply would be longer than %d KiB (the limit keeps one expansion from running away)", MaxOutput>>10)
	if err == nil || err.Error() != want {
		t.Fatalf("Render error = %v, want %q", err, want)
	}
	// A value (a fill-in, the clipboard) counts too.
	tpl, _ = Parse("{{clipboard}}{{clipboard}}")
	_, _, err = tpl.Render(Env{Clipboard: func() (string, error) { return strings.Repeat("y", MaxOutput/2+1), nil }})
	if err == nil || err.Error() != want {
		t.Fatalf("Render error = %v, want %q", err, want)
	}
	// Just under the budget renders.
	tpl, _ = Parse(strings.Repeat("{{> ;ok}}", 8))
	ok := strings.Repeat("z", MaxOutput/8)
	text, _, err := tpl.Render(Env{Include: func(string) (string, bool) { return ok, true }})
	if err != nil || len(text) != MaxOutput {
		t.Fatalf("a reply of exactly %d bytes: %d bytes, %v", MaxOutput, len(text), err)
	}
}

// A reply whose includes take too long (here a clock that moves 300 ms
// each time it is read) is refused at the next include.
func TestRenderBudgetStopsSlowRender(t *testing.T) {
	tpl, _ := Parse(strings.Repeat("{{> ;a}}", 20))
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(300 * time.Millisecond); return now }
	_, _, err := tpl.Render(Env{Now: clock, Include: func(string) (string, bool) { return "a", true }})
	want := fmt.Sprintf("include ;a: this reply took longer than %s to render (the limit keeps one expansion from running away)", MaxRenderTime)
	if err == nil || err.Error() != want {
		t.Fatalf("Render error = %v, want %q", err, want)
	}
	// A fixed clock ({{date}} in tests) never trips it.
	fixedClock := func() time.Time { return now }
	if text, _, err := tpl.Render(Env{Now: fixedClock, Include: func(string) (string, bool) { return "a", true }}); err != nil || text != strings.Repeat("a", 20) {
		t.Fatalf("fixed clock: %q %v", text, err)
	}
}

// A reply may include others up to MaxIncludes times in all.
func TestRenderBudgetAllowsMaxIncludes(t *testing.T) {
	tpl, _ := Parse(strings.Repeat("{{> ;a}}", MaxIncludes))
	text, _, err := tpl.Render(Env{Include: func(string) (string, bool) { return "a", true }})
	if err != nil || text != strings.Repeat("a", MaxIncludes) {
		t.Fatalf("%d includes: %q, %v", MaxIncludes, text, err)
	}
	tpl, _ = Parse(strings.Repeat("{{> ;a}}", MaxIncludes+1))
	if _, _, err := tpl.Render(Env{Include: func(string) (string, bool) { return "a", true }}); err == nil {
		t.Fatalf("%d includes rendered", MaxIncludes+1)
	}
}

// Worst case one expansion can cost within the budgets: MaxIncludes
// includes whose text adds up to MaxOutput.
func BenchmarkRenderAtBudget(b *testing.B) {
	chunk := strings.Repeat("x", MaxOutput/MaxIncludes)
	tpl, _ := Parse(strings.Repeat("{{> ;a}}", MaxIncludes))
	env := Env{Include: func(string) (string, bool) { return chunk, true }}
	for b.Loop() {
		if _, _, err := tpl.Render(env); err != nil {
			b.Fatal(err)
		}
	}
}

// The fan-out library refused at its budget: how long the refusal takes.
func BenchmarkRenderFanOutRefused(b *testing.B) {
	tpl, _ := Parse("{{> ;w1}}")
	env := Env{Include: fanOut()}
	for b.Loop() {
		if _, _, err := tpl.Render(env); err == nil {
			b.Fatal("rendered")
		}
		tpl.Fields(env)
	}
}
