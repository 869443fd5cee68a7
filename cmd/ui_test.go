package cmd_test

import (
	"strings"
	"testing"
)

// kindly ui listens on loopback addresses only; anything else is a usage
// error that says why.
func TestUIRefusesNonLoopbackAddr(t *testing.T) {
	e := newTestHome(t)
	for _, addr := range []string{"0.0.0.0:0", "192.168.1.10:8080", ":0"} {
		e.mustRun(2, "ui", "--no-open", "--addr", addr)
		if !strings.Contains(e.err.String(), "the manager listens on a loopback address only") || e.out.Len() != 0 {
			t.Errorf("%s: stdout %q stderr %q", addr, e.out.String(), e.err.String())
		}
	}
}
