package ibus

import (
	"path/filepath"
	"strings"

	"github.com/kindly-support/kindly/expander"
	"testing"
	"time"

	"github.com/kindly-support/kindly/hooks"
)

// The engine over D-Bus, with a private ibus-daemon and the test as the
// app (see fakeApp): what it deletes, commits and forwards, for clients
// with and without surrounding text, typing key by key and with keys sent
// while an expansion is in flight.
func TestEngineOverDBus(t *testing.T) {
	env := startIBus(t)
	env.openEngine(t, testRules())
	long300 := testRules()[2].Replace

	type tc struct {
		name, typed, want string
		caretLeft         int // runes after the caret at the end
	}
	cases := []tc{
		{"inside a sentence", "a ;zz b", "a Hello ✓ world b", 0},
		{"typo fixed with BackSpace", "x ;zx\bz.", "x Hello ✓ world.", 0},
		{"300 characters, multi-line", "Hi ;long", "Hi " + long300, 0},
		{"2,000 characters", ";huge!", huge() + "!", 0},
		{"non-ASCII", "é ;uni é", "é Café — it’s “fine” 😀 ✓ é", 0},
		{"word trigger", "I brb now", "I be right back now", 0},
		{"word trigger inside a word", "abrb x", "abrb x", 0},
		{"propagate case", ";Ty ;TY ;ty", "Thank you THANK YOU thank you", 0},
		{"caret", ";sig", "Best,\n\nThe team", len("\nThe team")},
		{"caret then typing", ";sigAlex", "Best,\nAlex\nThe team", len("\nThe team")},
	}
	for _, caps := range []struct {
		name string
		caps uint32
	}{
		{"surrounding text", capPreedit | capFocus | capSurroundingText},
		{"forwarded BackSpaces", capPreedit | capFocus},
	} {
		for _, c := range cases {
			for _, burst := range []bool{false, true} {
				name := caps.name + "/" + c.name + "/key by key"
				if burst {
					name = caps.name + "/" + c.name + "/no pause"
				}
				t.Run(name, func(t *testing.T) {
					app := env.newApp(t, "gtk3-im:kindly-test", caps.caps)
					if burst {
						// Every key is queued before the app handles any:
						// keys reach the engine while an expansion is in flight.
						app.typeText(c.typed)
						app.settle()
					} else {
						for _, r := range c.typed {
							app.typeText(string(r))
							app.settle()
						}
					}
					if got := string(app.text); got != c.want {
						t.Fatalf("text %s, want %q\n%s", app, c.want, strings.Join(app.trace, "\n"))
					}
					if left := len(app.text) - app.caret; left != c.caretLeft {
						t.Fatalf("caret %d runes from the end, want %d (%s)", left, c.caretLeft, app)
					}
					fired := strings.Contains(c.want, "Hello") || strings.Contains(c.want, "Thank") || strings.Contains(c.want, "thank") ||
						strings.Contains(c.want, "right back") || strings.Contains(c.want, "Best") || strings.Contains(c.want, "Line 0") ||
						strings.Contains(c.want, "Café")
					if fired && caps.caps&capSurroundingText != 0 && app.signals["DeleteSurroundingText"] == 0 {
						t.Errorf("a client with surrounding text got no DeleteSurroundingText")
					}
					if caps.caps&capSurroundingText == 0 && app.signals["DeleteSurroundingText"] != 0 {
						t.Errorf("a client without surrounding text got DeleteSurroundingText")
					}
				})
			}
		}
	}
}

// Focus changes reach the session with the input context and the program.
// ibus-daemon names the program (FocusInId) once it has read the engine's
// FocusId property, which it does when it creates the first kindly engine:
// the very first focus has the context but not the program.
func TestEngineFocus(t *testing.T) {
	env := startIBus(t)
	_, sess := env.openEngine(t, testRules())
	app := env.newApp(t, "gtk3-im:kindly-test", capPreedit|capFocus|capSurroundingText)
	ctx := string(app.ic.Path())
	if a := sess.lastApp(); a.ID != ctx || a.Password {
		t.Errorf("first focus: %+v, want ID %s", a, ctx)
	}
	app.call("FocusOut")
	app.settle()
	if a := sess.lastApp(); a.ID == ctx || a.Class != "" {
		t.Errorf("after FocusOut the session was not told the focus left: %+v", a)
	}
	app.call("FocusIn")
	app.settle()
	if a := sess.lastApp(); a.ID != ctx || a.Class != "kindly-test" || a.Password {
		t.Errorf("focus back: %+v, want ID %s, class kindly-test", a, ctx)
	}
	other := env.newApp(t, "gtk3-im:other-app", capPreedit|capFocus)
	if a := sess.lastApp(); a.ID != string(other.ic.Path()) || a.Class != "other-app" {
		t.Errorf("second app: %+v, want ID %s, class other-app", a, other.ic.Path())
	}
}

// A password field: no key is reported to the session, nothing expands.
func TestEnginePasswordField(t *testing.T) {
	env := startIBus(t)
	_, sess := env.openEngine(t, testRules())
	app := env.newApp(t, "gtk3-im:kindly-test", capPreedit|capFocus|capSurroundingText)
	app.setContentType(purposePassword)
	app.settle()
	before := sess.keyCount()
	app.typeText("pw ;zz")
	app.settle()
	if got := string(app.text); got != "pw ;zz" {
		t.Fatalf("password field: %s, want %q", app, "pw ;zz")
	}
	if n := sess.keyCount() - before; n != 0 {
		t.Fatalf("%d keys of a password field were reported to the session", n)
	}
	if !sess.lastApp().Password {
		t.Fatalf("the session was not told the field is a password field: %+v", sess.lastApp())
	}
	// Back to a plain field: expansion again.
	app.setContentType(0)
	app.text, app.caret = nil, 0
	app.typeText("a ;zz")
	app.settle()
	if got := string(app.text); got != "a Hello ✓ world" {
		t.Fatalf("after the password field: %s", app)
	}
}

// Commit puts a reply decided later into the context that had the focus.
func TestEngineCommit(t *testing.T) {
	env := startIBus(t)
	b, _ := env.openEngine(t, testRules())
	app := env.newApp(t, "gtk3-im:kindly-test", capPreedit|capFocus|capSurroundingText)
	app.typeText("ab")
	app.settle()
	if err := b.Commit(hooksEdit(1, "XY", 1)); err != nil {
		t.Fatal(err)
	}
	// The engine may wait (up to surroundingTimeout) for the app's report
	// of "ab" before the caret.
	for deadline := time.Now().Add(2 * time.Second); string(app.text) != "aXY" && time.Now().Before(deadline); {
		app.settle()
	}
	if got, want := string(app.text), "aXY"; got != want || app.caret != 2 {
		t.Fatalf("after Commit: %s, want %q with the caret before Y", app, want)
	}
	// While the context has no focus, the edit waits for it.
	app.call("FocusOut")
	app.settle()
	if err := b.Commit(hooksEdit(0, "!", 0)); err != nil {
		t.Fatal(err)
	}
	app.settle()
	if got := string(app.text); got != "aXY" {
		t.Fatalf("committed while the field had no focus: %s", app)
	}
	app.call("FocusIn")
	app.settle()
	if got := string(app.text); got != "aX!Y" {
		t.Fatalf("after focus came back: %s, want %q", app, "aX!Y")
	}
}

// Losing ibus-daemon ends the session with a LostEvent.
func TestEngineLost(t *testing.T) {
	env := startIBus(t)
	b, err := OpenAddress(hooks.Options{Logf: t.Logf}, env.addr)
	if err != nil {
		t.Fatal(err)
	}
	// AT-SPI on the test's own session bus, never the machine's.
	b.sessionAddr = "unix:path=" + filepath.Join(env.dir, "bus")
	defer b.Close()
	env.killIBus(t)
	select {
	case ev := <-b.Events():
		if ev.Kind != hooks.LostEvent {
			t.Fatalf("got event %v, want LostEvent", ev.Kind)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no LostEvent 5s after ibus-daemon died")
	}
}

func hooksEdit(del int, ins string, left int) expander.Edit {
	return expander.Edit{Delete: del, Insert: ins, Left: left}
}

// In an app whose rule says shift_enter (a chat, where Enter sends), a
// reply's line breaks go in as forwarded Shift+Returns, each piece after
// the app applied the line break before it, never as a committed "\n".
func TestEngineShiftEnter(t *testing.T) {
	env := startIBus(t)
	apps := hooks.NewApps([]hooks.AppRule{{Class: "chat-test", Config: hooks.AppConfig{ShiftEnter: true}}}, DefaultApps)
	b, err := OpenAddress(hooks.Options{Logf: t.Logf, Apps: apps}, env.addr)
	if err != nil {
		t.Fatal(err)
	}
	// AT-SPI on the test's own session bus, never the machine's.
	b.sessionAddr = "unix:path=" + filepath.Join(env.dir, "bus")
	runSession(t, b, testRules())
	// ibus-daemon names the program only from the second engine on (see
	// TestEngineFocus).
	env.newApp(t, "gtk3-im:warm-up", capPreedit|capFocus)
	long300 := testRules()[2].Replace
	cases := []struct {
		name, typed, want string
		caretLeft         int
	}{
		{"300 characters, multi-line", "Hi ;long", "Hi " + long300, 0},
		{"caret", ";sig", "Best,\n\nThe team", len("\nThe team")},
		{"caret then typing", ";sigAlex", "Best,\nAlex\nThe team", len("\nThe team")},
		{"typing on after it", "a ;long and on", "a " + long300 + " and on", 0},
	}
	for _, caps := range []struct {
		name string
		caps uint32
	}{
		{"surrounding text", capPreedit | capFocus | capSurroundingText},
		{"forwarded BackSpaces", capPreedit | capFocus},
	} {
		for _, c := range cases {
			for _, burst := range []bool{false, true} {
				name := caps.name + "/" + c.name + "/key by key"
				if burst {
					name = caps.name + "/" + c.name + "/no pause"
				}
				t.Run(name, func(t *testing.T) {
					app := env.newApp(t, "gtk3-im:chat-test", caps.caps)
					app.chat = true
					if burst {
						app.typeText(c.typed)
						app.settle()
					} else {
						for _, r := range c.typed {
							app.typeText(string(r))
							app.settle()
						}
					}
					if got := string(app.text); got != c.want {
						t.Fatalf("text %s, want %q\n%s", app, c.want, strings.Join(app.trace, "\n"))
					}
					if left := len(app.text) - app.caret; left != c.caretLeft {
						t.Fatalf("caret %d runes from the end, want %d (%s)", left, c.caretLeft, app)
					}
					if app.sent != 0 {
						t.Errorf("the chat sent %d times (a Return without Shift or a committed line break)", app.sent)
					}
					if want := strings.Count(c.want, "\n"); app.shiftReturns != want {
						t.Errorf("%d Shift+Returns, want %d", app.shiftReturns, want)
					}
				})
			}
		}
	}
	// The same reply in an app without the rule is committed whole.
	t.Run("no rule: committed whole", func(t *testing.T) {
		app := env.newApp(t, "gtk3-im:kindly-test", capPreedit|capFocus|capSurroundingText)
		app.chat = true
		app.typeText("Hi ;long")
		app.settle()
		if app.sent != 1 || app.shiftReturns != 0 {
			t.Errorf("without the rule: sent %d, Shift+Returns %d; want one commit with line breaks", app.sent, app.shiftReturns)
		}
	})
}
