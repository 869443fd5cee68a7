package placeholder

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the DST and time-zone cases must not depend on the machine
)

// fixed is Thursday, March 5, 2026, 14:30 UTC.
var fixed = time.Date(2026, time.March, 5, 14, 30, 0, 0, time.UTC)

func testEnv() Env {
	replies := map[string]string{
		";sig":   "Best,\n{{agent}} from {{company}}",
		";hello": "Hi {{customer|there}}",
		";a":     "A {{> ;b}}",
		";b":     "B {{> ;a}}",
		";self":  "me {{> ;self}}",
		";ask":   "Order {{order_id}}",
		";bad":   "oops {{",
	}
	return Env{
		Profile:   map[string]string{"agent": "Sam", "company": "Acme", "team": "Billing", "empty": " "},
		Now:       func() time.Time { return fixed },
		Clipboard: func() (string, error) { return "ORD-42", nil },
		Include:   func(t string) (string, bool) { r, ok := replies[t]; return r, ok },
		Rand:      func(n int) int { return n - 1 },
	}
}

func TestRender(t *testing.T) {
	tests := []struct {
		name, reply string
		values      map[string]string
		want        string
		caret       int
	}{
		{"plain", "Thanks!", nil, "Thanks!", 0},
		{"profile", "{{agent}} at {{company}} ({{team}})", nil, "Sam at Acme (Billing)", 0},
		{"spaces inside", "{{ agent }}", nil, "Sam", 0},
		{"answer beats profile", "{{agent}}", map[string]string{"agent": "Kim"}, "Kim", 0},
		{"fill-in answered", "Hi {{customer}},", map[string]string{"customer": "Maria"}, "Hi Maria,", 0},
		{"fallback used", "Hi {{customer|there}},", nil, "Hi there,", 0},
		{"fallback on empty answer", "Hi {{customer|there}},", map[string]string{"customer": "  "}, "Hi there,", 0},
		{"fallback not used", "Hi {{customer|there}},", map[string]string{"customer": "Li"}, "Hi Li,", 0},
		{"fallback spaced", "Hi {{ customer | my friend }}!", nil, "Hi my friend!", 0},
		{"quoted fallback", `Hi{{customer|" there"}}!`, nil, "Hi there!", 0},
		{"empty fallback", "P.S.{{ps|}}", nil, "P.S.", 0},
		{"empty profile value uses fallback", "{{empty|x}}", nil, "x", 0},
		{"label", `{{order_id "Order number"|unknown}}`, nil, "unknown", 0},
		{"multiline", "Steps:\n{{multiline steps}}", map[string]string{"steps": "1. a\n2. b"}, "Steps:\n1. a\n2. b", 0},
		{"multiline fallback", "{{multiline steps \"Steps\"|none}}", nil, "none", 0},
		{"choice default", "Plan: {{plan:Basic|Pro|Enterprise}}", nil, "Plan: Basic", 0},
		{"choice answered", "Plan: {{plan:Basic|Pro|Enterprise}}", map[string]string{"plan": "pro"}, "Plan: Pro", 0},
		{"choice quoted", `{{size:"S|M"|L}}`, map[string]string{"size": "S|M"}, "S|M", 0},
		{"choice twice", "{{plan:A|B}} {{plan:A|B}}", map[string]string{"plan": "B"}, "B B", 0},
		{"section off", `a{{#refund "Refund"}} R {{amount}}{{/refund}}b`, nil, "ab", 0},
		{"section on", `a{{#refund "Refund"}} R {{amount}}{{/refund}}b`, map[string]string{"refund": "yes", "amount": "$5"}, "a R $5b", 0},
		{"section on by default", `a{{#refund "Refund" on}}R{{/refund}}b`, nil, "aRb", 0},
		{"section ticked off", `a{{#refund "Refund" on}}R{{/refund}}b`, map[string]string{"refund": "no"}, "ab", 0},
		{"nested sections", `{{#a}}A{{#b}}B{{/b}}{{/a}}`, map[string]string{"a": "y", "b": "1"}, "AB", 0},
		{"nested inner off", `{{#a}}A{{#b}}B{{/b}}{{/a}}`, map[string]string{"a": "on"}, "A", 0},
		{"date default", "{{date}}", nil, "March 5, 2026", 0},
		{"time default", "{{time}}", nil, "14:30", 0},
		{"date layout", `{{date "Monday, January 2"}}`, nil, "Thursday, March 5", 0},
		{"date preset", `{{date iso}} {{date full}} {{date short}} {{time time12}}`, nil, "2026-03-05 Thursday, March 5, 2026 Mar 5 2:30 PM", 0},
		{"date tokens", `{{date "dddd, D MMMM YYYY"}} {{date "DD/MM/YY"}} {{time "h:mm A"}}`, nil, "Thursday, 5 March 2026 05/03/26 2:30 PM", 0},
		{"date +2bd", `we'll reply by {{date +2bd "Monday, January 2"}}`, nil, "we'll reply by Monday, March 9", 0},
		{"date offsets", `{{date +1w iso}} {{date -1d iso}} {{date +1m iso}} {{date +1y iso}} {{date +1m -1d iso}}`, nil,
			"2026-03-12 2026-03-04 2026-04-05 2027-03-05 2026-04-04", 0},
		{"time offsets", `{{time +2h}} {{time -45min}}`, nil, "16:30 13:45", 0},
		{"clipboard", "Order {{clipboard}}", nil, "Order ORD-42", 0},
		{"cursor", "Hi {{cursor}}, thanks", nil, "Hi , thanks", 8},
		{"caret marker", "Hi $|$, thanks", nil, "Hi , thanks", 8},
		{"caret counts runes", "{{cursor}}héllo — ok", nil, "héllo — ok", 10},
		{"caret after values", "{{cursor}}{{agent}}", nil, "Sam", 3},
		{"caret in off section is dropped", "a{{#s}}{{cursor}}{{/s}}b", nil, "ab", 0},
		{"include", "Thanks!\n{{> ;sig}}", nil, "Thanks!\nBest,\nSam from Acme", 0},
		{"include quoted", `{{> ";hello"}}!`, map[string]string{"customer": "Jo"}, "Hi Jo!", 0},
		{"random", "{{random:Thanks!|Many thanks!|Cheers!}}", nil, "Cheers!", 0},
		{"escape", `literal \{{agent}} and {{agent}}`, nil, "literal {{agent}} and Sam", 0},
		{"quoted literal", `{{"{{"}} {{"$|$"}}`, nil, "{{ $|$", 0},
		{"lone braces", "a } b }} c { d", nil, "a } b }} c { d", 0},
		{"triple braces", "{{agent}}}", nil, "Sam}", 0},
		{"comment", "a{{! for the billing team }}b", nil, "ab", 0},
		{"unicode", "¡Hola {{customer|amigo}}! 👋", nil, "¡Hola amigo! 👋", 0},
		{"dollar text", "costs $5 | $|$ok", nil, "costs $5 | ok", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl, errs := Parse(tt.reply)
			if len(errs) > 0 {
				t.Fatalf("Parse(%q): %v", tt.reply, errs)
			}
			env := testEnv()
			env.Values = tt.values
			got, caret, err := tpl.Render(env)
			if err != nil {
				t.Fatalf("Render(%q): %v", tt.reply, err)
			}
			if got != tt.want || caret != tt.caret {
				t.Errorf("Render(%q) = %q, caret %d; want %q, caret %d", tt.reply, got, caret, tt.want, tt.caret)
			}
		})
	}
}

func TestRenderErrors(t *testing.T) {
	tests := []struct {
		name, reply string
		values      map[string]string
		env         func(*Env)
		want        string
	}{
		{"missing", "Hi {{customer}},", nil, nil, "no value for customer, and it has no fallback"},
		{"missing several, once each", "{{a}} {{b}} {{a}}", nil, nil, "no values for a, b, and they have no fallback"},
		{"missing from profile", "{{signature}}", nil, nil, "no value for signature, and it has no fallback"},
		{"missing multiline", "{{multiline steps}}", nil, nil, "no value for steps, and it has no fallback"},
		{"missing in include", "{{> ;ask}}", nil, nil, "no value for order_id, and it has no fallback"},
		{"missing needs every use", "{{c|there}} {{c}}", nil, nil, "no value for c, and it has no fallback"},
		{"bad choice", "{{plan:Basic|Pro}}", map[string]string{"plan": "Gold"}, nil, `plan: "Gold" is not one of the choices (Basic, Pro)`},
		{"bad toggle", "{{#s}}x{{/s}}", map[string]string{"s": "maybe"}, nil, `section s: answer yes or no, not "maybe"`},
		{"cycle", "{{> ;a}}", nil, nil, "include cycle: ;a → ;b → ;a"},
		{"self cycle", "{{> ;self}}", nil, nil, "include cycle: ;self → ;self"},
		{"unknown include", "{{> ;nope}}", nil, nil, "include ;nope: no reply has this trigger"},
		{"broken include", "{{> ;bad}}", nil, nil, "include ;bad: 1:6: unclosed placeholder: end it with }}, or write \\{{ for literal braces"},
		{"no includes", "{{> ;sig}}", nil, func(e *Env) { e.Include = nil }, "include ;sig: no other replies available"},
		{"no clock", "{{date}}", nil, func(e *Env) { e.Now = nil }, "{{date}}: no clock available"},
		{"clipboard error", "{{clipboard}}", nil, func(e *Env) { e.Clipboard = func() (string, error) { return "", errors.New("xclip: not found") } },
			"{{clipboard}}: xclip: not found"},
		{"clipboard empty", "{{clipboard}}", nil, func(e *Env) { e.Clipboard = func() (string, error) { return "", nil } },
			"{{clipboard}}: the clipboard holds no text (give a fallback: {{clipboard|…}})"},
		{"no clipboard", "{{clipboard}}", nil, func(e *Env) { e.Clipboard = nil }, "{{clipboard}}: no clipboard available"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl, errs := Parse(tt.reply)
			if len(errs) > 0 {
				t.Fatalf("Parse(%q): %v", tt.reply, errs)
			}
			env := testEnv()
			env.Values = tt.values
			if tt.env != nil {
				tt.env(&env)
			}
			got, _, err := tpl.Render(env)
			if err == nil {
				t.Fatalf("Render(%q) = %q, want error %q", tt.reply, got, tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("Render(%q): %q, want %q", tt.reply, err, tt.want)
			}
			if got != "" {
				t.Errorf("Render(%q) gave text %q with its error", tt.reply, got)
			}
		})
	}
}

func TestMissingErrorNames(t *testing.T) {
	tpl, _ := Parse("Hi {{customer}}, order {{order_id}} {{customer}}")
	_, _, err := tpl.Render(Env{})
	var me *MissingError
	if !errors.As(err, &me) || !reflect.DeepEqual(me.Names, []string{"customer", "order_id"}) {
		t.Fatalf("err = %#v, want MissingError{customer, order_id}", err)
	}
}

func TestClipboardFallback(t *testing.T) {
	tpl, _ := Parse("{{clipboard|(none)}}")
	for _, clip := range []func() (string, error){
		nil,
		func() (string, error) { return "", nil },
		func() (string, error) { return "", errors.New("no display") },
	} {
		got, _, err := tpl.Render(Env{Clipboard: clip})
		if err != nil || got != "(none)" {
			t.Errorf("got %q, %v; want the fallback", got, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		reply string
		want  []string // "line:col: msg"
	}{
		{"Hi {{customer", []string{`1:4: unclosed placeholder: end it with }}, or write \{{ for literal braces`}},
		{"Hi {{customer\n}}", []string{`1:4: unclosed placeholder: end it with }} on the same line, or write \{{ for literal braces`}},
		{"a {{b {{c}}", []string{`1:3: unclosed placeholder: another {{ opens before }}`}},
		{`{{x|"a}}`, []string{`1:1: unclosed placeholder: a quoted string in it has no closing "`}},
		{"x {{}}", []string{`1:3: empty placeholder {{}}: write a name, as in {{customer}}, or \{{ for literal braces`}},
		{"{{ 9lives }}", []string{`1:4: unexpected '9': a placeholder starts with a name, as in {{customer}}`}},
		{"line one\n  {{cust omer}}", []string{`2:10: unexpected 'o' after cust: write {{cust|fallback}} for a fallback or {{cust:A|B}} for choices`}},
		{"{{cust@mer}}", []string{`1:7: unexpected '@' in the name "cust@": names hold letters, digits, _ . and -`}},
		{"{{plan:Basic}}", []string{`1:1: a choice list needs at least two choices separated by |: {{plan:Basic|Pro}}`}},
		{"{{plan:Basic||Pro}}", []string{`1:14: empty choice: separate them with a single |`}},
		{"{{plan:A|B|A}}", []string{`1:12: choice "A" is listed twice`}},
		{`{{plan:"A" B|C}}`, []string{`1:12: unexpected "B|C" after the choice "A": separate them with |`}},
		{"{{random:one}}", []string{`1:1: random needs at least two variants separated by |`}},
		{"{{random one|two}}", []string{`1:10: random needs its variants: {{random:Thanks!|Many thanks!}}`}},
		{"{{date +2x}}", []string{`1:8: bad date offset "+2x": write a sign, a number and a unit (d, w, m, y, bd, h, min), as in +2bd or -1w`}},
		{"{{date soon}}", []string{`1:8: unknown date argument "soon": write an offset such as +2bd, -1w, +1m, or a format: a preset (iso, short, medium, long, full, weekday, time, time12, datetime) or a quoted layout such as "Monday, January 2"`}},
		{`{{date "today"}}`, []string{`1:8: date format "today" has no date or time in it: write a Go layout such as "Monday, January 2" or tokens such as "dddd, MMMM D"`}},
		{`{{date iso long}}`, []string{`1:12: a second format in {{date}}: give one`}},
		{"{{cursor now}}", []string{`1:10: unexpected "now" after cursor`}},
		{"{{cursor}} $|$", []string{`1:12: a second caret position: a reply has at most one {{cursor}} or $|$`}},
		{"{{clipboard x}}", []string{`1:13: unexpected "x" after clipboard (a fallback is written {{clipboard|text}})`}},
		{"{{multiline}}", []string{`1:12: multiline needs a name: {{multiline steps}}`}},
		{"{{>}}", []string{`1:1: include without a trigger: write {{> ;sig}}`}},
		{"a {{#refund}}b", []string{`1:3: section "refund" is never closed: end it with {{/refund}}`}},
		{"a {{/refund}}", []string{`1:3: {{/refund}} closes a section that is not open`}},
		{"{{#a}}{{#b}}{{/a}}{{/b}}", []string{`1:13: {{/a}} closes a section that is not open: the open one is "b" (at 1:7)`, `1:1: section "a" is never closed: end it with {{/a}}`}},
		{"{{#a}}{{#a}}{{/a}}{{/a}}", []string{`1:7: section "a" inside itself`}},
		{`{{#a "A" maybe}}{{/a}}`, []string{`1:10: unexpected "maybe" in a section: write {{#a "Label"}} or {{#a "Label" on}}`}},
		{"{{#date}}{{/date}}", []string{`1:4: a section needs a name: {{#refund "Include refund details"}}…{{/refund}}`}},
		{"{{plan:A|B}} {{plan}}", []string{`1:14: "plan" is used as a text fill-in here but as a choice at 1:1; give them different names`}},
		{"{{plan:A|B}} {{plan:A|C}}", []string{`1:14: choice list "plan" has other choices than at 1:1; write the same list, or give them different names`}},
		{"{{x}} {{#x}}{{/x}}", []string{`1:7: "x" is used as an optional section here but as a text fill-in at 1:1; give them different names`}},
		{`{{"a\q"}}`, []string{`1:3: bad quoted text "a\q": use \" for a quote and \\ for a backslash`}},
		{"héllo {{ü}}", []string{`1:9: unexpected 'ü': a placeholder starts with a name, as in {{customer}}`}},
		{"two {{a\nthree {{b", []string{"1:5: unclosed placeholder: end it with }} on the same line, or write \\{{ for literal braces", "2:7: unclosed placeholder: end it with }}, or write \\{{ for literal braces"}},
	}
	for _, tt := range tests {
		_, errs := Parse(tt.reply)
		var got []string
		for _, e := range errs {
			got = append(got, e.Error())
			if l, c := Position(tt.reply, e.Offset); l != e.Line || c != e.Col {
				t.Errorf("Parse(%q): error %q at offset %d is %d:%d", tt.reply, e.Msg, e.Offset, l, c)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q) errors:\n%s\nwant:\n%s", tt.reply, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
		}
	}
}

func TestStatic(t *testing.T) {
	for reply, want := range map[string]bool{
		"Thanks!":               true,
		"Thanks $|$!":           true,
		"Thanks {{cursor}}!":    true,
		`literal \{{x}}`:        true,
		`{{"{{"}}`:              true,
		"{{! a comment }}ok":    true,
		"Hi {{customer|there}}": false,
		"{{agent}}":             false,
		"{{date}}":              false,
		"{{> ;sig}}":            false,
		"{{random:a|b}}":        false,
		"{{#s}}x{{/s}}":         false,
		"{{clipboard}}":         false,
	} {
		tpl, errs := Parse(reply)
		if len(errs) > 0 {
			t.Fatalf("Parse(%q): %v", reply, errs)
		}
		if got := tpl.Static(); got != want {
			t.Errorf("Static(%q) = %v, want %v", reply, got, want)
		}
	}
}

func TestFields(t *testing.T) {
	reply := `Hi {{customer "Customer's first name"|there}},
{{#refund "Include refund details"}}Refund of {{amount}} for {{order_id}}.
{{multiline notes|}}{{/refund}}
Plan: {{plan:Basic|Pro|Enterprise}} {{agent}} {{date}} {{order_id}}
{{#extra "Extra" on}}{{#deep}}{{customer}}{{/deep}}{{/extra}}
{{> ;ask}}{{> ;sig}}{{> ;nope}}{{> ;a}}`
	tpl, errs := Parse(reply)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	got := tpl.Fields(testEnv())
	want := []Field{
		{Name: "customer", Label: "Customer's first name", Kind: Text, Required: true},
		{Name: "refund", Label: "Include refund details", Kind: Toggle, Default: "no"},
		{Name: "amount", Label: "Amount", Kind: Text, Required: true, Section: "refund"},
		{Name: "order_id", Label: "Order id", Kind: Text, Required: true},
		{Name: "notes", Label: "Notes", Kind: Multiline, Section: "refund"},
		{Name: "plan", Label: "Plan", Kind: Choice, Default: "Basic", Choices: []string{"Basic", "Pro", "Enterprise"}},
		{Name: "extra", Label: "Extra", Kind: Toggle, Default: "yes"},
		{Name: "deep", Label: "Deep", Kind: Toggle, Default: "no", Section: "extra"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Fields:\n%+v\nwant:\n%+v", got, want)
	}
}

func TestFieldsFallbackKept(t *testing.T) {
	tpl, _ := Parse("Hi {{customer|there}}, {{customer|friend}}")
	f := tpl.Fields(Env{})
	if len(f) != 1 || f[0].Required || f[0].Default != "there" {
		t.Errorf("Fields = %+v, want customer with default there", f)
	}
}

func TestRefs(t *testing.T) {
	tpl, _ := Parse("Hi {{customer|there}},\n{{agnet}} {{> ;sig}} {{plan:A|B}} {{date}}")
	want := []Ref{
		{Offset: 3, Line: 1, Col: 4, Name: "customer", Fallback: true},
		{Offset: 23, Line: 2, Col: 1, Name: "agnet"},
		{Offset: 33, Line: 2, Col: 11, Name: ";sig", Include: true},
		{Offset: 44, Line: 2, Col: 22, Name: "plan", Kind: Choice},
	}
	if got := tpl.Refs(); !reflect.DeepEqual(got, want) {
		t.Errorf("Refs:\n%+v\nwant:\n%+v", got, want)
	}
}

func TestValidName(t *testing.T) {
	for s, want := range map[string]bool{
		"agent": true, "order_id": true, "_x": true, "a.b-c9": true,
		"": false, "9a": false, "a b": false, "date": false, "cursor": false, "é": false,
	} {
		if got := ValidName(s); got != want {
			t.Errorf("ValidName(%q) = %v", s, got)
		}
	}
}
