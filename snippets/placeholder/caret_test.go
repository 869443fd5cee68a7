package placeholder

import "testing"

func TestMarkCaret(t *testing.T) {
	for _, tt := range []struct {
		reply, text string
		caret       int
		want        string
	}{
		{"Hi {{name}}", "Hi Maria", 0, "Hi Maria"},
		{"Order #{{cursor}} ok", "Order # ok", 3, "Order #$|$ ok"},
		{"Café $|$—", "Café —", 1, "Café $|$—"},
		{"at the end {{cursor}}", "at the end ", 0, "at the end $|$"},
		{"x$|$", "x", 0, "x$|$"},
	} {
		if got := MarkCaret(tt.reply, tt.text, tt.caret); got != tt.want {
			t.Errorf("MarkCaret(%q, %q, %d) = %q, want %q", tt.reply, tt.text, tt.caret, got, tt.want)
		}
	}
}
