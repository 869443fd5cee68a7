package convert_test

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/kindly-support/kindly/examples"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/convert"
	"github.com/kindly-support/kindly/snippets/format"
)

func read(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type want struct {
	triggers []string
	replace  string
	label    string
	word, pc bool
}

func check(t *testing.T, res convert.Result, ws []want, notes []string) {
	t.Helper()
	if len(res.Snippets) != len(ws) {
		t.Fatalf("got %d snippets, want %d: %+v", len(res.Snippets), len(ws), res.Snippets)
	}
	for i, w := range ws {
		s := res.Snippets[i]
		if !reflect.DeepEqual(s.Triggers, w.triggers) || s.Replace != w.replace || s.Label != w.label || s.Word != w.word || s.PropagateCase != w.pc {
			t.Errorf("snippet %d:\n got %q %q %q word=%v pc=%v\nwant %q %q %q word=%v pc=%v", i,
				s.Triggers, s.Replace, s.Label, s.Word, s.PropagateCase, w.triggers, w.replace, w.label, w.word, w.pc)
		}
		if err := snippets.Validate(s); err != nil {
			t.Errorf("snippet %d is not a valid kindly snippet: %v", i, err)
		}
	}
	var got []string
	for _, n := range res.Notes {
		got = append(got, n.String())
	}
	if strings.Join(got, "\n") != strings.Join(notes, "\n") {
		t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(notes, "\n"))
	}
}

func TestFromEspanso(t *testing.T) {
	res, err := convert.FromEspanso("espanso-support.yml", read(t, "testdata/espanso-support.yml"))
	if err != nil {
		t.Fatal(err)
	}
	check(t, res, []want{
		{[]string{":hi"}, "Hi {{customer|there}}, thanks for reaching out! How can I help?", "Greeting (chat)", false, false},
		{[]string{":sorry", ":sry"}, "sorry about that, I'm fixing it right now$|$", "", false, true},
		{[]string{":eta"}, "Your replacement ships today ({{date \"Monday, January 2\"}}) and arrives by {{date +3d \"02/01/2006\"}}.\nTracking: {{clipboard}}", "", true, false},
		{[]string{":plan"}, "Hallo {{name}}, dein Tarif ist jetzt {{plan:Pro|Basic|Enterprise}} ✓\nNotiz: {{multiline note}}\n", "", false, false},
		{[]string{":ip"}, "Your IP is {{ip}}", "", false, false},
		{[]string{":logo"}, "", "", false, false},
		{[]string{":bye"}, "Thanks for chatting — have a lovely day! 👋", "", false, false},
		{[]string{":thx"}, "{{random:Thanks so much!|Many thanks!}} {{> :bye}}", "", false, false},
	}, []string{
		`espanso-support.yml:57:9: changed: :ip: shell variable "ip" has no kindly equivalent: it became the fill-in {{ip}}`,
		`espanso-support.yml:62:12: skipped: :order(?P<num>\d+): the reply uses what the regex trigger captures ({{num}}); kindly triggers are fixed text`,
		`espanso-support.yml:66:17: changed: :logo: image_path "$CONFIG/images/logo.png": the image is copied to images/logo.png next to the imported file`,
		`espanso-support.yml:69:22: changed: :bye: the uppercase style is not supported (propagate_case capitalizes the first letter)`,
	})
}

func TestFromTextExpander(t *testing.T) {
	res, err := convert.FromTextExpander("te.csv", read(t, "testdata/textexpander-support.csv"))
	if err != nil {
		t.Fatal(err)
	}
	check(t, res, []want{
		{[]string{";hi"}, "Hi {{customer|there}}, thanks for reaching out!", "Greeting", false, false},
		{[]string{";;late"}, "Hi {{customer|there}},\n\nI'm sorry your parcel is late. I've asked the carrier to trace it, and I'll write again by {{date +2d \"Monday, January 2\"}}.\n\nBest regards,\n$|$", "Late parcel (email)", false, false},
		{[]string{";plan"}, "Your plan is now {{plan:Pro|Basic|Enterprise}}. Ça marche ✓", "Plan change", false, false},
		{[]string{";track"}, "Your tracking number is {{clipboard}}. It updates within 24 hours — 100% promised.", "", false, false},
		{[]string{";notes"}, "Notes: {{multiline notes}}\n%key:tab%Signed {{> ;sig}}", "Notes", false, false},
	}, []string{
		`te.csv:11: changed: ;notes: %key:tab% has no kindly equivalent: kept as typed text`,
	})
}

// placeholderLibrary has every placeholder form exports map.
var placeholderLibrary = []snippets.Snippet{
	{Triggers: []string{";hi", ";hey"}, Replace: "Hi {{customer|there}}, I'm {{agent}}. Ça va? ✓", Label: "Hi", Tags: []string{"chat"}},
	{Triggers: []string{";;late"}, Replace: "Hi {{customer|there}},\n\nWe'll write by {{date +2d \"Monday, January 2\"}} (today is {{date \"02/01/2006\"}}).\nPlan: {{plan:Pro|Basic}}\nRef: {{clipboard}} 100%\n\nBest regards,\n$|$", Label: "Late (email)"},
	{Triggers: []string{"brb"}, Replace: "be right back", Word: true},
	{Triggers: []string{";ty"}, Replace: "thank you for your patience", PropagateCase: true},
	{Triggers: []string{";note"}, Replace: "Notes:\n{{multiline notes|none}}\n{{> ;ty}} {{random:Bye!|See you!}}"},
}

func starter(t *testing.T) []snippets.Snippet {
	lib, _, err := snippets.LoadFS(examples.Starter, examples.StarterDir)
	if err != nil {
		t.Fatal(err)
	}
	return lib.Snippets
}

// same compares what a format carries.
func same(t *testing.T, format string, got, want []snippets.Snippet, tags, flags bool) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d snippets back, want %d", format, len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		ok := reflect.DeepEqual(g.Triggers, w.Triggers) && g.Replace == w.Replace && g.Label == w.Label && g.Format == w.Format
		if tags {
			ok = ok && reflect.DeepEqual(g.Tags, w.Tags)
		}
		if flags {
			ok = ok && g.Word == w.Word && g.PropagateCase == w.PropagateCase
		}
		if !ok {
			t.Errorf("%s: snippet %d\n got %q %q %q %v %v %v\nwant %q %q %q %v %v %v", format, i,
				g.Triggers, g.Replace, g.Label, g.Tags, g.Word, g.PropagateCase, w.Triggers, w.Replace, w.Label, w.Tags, w.Word, w.PropagateCase)
		}
	}
}

func TestRoundTrips(t *testing.T) {
	for name, lib := range map[string][]snippets.Snippet{"placeholders": placeholderLibrary, "starter": starter(t)} {
		t.Run(name, func(t *testing.T) {
			js, err := convert.ToJSON(lib)
			if err != nil {
				t.Fatal(err)
			}
			back, err := convert.FromJSON("x.json", js)
			if err != nil {
				t.Fatal(err)
			}
			same(t, "json", back.Snippets, lib, true, true)

			es, _, err := convert.ToEspanso(lib)
			if err != nil {
				t.Fatal(err)
			}
			back, err = convert.FromEspanso("x.yml", es)
			if err != nil {
				t.Fatal(err)
			}
			if len(back.Notes) > 0 {
				t.Errorf("espanso notes on the way back: %v", back.Notes)
			}
			same(t, "espanso", back.Snippets, lib, false, true)

			csv, _, err := convert.ToTextExpander(lib)
			if err != nil {
				t.Fatal(err)
			}
			back, err = convert.FromTextExpander("x.csv", csv)
			if err != nil {
				t.Fatal(err)
			}
			// One row per trigger: put multi-trigger snippets back together.
			var merged []snippets.Snippet
			for _, s := range back.Snippets {
				if n := len(merged); n > 0 && merged[n-1].Replace == s.Replace && merged[n-1].Label == s.Label {
					merged[n-1].Triggers = append(merged[n-1].Triggers, s.Triggers...)
					continue
				}
				merged = append(merged, s)
			}
			// The CSV holds plain text: formatted replies come back as their twin.
			plain := append([]snippets.Snippet(nil), lib...)
			for i := range plain {
				if plain[i].Format != format.Plain {
					plain[i].Replace, plain[i].Format = plain[i].Text(), format.Plain
				}
			}
			same(t, "textexpander", merged, plain, false, false)
		})
	}
}

func TestExportNotesWhatIsLost(t *testing.T) {
	lib := []snippets.Snippet{{Triggers: []string{";x"}, Tags: []string{"email"}, Word: true,
		Replace: "By {{date +2bd \"Jan 2\"}} {{#extra \"Extra\"}}", Pos: snippets.Pos{File: "a.yml", Line: 3}}}
	_, notes, _ := convert.ToEspanso(lib)
	var got []string
	for _, n := range notes {
		got = append(got, n.String())
	}
	want := []string{
		`a.yml:3: changed: ;x: {{date +2bd "Jan 2"}}: business days have no espanso equivalent: counted as days`,
		`a.yml:3: changed: ;x: {{#extra "Extra"}} has no espanso equivalent: kept as text`,
		"changed: tags are not exported: espanso has none (snippets with tags: 1)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("espanso notes:\n%s", strings.Join(got, "\n"))
	}
	csv, notes, _ := convert.ToTextExpander(lib)
	if len(notes) != 4 || notes[3].String() != "a.yml:3: changed: ;x: tags have no TextExpander column: email" ||
		!strings.Contains(string(csv), "%@+2D%b %1d%@+0D") {
		t.Errorf("csv %s notes %v", csv, notes)
	}
}
