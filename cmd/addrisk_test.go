package cmd_test

import "testing"

// A trigger that is a common word is added, but not silently.
func TestAddWarnsAboutACommonWordTrigger(t *testing.T) {
	e := newTestHome(t)
	e.mustRun(0, "add", "thanks", "--replace", "Thank you!")
	want := "warning: trigger \"thanks\" is a common word: it fires whenever you type the word\n" +
		"    start it with a character you never type otherwise, e.g. \";thanks\" (kindly rm thanks, then add it again)\n"
	if e.err.String() != want {
		t.Errorf("stderr %q\nwant %q", e.err.String(), want)
	}
	e.mustRun(0, "add", ";thanks", "--replace", "Thank you!")
	if e.err.String() != "" {
		t.Errorf("stderr %q", e.err.String())
	}
}
