package cmd_test

import (
	"strings"
	"testing"
)

func TestTryKeys(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	for _, tc := range []struct{ keys, want string }{
		{"hello ;ty", "hello thank you for your patience"},
		{";tx{Backspace}y", "thank you for your patience"}, // a corrected typo still expands
		{";Ty", "Thank you for your patience"},             // propagate_case
		{";TY", "THANK YOU FOR YOUR PATIENCE"},             // propagate_case
		{"brb now", "be right back now"},                   // word trigger, separator kept
		{"abrb now", "abrb now"},                           // not a whole word
		{"brb", "brb"},                                     // a word trigger waits for a separator
		{";refund42", "Your refund of 42 is on its way."},  // the caret marker
		{";t{Left}{Right}y", ";ty"},                        // caret movement resets the buffer
		{";;sig", "Best regards,\nSam"},                    // second trigger of a list
		{";t{Click}y", ";ty"},                              // a click resets the buffer
		{"a{Enter};ty", "a\nthank you for your patience"},
	} {
		e.mustRun(0, "try", "--keys", tc.keys)
		if got := e.out.String(); got != tc.want+"\n" {
			t.Errorf("try --keys %q = %q, want %q", tc.keys, got, tc.want+"\n")
		}
		if e.err.Len() > 0 {
			t.Errorf("try --keys %q: stderr %q", tc.keys, e.err.String())
		}
	}
}

func TestTryBadKeys(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	e.mustRun(2, "try", "--keys", "{Nope}")
	if !strings.Contains(e.err.String(), "unknown key {Nope} at position 1") {
		t.Errorf("stderr %q", e.err.String())
	}
}

func TestTryStarterFallback(t *testing.T) {
	e := newTestHome(t)
	e.mustRun(0, "try", "--keys", ";hi")
	if got, want := e.out.String(), "Hi there, thanks for reaching out! I'm here to help. What can I do for you today? – [agent]\n"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
	if !strings.Contains(e.err.String(), "starter pack") {
		t.Errorf("no word about the starter pack on stderr: %q", e.err.String())
	}
	e.mustRun(0, "try", "--keys", "Great, ;Ty.") // a word trigger: the period fires it
	if got := e.out.String(); got != "Great, Thank you for your patience.\n" {
		t.Errorf("starter ;Ty: %q", got)
	}
}

func TestTryLines(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	e.in = "hello ;ty\n;refund9\r\n{Bad}\nbrb.\n"
	e.mustRun(1, "try")
	if got, want := e.out.String(), "hello thank you for your patience\nYour refund of 9 is on its way.\nbe right back.\n"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
	if !strings.Contains(e.err.String(), "line 3: keys: unknown key {Bad}") {
		t.Errorf("stderr %q", e.err.String())
	}
}

// On a terminal the playground is live; with fake IO it runs without raw mode.
func TestTryLive(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	e.inTTY, e.outTTY = true, true
	e.in = "hi ;ty\x04 never typed"
	e.mustRun(0, "try")
	out := e.out.String()
	for _, want := range []string{"hi thank you for your patience", "expanded ;ty: Thanks (chat)", "Ctrl-D quits"} {
		if !strings.Contains(out, want) {
			t.Errorf("live output lacks %q:\n%q", want, out)
		}
	}
	if strings.Contains(out, "never") {
		t.Errorf("typed after Ctrl-D: %q", out)
	}
}

// A trigger that ends with the key completing it (space, Tab, Enter)
// expands in the playground as in the daemon, and the live status line
// shows that key visibly.
func TestTryWhitespaceTriggers(t *testing.T) {
	e := newTestHome(t)
	e.write(map[string]string{"snippets/latex.yml": "snippets:\n" +
		"  - trigger: \"\\\\fr \"\n    replace: fraction\n" +
		"  - trigger: \"abil\\t\"\n    replace: ability\n" +
		"  - trigger: \":sig\\n\"\n    replace: \"Best,\\nSam\"\n"})
	for _, tc := range []struct{ keys, want string }{
		{`a \fr b`, "a fractionb"},
		{`a \fr.`, `a \fr.`},
		{"the abil{Tab}", "the ability"},
		{"ok{Enter}:sig{Enter}", "ok\nBest,\nSam"},
		{":sig", ":sig"},
	} {
		e.mustRun(0, "try", "--keys", tc.keys)
		if got := e.out.String(); got != tc.want+"\n" {
			t.Errorf("try --keys %q = %q, want %q", tc.keys, got, tc.want+"\n")
		}
	}
	e.inTTY, e.outTTY = true, true
	e.in = "x abil\t\x04"
	e.mustRun(0, "try")
	if out := e.out.String(); !strings.Contains(out, "x ability") || !strings.Contains(out, `expanded abil\t`) {
		t.Errorf("live output:\n%q", out)
	}
	e.outTTY = false
	e.mustRun(0, "list")
	if out := e.out.String(); !strings.Contains(out, "\\fr␠\t") || !strings.Contains(out, "abil\\t\t") || !strings.Contains(out, ":sig\\n\t") {
		t.Errorf("list does not show the whitespace visibly:\n%s", out)
	}
}
