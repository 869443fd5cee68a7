package e2e

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kindly-support/kindly/snippets"
)

// step is one thing the typist does: type text at a delay per key (ms), or
// press named keys.
type step struct {
	typeText string
	delay    int
	keys     []string
}

func typed(s string, delay int) step { return step{typeText: s, delay: delay} }
func press(keys ...string) step      { return step{keys: keys} }

type e2eCase struct {
	name  string
	steps []step
	want  string // the field's final text (before the target's finish suffix)
}

// replies returns the test library's replies by trigger.
func replies(t testing.TB) map[string]string {
	t.Helper()
	lib, problems, err := snippets.Load("testdata/library")
	if err != nil || snippets.HasErrors(problems) {
		t.Fatalf("test library: %v %v", err, problems)
	}
	m := map[string]string{}
	for _, s := range lib.Snippets {
		for _, tr := range s.Triggers {
			m[tr] = s.Replace
		}
	}
	return m
}

func cases(t testing.TB) []e2eCase {
	r := replies(t)
	if n := len([]rune(r[";long"])); n < 300 {
		t.Fatalf(";long is %d characters, want ≥ 300", n)
	}
	if n := len([]rune(r[";huge"])); n < 2000 {
		t.Fatalf(";huge is %d characters, want ≥ 2000", n)
	}
	return []e2eCase{
		{"short trigger inside a sentence", []step{typed("Hello, ;ty for waiting.", 5)}, "Hello, thank you for waiting."},
		{"300-character multi-line reply", []step{typed("Hi ;long", 5)}, "Hi " + r[";long"]},
		{"2000-character reply", []step{typed(";huge", 5)}, r[";huge"]},
		{"typo fixed by Backspace", []step{typed("ok ;tu", 5), press("BackSpace"), typed("y!", 5)}, "ok thank you!"},
		{"word trigger", []step{typed("I'll brb, and abrb stays", 5)}, "I'll be right back, and abrb stays"},
		{"propagate_case", []step{typed(";ty ;Ty ;TY", 5)}, "thank you Thank you THANK YOU"},
		{"typing straight on at 5 ms", []step{typed(";sorry We are on it ;ty", 5)}, "I'm sorry about the delay. We are on it thank you"},
		{"typing straight on with no pause", []step{typed(";sorry We are on it, ;ty again", 0)}, "I'm sorry about the delay. We are on it, thank you again"},
		{"long reply then straight on with no pause", []step{typed(";long and more text", 0)}, r[";long"] + " and more text"},
		// The typed text stays ASCII: xdotool types other characters by
		// remapping a keycode per key press, and a GTK window lost the first
		// such key in a run with no kindly at all.
		// The reply is what is tested: é, ’, —, ï and an emoji, exactly.
		{"non-ASCII reply", []step{typed("Voila: ;uni", 5)}, "Voila: Café — naïve ’quotes’ 😀 ok"},
	}
}

func (e *env) play(tg target, c e2eCase) {
	e.t.Helper()
	tg.clear()
	for _, s := range c.steps {
		if s.typeText != "" {
			e.xdo("type", "--delay", strconv.Itoa(s.delay), "--", s.typeText)
		}
		if len(s.keys) > 0 {
			e.xdo(append([]string{"key", "--delay", "5"}, s.keys...)...)
		}
	}
	want := c.want + tg.finish()
	waitText(e.t, tg, want, 5*time.Second)
	// Nothing may arrive late: the text stays exactly so.
	time.Sleep(50 * time.Millisecond)
	if got := tg.text(); got != want {
		e.t.Fatalf("%s: text changed after it was right:\n got %q\nwant %q", tg.name(), got, want)
	}
}

// TestEndToEnd types every case into xterm, a GTK text view and a Tk text
// widget through the real daemon. KINDLY_E2E_RUNS repeats the whole set
// (make soak runs it 20 times).
func TestEndToEnd(t *testing.T) {
	e := startX(t)
	need(t, python())
	e.startDaemon("testdata/library", "-v")
	runs := 1
	if n, err := strconv.Atoi(os.Getenv("KINDLY_E2E_RUNS")); err == nil && n > 0 {
		runs = n
	}
	cs := cases(t)
	targets := []func() target{
		func() target { return e.startXterm() },
		func() target { return e.startApp("gtk") },
		func() target { return e.startApp("tk") },
	}
	for _, start := range targets {
		tg := start()
		t.Run(tg.name(), func(t *testing.T) {
			e.t = t
			for run := 1; run <= runs; run++ {
				for _, c := range cs {
					t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
						e.t = t
						e.play(tg, c)
					})
				}
			}
		})
		e.t = t
		tg.close()
	}
	if strings.Contains(e.log.String(), "dropped") {
		t.Errorf("daemon log mentions dropped keys:\n%s", e.log)
	}
}
