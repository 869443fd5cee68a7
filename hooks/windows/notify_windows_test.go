//go:build windows

package windows

import "testing"

// The notice goes to the shell's notification area (wine's systray here).
func TestNotify(t *testing.T) {
	newTypist(t) // only under make test-windows
	b, _ := openBackend(t)
	if err := b.Notify("kindly cannot type here", "Notepad runs as administrator."); err != nil {
		t.Fatal(err)
	}
}
