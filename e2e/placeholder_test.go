package e2e

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const placeholderLibrary = `snippets:
  - trigger: ";plan"
    replace: "Hi {{customer|there}}, your {{plan:Basic|Pro|Enterprise}} plan (order {{order_id}}) is ready. {{agent}}"
  - trigger: ";clip"
    replace: "You sent: {{clipboard}}."
  - trigger: ";cur"
    replace: "Order #{{cursor}} is on its way, {{agent}}."
`

func startPlaceholders(t *testing.T) *env {
	e := startX(t)
	need(t, python(), "yad", "xclip")
	e.home = filepath.Join(e.dir, "home")
	writeFile(t, filepath.Join(e.home, "config.yml"), "profile:\n  agent: Sam from Acme\n")
	writeFile(t, filepath.Join(e.home, "snippets", "fill.yml"), placeholderLibrary)
	e.startDaemon("testdata/library")
	return e
}

// answers the fill-in dialog for trigger: keys are xdotool key/type steps.
func (e *env) dialog(trigger string, steps ...step) {
	e.t.Helper()
	e.waitWindow("--name", "Fill in "+trigger)
	time.Sleep(300 * time.Millisecond) // the dialog takes the focus
	for _, s := range steps {
		if s.typeText != "" {
			e.xdo("type", "--delay", "10", "--", s.typeText)
		}
		for _, k := range s.keys {
			e.xdo("key", k)
		}
	}
}

// Two fill-ins and a choice through the real dialog land in xterm exactly;
// the profile signs it.
func TestFillInDialog(t *testing.T) {
	e := startPlaceholders(t)
	x := e.startXterm()
	defer x.close()
	x.clear()
	e.xdo("type", "--delay", "5", "ok ;plan")
	e.dialog(";plan", press("ctrl+a"), typed("Maria", 0), press("Tab", "Down", "Tab"), typed("A-1042", 0), press("Return"))
	// The focus is back in xterm: typing goes on there (cat shows the line
	// once Enter is pressed).
	time.Sleep(300 * time.Millisecond)
	e.xdo("type", "--delay", "5", " ;ty")
	x.finish()
	waitText(t, x, "ok Hi Maria, your Pro plan (order A-1042) is ready. Sam from Acme thank you\n", 5*time.Second)
}

// Esc leaves only the abbreviation; an empty required value blocks the
// expansion (never "Hi ,"), and nothing half-filled is typed.
func TestFillInEscapeAndMissingValue(t *testing.T) {
	e := startPlaceholders(t)
	tk := e.startApp("tk")
	defer tk.close()
	tk.clear()
	e.xdo("type", "--delay", "5", "a ;plan")
	e.dialog(";plan", press("Escape"))
	time.Sleep(300 * time.Millisecond)
	waitText(t, tk, "a ;plan", 3*time.Second)
	// Typing goes on in the app after the dialog.
	e.xdo("type", "--delay", "5", " b")
	waitText(t, tk, "a ;plan b", 3*time.Second)

	tk.clear()
	e.xdo("type", "--delay", "5", "c ;plan")
	e.dialog(";plan", press("Return")) // accept with order_id empty
	time.Sleep(500 * time.Millisecond)
	waitText(t, tk, "c ;plan", 3*time.Second)
	if !strings.Contains(e.log.String(), ";plan not expanded: no value for order_id") {
		t.Fatalf("no notice about the missing value:\n%s", e.log)
	}
}

// {{cursor}} puts the caret there; {{clipboard}} inserts the clipboard.
func TestCursorAndClipboardPlaceholders(t *testing.T) {
	e := startPlaceholders(t)
	gtk := e.startApp("gtk")
	defer gtk.close()
	e.typeInto(gtk, "x ;cur4711", "x Order #4711 is on its way, Sam from Acme.")

	set := e.command("xclip", "-selection", "clipboard")
	set.Stdin = strings.NewReader("tracking 1Z999")
	if err := set.Run(); err != nil {
		t.Fatal(err)
	}
	e.typeInto(gtk, ";clip", "You sent: tracking 1Z999.")
}
