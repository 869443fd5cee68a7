package ibus

import (
	"strings"
	"testing"

	"github.com/kindly-support/kindly/hooks"
)

// kindly doctor's IBus lines against a real ibus-daemon: found, and
// whether kindly is its engine, with the fix when not.
func TestChecks(t *testing.T) {
	env := startIBus(t)
	t.Setenv("IBUS_ADDRESS", env.addr)
	t.Setenv("XDG_SESSION_TYPE", "wayland")
	find := func(cs []hooks.Check, name string) hooks.Check {
		for _, c := range cs {
			if c.Name == name {
				return c
			}
		}
		t.Fatalf("no %q check in %+v", name, cs)
		return hooks.Check{}
	}
	cs := Checks()
	if c := find(cs, "session"); !c.OK || !strings.Contains(c.Detail, "Wayland") {
		t.Errorf("session: %+v", c)
	}
	if c := find(cs, "ibus-daemon"); !c.OK {
		t.Errorf("ibus-daemon: %+v", c)
	}
	if c := find(cs, "ibus engine"); c.OK || c.Fix == "" {
		t.Errorf("ibus engine before switching to kindly: %+v", c)
	}
	env.openEngine(t, testRules())
	env.setGlobalEngine(t, EngineName)
	if c := find(Checks(), "ibus engine"); !c.OK {
		t.Errorf("ibus engine after switching to kindly: %+v", c)
	}
	t.Setenv("IBUS_ADDRESS", "unix:path="+env.dir+"/nothing-here")
	if c := find(Checks(), "ibus-daemon"); c.OK || !strings.Contains(c.Fix, "ibus") {
		t.Errorf("ibus-daemon with a dead address: %+v", c)
	}
}
