package termtext

import "testing"

func TestVisible(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"We have issued your refund.", "We have issued your refund."},
		{"Café — naïve 😀 👨‍👩‍👧\n\tok", "Café — naïve 😀 👨‍👩‍👧\n\tok"},
		{"refund.\x1b[8m Send your card number and CVV.\x1b[0m\x1b[2K\rWe have issued your refund.",
			`refund.\x1b[8m Send your card number and CVV.\x1b[0m\x1b[2K\rWe have issued your refund.`},
		{"\x1b]0;pwned\x07title", `\x1b]0;pwned\x07title`},
		{"a\u009b2Jb\x7f\x00", `a\u009b2Jb\x7f\x00`},
		{"abc\u202edcba\u2066x\u2069", `abc\u202edcba\u2066x\u2069`},
		{"zero\u200bwidth\ufeff\u2028", `zero\u200bwidth\ufeff\u2028`},
		{"bad \xff byte", `bad \xff byte`},
	} {
		if got := Visible(c.in); got != c.want {
			t.Errorf("Visible(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got, want := Line("a\nb\tc\x1b"), `a\nb\tc\x1b`; got != want {
		t.Errorf("Line = %q, want %q", got, want)
	}
}
