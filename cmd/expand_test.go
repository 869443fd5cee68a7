package cmd_test

import (
	"strings"
	"testing"
)

const expandLib = `snippets:
  - trigger: ";late"
    replace: |-
      Hi {{customer|there}},

      Your {{plan:Basic|Pro|Enterprise}} order {{order_id "Order number"}} is late; it ships by {{date +2bd "Monday, January 2"}}.
      {{#refund "Include refund details"}}We refunded {{amount}}.
      {{/refund}}{{> ;sig}}
  - trigger: ";sig"
    replace: "{{agent}}, {{company|Acme}}"
  - trigger: ";bad"
    replace: "oops {{x"
  - trigger: ";clip"
    replace: "Order {{clipboard|unknown}}$|$"
`

func expandHome(t *testing.T) *testHome {
	e := newTestHome(t)
	e.write(map[string]string{
		"snippets/a.yml": expandLib,
		"config.yml":     "injector: x11\nprofile:\n  agent: Sam\n",
	})
	return e
}

func TestExpandScript(t *testing.T) {
	e := expandHome(t)
	e.mustRun(0, "expand", ";late", "--set", "order_id=A-1", "--set", "plan=pro")
	// The test clock is Sunday, March 1, 2026: two business days on is Tuesday.
	want := "Hi there,\n\nYour Pro order A-1 is late; it ships by Tuesday, March 3.\nSam, Acme"
	if got := e.out.String(); got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}

	e.mustRun(0, "expand", ";late", "--set", "order_id=A-1", "--set", "customer=Maria", "--set", "refund=yes", "--set", "amount=$5")
	want = "Hi Maria,\n\nYour Basic order A-1 is late; it ships by Tuesday, March 3.\nWe refunded $5.\nSam, Acme"
	if got := e.out.String(); got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
}

func TestExpandMissingInScript(t *testing.T) {
	e := expandHome(t)
	e.mustRun(1, "expand", ";late")
	if got, want := e.err.String(), "kindly: expand ;late: no value for order_id, and it has no fallback (give it with --set order_id=…)\n"; got != want {
		t.Errorf("stderr %q, want %q", got, want)
	}
	if e.out.Len() != 0 {
		t.Errorf("printed %q", e.out.String())
	}
	e.mustRun(1, "expand", ";late", "--set", "order_id=1", "--set", "refund=yes")
	if got := e.err.String(); !strings.Contains(got, "no value for amount") {
		t.Errorf("stderr %q", got)
	}
}

func TestExpandErrors(t *testing.T) {
	e := expandHome(t)
	e.mustRun(1, "expand", ";bad")
	if got, want := e.err.String(), "kindly: expand ;bad: the reply has a placeholder mistake at 1:6: unclosed placeholder: end it with }}, or write \\{{ for literal braces (run 'kindly check')\n"; got != want {
		t.Errorf("stderr %q, want %q", got, want)
	}
	e.mustRun(1, "expand", ";lat")
	if got := e.err.String(); !strings.Contains(got, `did you mean ";late"?`) {
		t.Errorf("stderr %q", got)
	}
	e.mustRun(2, "expand", ";late", "--set", "novalue")
	e.mustRun(1, "expand", ";late", "--set", "order_id=1", "--set", "plan=Gold")
	if got := e.err.String(); !strings.Contains(got, `plan: "Gold" is not one of the choices (Basic, Pro, Enterprise)`) {
		t.Errorf("stderr %q", got)
	}
}

func TestExpandAsksOnATerminal(t *testing.T) {
	e := expandHome(t)
	e.inTTY, e.outTTY = true, true
	// customer: empty (fallback); plan: 3; order_id: empty, then A-2; refund: y; amount: $9.
	e.in = "\n3\n\nA-2\ny\n$9\n"
	e.mustRun(0, "expand", ";late")
	want := "Hi there,\n\nYour Enterprise order A-2 is late; it ships by Tuesday, March 3.\nWe refunded $9.\nSam, Acme\n"
	if got := e.out.String(); got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
	prompts := "Customer [there]: Plan: 1) Basic  2) Pro  3) Enterprise [Basic]: Order number (required): Order number (required): Include refund details? [y/N]: Amount (required): Company [Acme]: "
	if got := e.err.String(); got != prompts {
		t.Errorf("prompts %q, want %q", got, prompts)
	}

	// Answers given with --set are not asked; a section left off skips its fields.
	e.in = "Li\nn\n"
	e.mustRun(0, "expand", ";late", "--set", "order_id=7", "--set", "plan=Pro")
	if got := e.err.String(); got != "Customer [there]: Include refund details? [y/N]: Company [Acme]: " {
		t.Errorf("prompts %q", got)
	}
	if got := e.out.String(); !strings.HasPrefix(got, "Hi Li,") || strings.Contains(got, "refunded") {
		t.Errorf("stdout %q", got)
	}
}

func TestExpandClipboardFallback(t *testing.T) {
	e := expandHome(t) // no DISPLAY in the test environment
	e.mustRun(0, "expand", ";clip")
	if got := e.out.String(); got != "Order unknown" {
		t.Errorf("stdout %q", got)
	}
	e.mustRun(1, "expand", ";clip", "--copy")
	if got := e.err.String(); !strings.Contains(got, "DISPLAY is not set") {
		t.Errorf("stderr %q", got)
	}
}
