package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// espansoWhitespace is an espanso match file in the style of the hub's
// packages: triggers completed by Space, Tab or Enter.
const espansoWhitespace = `matches:
  - trigger: "\\fr "
    replace: "fraction"
  - trigger: "abil\t"
    replace: "ability"
  - trigger: ":sig\n"
    replace: "Best regards,\nSam"
`

// TestImportedWhitespaceTriggers imports an espanso file whose triggers end
// with a space, a Tab and a newline with the real 'kindly import', starts the
// daemon on that library and types the triggers into xterm, GTK and Tk: the
// completing key is eaten with the trigger and the reply stands in its place.
func TestImportedWhitespaceTriggers(t *testing.T) {
	e := startX(t)
	need(t, python())
	e.home = filepath.Join(e.dir, "home")
	src := filepath.Join(e.dir, "latex.yml")
	if err := os.WriteFile(src, []byte(espansoWhitespace), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := e.kindly("import", "espanso", src)
	if err != nil || !strings.Contains(out, "3 replies") {
		t.Fatalf("kindly import: %v\n%s", err, out)
	}
	if out, err := e.kindly("list"); err != nil || !strings.Contains(out, `\fr␠`) || !strings.Contains(out, `abil\t`) || !strings.Contains(out, `:sig\n`) {
		t.Fatalf("kindly list does not show the whitespace visibly: %v\n%s", err, out)
	}
	e.startDaemonIn(e.home)

	spaceTab := e2eCase{"space and Tab", []step{
		typed(`1 \fr and the abil`, 5), press("Tab"), typed(` \fr`, 5), press("space"), typed("ok", 5),
	}, "1 fractionand the ability fractionok"} // the completing key is part of the trigger
	notYet := e2eCase{"no completing key, no reply", []step{typed(`\fr.`, 5)}, `\fr.`}
	enter := e2eCase{"Enter", []step{typed("Thanks!", 5), press("Return"), typed(":sig", 5), press("Return"), typed("PS", 5)},
		"Thanks!\nBest regards,\nSamPS"}

	for _, start := range []func() target{
		func() target { return e.startXterm() },
		func() target { return e.startApp("gtk") },
		func() target { return e.startApp("tk") },
	} {
		tg := start()
		t.Run(tg.name(), func(t *testing.T) {
			e.t = t
			cs := []e2eCase{spaceTab, notYet}
			if tg.name() != "xterm" {
				// A terminal sends the line on Enter: nothing can take it back.
				cs = append(cs, enter)
			}
			for _, c := range cs {
				t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
					e.t = t
					e.play(tg, c)
				})
			}
		})
		e.t = t
		tg.close()
	}

	// A second import while the daemon runs: it lands in a folder of its
	// own, which the daemon watches as it appears and loads.
	csv := filepath.Join(e.dir, "Shipping.csv")
	if err := os.WriteFile(csv, []byte(";late\t,\"Sorry, your parcel is late.\",Late\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := e.kindly("import", "textexpander", csv); err != nil || !strings.Contains(out, "into snippets/imported/textexpander/") {
		t.Fatalf("kindly import textexpander: %v\n%s", err, out)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		out, _ := e.kindly("status", "--json")
		if strings.Contains(out, `"snippets":4`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the daemon did not load the second import: %s", out)
		}
		time.Sleep(50 * time.Millisecond)
	}
	tk := e.startApp("tk")
	e.play(tk, e2eCase{"imported while running", []step{typed("Hi! ;late", 5), press("Tab")}, "Hi! Sorry, your parcel is late."})
	tk.close()
}
