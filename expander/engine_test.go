package expander

import (
	"testing"
	"unicode/utf8"
)

// end means "the caret is at the end of the text".
const end = -1

type playCase struct {
	name  string
	rules []Rule
	keys  string // ParseKeys notation
	text  string
	caret int // runes; end for len(text)
}

func runPlayCases(t *testing.T, cases []playCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			keys, err := ParseKeys(c.keys)
			if err != nil {
				t.Fatal(err)
			}
			s := Play(NewIndex(c.rules), keys)
			caret := c.caret
			if caret == end {
				caret = utf8.RuneCountInString(c.text)
			}
			if s.Text() != c.text || s.Caret() != caret {
				t.Errorf("typed %q\n got %q caret %d\nwant %q caret %d", c.keys, s.Text(), s.Caret(), c.text, caret)
			}
		})
	}
}

func imm(trigger, reply string) Rule { return Rule{Triggers: []string{trigger}, Replace: reply} }
func word(trigger, reply string) Rule {
	return Rule{Triggers: []string{trigger}, Replace: reply, Word: true}
}
func prop(r Rule) Rule { r.PropagateCase = true; return r }

var (
	ty     = imm(";ty", "Thank you!")
	sorry  = imm(";sorry", "Sorry.")
	sorry2 = imm(";;sorry", "We are very sorry.")
	brb    = word("brb", "be right back")
)

func TestEngineBasics(t *testing.T) {
	runPlayCases(t, []playCase{
		{"plain", []Rule{ty}, ";ty", "Thank you!", end},
		{"inside a sentence", []Rule{ty}, "ok;ty bye", "okThank you! bye", end},
		{"no match", []Rule{ty}, ";t y", ";t y", end},
		{"longest wins", []Rule{sorry, sorry2}, "x ;;sorry", "x We are very sorry.", end},
		{"longest wins, rule order reversed", []Rule{sorry2, sorry}, ";;sorry", "We are very sorry.", end},
		{"shorter still fires alone", []Rule{sorry, sorry2}, "a;sorry", "aSorry.", end},
		{"reply is not in the buffer", []Rule{ty, imm("!;ty", "X")}, ";ty;ty", "Thank you!Thank you!", end},
		{"buffer resets after firing", []Rule{ty, imm("y;ty", "X")}, ";ty;ty", "Thank you!Thank you!", end},
		{"fires again after firing", []Rule{ty}, ";ty;ty", "Thank you!Thank you!", end},
		{"several triggers per rule", []Rule{{Triggers: []string{";thx", ";ty"}, Replace: "Thanks"}}, ";thx ;ty", "Thanks Thanks", end},
		{"first rule wins a duplicate trigger", []Rule{imm(";a", "one"), imm(";a", "two")}, ";a", "one", end},
		{"empty trigger ignored", []Rule{imm("", "never"), ty}, "a ;ty", "a Thank you!", end},
		{"empty library", nil, "hello", "hello", end},
	})
}

func TestEngineWordTriggers(t *testing.T) {
	cases := []playCase{
		{"space", []Rule{brb}, "ok brb ", "ok be right back ", end},
		{"start of buffer", []Rule{brb}, "brb ", "be right back ", end},
		{"not inside a word", []Rule{brb}, "abrb ", "abrb ", end},
		{"not a prefix of a word", []Rule{brb}, "brbx ", "brbx ", end},
		{"no separator yet", []Rule{brb}, "ok brb", "ok brb", end},
		{"enter", []Rule{brb}, "ok brb{Enter}", "ok be right back\n", end},
		{"tab", []Rule{brb}, "ok brb{Tab}", "ok be right back\t", end},
		{"after newline", []Rule{brb}, "ok{Enter}brb.", "ok\nbe right back.", end},
		{"after click", []Rule{brb}, "abc{Click}brb ", "abcbe right back ", end},
		{"semicolon trigger is literal", []Rule{word(";ty", "Thanks")}, "ok ;ty ", "ok Thanks ", end},
		{"semicolon trigger needs a boundary", []Rule{word(";ty", "Thanks")}, "ok;ty ", "ok;ty ", end},
		{"trigger ending in a separator", []Rule{word("e.g.", "for example")}, "see e.g. ", "see for example ", end},
		{"longest word trigger", []Rule{word("rb", "R"), word("brb", "B")}, "brb ", "B ", end},
		{"shorter when longer lacks boundary", []Rule{word("xbrb", "X"), word("brb", "B")}, "axbrb x.brb ", "axbrb x.B ", end},
		{"immediate beats word of equal span", []Rule{word("ty", "W"), imm("ty!", "I")}, "ty!", "I", end},
		{"longer word beats shorter immediate", []Rule{word("abc", "W"), imm("c!", "I")}, "abc!", "W!", end},
		{"typed after separator from a fired reply", []Rule{brb}, "brb brb ", "be right back be right back ", end},
		{"cursor marker", []Rule{word("sig", "Hi $|$!")}, "sig ", "Hi ! ", 3},
	}
	for _, sep := range separators {
		if sep == '\n' || sep == '\t' {
			continue
		}
		k := string(sep)
		if sep == '{' {
			k = "{{"
		}
		cases = append(cases, playCase{"separator " + string(sep), []Rule{brb}, "(brb" + k, "(be right back" + string(sep), end})
	}
	runPlayCases(t, cases)
}

func TestEnginePropagateCase(t *testing.T) {
	hi := prop(imm(";hi", "hello there"))
	runPlayCases(t, []playCase{
		{"lower", []Rule{hi}, ";hi", "hello there", end},
		{"capitalized", []Rule{hi}, ";Hi", "Hello there", end},
		{"upper", []Rule{hi}, ";HI", "HELLO THERE", end},
		{"mixed, first lower", []Rule{hi}, ";hI", "hello there", end},
		{"no propagation without the flag", []Rule{imm(";hi", "hello")}, ";Hi", ";Hi", end},
		{"single letter upper is Capitalized", []Rule{prop(imm(";t", "thanks"))}, ";T", "Thanks", end},
		{"first letter of reply skips punctuation", []Rule{prop(imm(";q", "¿qué?"))}, ";Q", "¿Qué?", end},
		{"non-ASCII trigger lower", []Rule{prop(imm(";élan", "élan vital"))}, ";élan", "élan vital", end},
		{"non-ASCII trigger Capitalized", []Rule{prop(imm(";élan", "élan vital"))}, ";Élan", "Élan vital", end},
		{"non-ASCII trigger UPPER", []Rule{prop(imm(";élan", "élan vital"))}, ";ÉLAN", "ÉLAN VITAL", end},
		{"Kelvin sign folds to k", []Rule{prop(imm("ok", "fine"))}, "o\u212a", "fine", end},
		{"word and case", []Rule{prop(brb)}, "BRB!", "BE RIGHT BACK!", end},
		{"word and Capitalized", []Rule{prop(brb)}, "ok. Brb ", "ok. Be right back ", end},
		{"exact beats folded", []Rule{prop(imm("ab", "folded")), imm("AB", "exact")}, "AB", "exact", end},
		{"upper keeps cursor", []Rule{prop(imm(";x", "a$|$b"))}, ";X", "Ab", 1},
		{"UPPER keeps cursor", []Rule{prop(imm(";xy", "a$|$b"))}, ";XY", "AB", 1},
		{"case from a corrected trigger", []Rule{hi}, ";Hx{Backspace}I", "HELLO THERE", end},
	})
}

func TestEngineKeys(t *testing.T) {
	runPlayCases(t, []playCase{
		{"backspace fixes a typo", []Rule{ty}, ";tu{Backspace}y", "Thank you!", end},
		{"backspace several", []Rule{ty}, ";abc{Backspace}{Backspace}{Backspace}ty", "Thank you!", end},
		{"backspace into the trigger", []Rule{ty}, ";t{Backspace}{Backspace};ty", "Thank you!", end},
		{"backspace on empty buffer", []Rule{brb}, "{Backspace}brb ", "be right back ", end},
		{"shift is not a shortcut", []Rule{ty}, ";{Shift+t}y", "Thank you!", end},
		{"ctrl+a resets", []Rule{ty}, ";t{Ctrl+a}y", ";ty", end},
		{"alt resets", []Rule{ty}, ";t{Alt+x}y", ";ty", end},
		{"meta resets", []Rule{ty}, ";t{Meta+x}y", ";ty", end},
		{"ctrl+backspace resets", []Rule{ty}, ";t{Ctrl+Backspace}y", ";ty", end},
		{"ctrl+enter resets", []Rule{brb}, "brb{Ctrl+Enter}", "brb", end},
	})
	// Each reset key between ";t" and "y": no expansion. (The Screen moves
	// the caret for some of them, so check the engine directly.)
	for _, sp := range []Special{Escape, Left, Right, Up, Down, Home, End, PageUp, PageDown, Delete, Insert, Click, Window, OtherKey} {
		t.Run("reset by "+sp.String(), func(t *testing.T) {
			e := NewEngine(NewIndex([]Rule{ty, brb}))
			for _, k := range []Key{{Rune: ';'}, {Rune: 't'}, {Special: sp}, {Rune: 'y'}} {
				if _, _, ok := e.Step(k); ok {
					t.Fatal("fired across the reset")
				}
			}
			// After the reset the buffer starts afresh: a word boundary.
			for _, k := range []Key{{Rune: 'x'}, {Special: sp}, {Rune: 'b'}, {Rune: 'r'}, {Rune: 'b'}} {
				e.Step(k)
			}
			if _, _, ok := e.Step(Key{Rune: ' '}); !ok {
				t.Fatal("word trigger right after the reset did not fire")
			}
		})
	}
	t.Run("marker ignored", func(t *testing.T) {
		e := NewEngine(NewIndex([]Rule{ty}))
		var fired bool
		for _, k := range []Key{{Rune: ';'}, {Rune: 't'}, {Special: Marker, Marker: 7}, {Rune: 'y'}} {
			_, _, fired = e.Step(k)
		}
		if !fired {
			t.Error("a marker between trigger runes stopped the expansion")
		}
	})
	t.Run("zero rune resets", func(t *testing.T) {
		e := NewEngine(NewIndex([]Rule{ty}))
		for _, k := range []Key{{Rune: ';'}, {Rune: 't'}, {}, {Rune: 'y'}} {
			if _, _, ok := e.Step(k); ok {
				t.Error("fired across a zero rune")
			}
		}
	})
}

func TestEngineRendering(t *testing.T) {
	runPlayCases(t, []playCase{
		{"cursor marker", []Rule{imm(";sig", "Dear $|$,\nBest")}, ";sig", "Dear ,\nBest", 5},
		{"cursor marker at end", []Rule{imm(";a", "x$|$")}, ";a", "x", end},
		{"cursor marker at start", []Rule{imm(";a", "$|$xyz")}, ";a", "xyz", 0},
		{"second marker removed", []Rule{imm(";a", "a$|$b$|$c")}, ";a", "abc", 1},
		{"multi-line reply", []Rule{imm(";m", "line 1\nline 2\n\tindented")}, "> ;m", "> line 1\nline 2\n\tindented", end},
		{"multi-line word reply with cursor", []Rule{word("m", "a\n$|$\nb")}, "m\t", "a\n\nb\t", 2},
		{"non-ASCII reply", []Rule{imm(";d", "it’s done — 🎉 café")}, ";d", "it’s done — 🎉 café", end},
		{"non-ASCII trigger", []Rule{imm("—é’", "ok")}, "x—é’", "xok", end},
		{"emoji trigger", []Rule{imm(":tada🎉", "🎉🎉")}, ":tada🎉", "🎉🎉", end},
		{"emoji word trigger", []Rule{word("🙂", "smile")}, "a 🙂 ", "a smile ", end},
		{"caret in the middle of the text", []Rule{ty}, "ab{Left};ty", "aThank you!b", 11},
		{"reply with emoji then cursor", []Rule{imm(";e", "🎉$|$🎉")}, ";e", "🎉🎉", 1},
	})
}

func TestEngineSetIndexMidTyping(t *testing.T) {
	e := NewEngine(NewIndex([]Rule{imm(";x", "old")}))
	for _, r := range "hello ;t" {
		e.Step(Key{Rune: r})
	}
	// A reload with a longer trigger (bigger ring) keeps what was typed.
	e.SetIndex(NewIndex([]Rule{ty, imm(";averyveryverylongtrigger", "L")}))
	ed, f, ok := e.Step(Key{Rune: 'y'})
	if !ok || ed.Insert != "Thank you!" || ed.Delete != 3 || f.Rule != 0 || f.Trigger != ";ty" {
		t.Fatalf("after reload: %+v %+v %v", ed, f, ok)
	}
	// A reload with a shorter ring keeps the newest runes.
	for _, r := range "abcdefghijklmnopqrstuvwxyz ;t" {
		e.Step(Key{Rune: r})
	}
	e.SetIndex(NewIndex([]Rule{ty}))
	if ed, _, ok := e.Step(Key{Rune: 'y'}); !ok || ed.Delete != 3 {
		t.Fatalf("after shrinking: %+v %v", ed, ok)
	}
	// Reload to an empty library, then nil.
	e.SetIndex(nil)
	if _, _, ok := e.Step(Key{Rune: 'y'}); ok {
		t.Fatal("nil index fired")
	}
	// Word boundary survives a shrink: the rune before the trigger is kept.
	e.SetIndex(NewIndex([]Rule{word("averyveryverylongword", "L")}))
	for _, r := range "xx brb" {
		e.Step(Key{Rune: r})
	}
	e.SetIndex(NewIndex([]Rule{brb}))
	if ed, _, ok := e.Step(Key{Rune: ' '}); !ok || ed.Insert != "be right back " {
		t.Fatalf("word after shrink: %+v %v", ed, ok)
	}
}

func TestEngineFired(t *testing.T) {
	rules := []Rule{ty, prop(Rule{Triggers: []string{";thx", ";thanks"}, Replace: "Thanks", Word: true})}
	e := NewEngine(NewIndex(rules))
	var got []Fired
	for _, r := range "a ;THANKS. ;ty" {
		if _, f, ok := e.Step(Key{Rune: r}); ok {
			got = append(got, f)
		}
	}
	want := []Fired{{1, ";thanks", Upper, '.'}, {0, ";ty", AsIs, 0}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("fired %+v, want %+v", got, want)
	}
}

func TestEngineEdit(t *testing.T) {
	e := NewEngine(NewIndex([]Rule{word("sig", "Hi $|$, bye"), prop(imm(";é", "é$|$x"))}))
	var last Edit
	for _, r := range "sig;" {
		last, _, _ = e.Step(Key{Rune: r})
	}
	if want := (Edit{Delete: 4, Insert: "Hi , bye;", Left: 6}); last != want {
		t.Errorf("word edit %+v, want %+v", last, want)
	}
	for _, r := range ";É" {
		last, _, _ = e.Step(Key{Rune: r})
	}
	if want := (Edit{Delete: 2, Insert: "Éx", Left: 1}); last != want {
		t.Errorf("case edit %+v, want %+v", last, want)
	}
}

func TestBackspacePastTheRing(t *testing.T) {
	// The ring holds minCapacity runes here; typing more and deleting back
	// past what it remembers makes the rune before a trigger unknown: not a
	// boundary. Deleting everything typed makes it the start again.
	idx := NewIndex([]Rule{brb})
	e := NewEngine(idx)
	typeStr := func(s string) (ok bool) {
		for _, r := range s {
			_, _, ok = e.Step(Key{Rune: r})
		}
		return ok
	}
	back := func(n int) {
		for range n {
			e.Step(Key{Special: Backspace})
		}
	}
	typeStr("0123456789abcdef") // 16 runes, ring of 8
	back(10)                    // 6 left, ring has none of them
	if typeStr("brb ") {
		t.Error("fired with an unknown rune before the trigger")
	}
	e.Reset()
	typeStr("0123456789abcdef")
	back(16)
	if !typeStr("brb ") {
		t.Error("did not fire after deleting everything typed")
	}
}
