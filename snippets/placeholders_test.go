package snippets

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/kindly-support/kindly/snippets/placeholder"
)

func TestCheckPlaceholders(t *testing.T) {
	file := `snippets:
  - trigger: ";a"
    replace: |-
      Hi {{customer|there}},
        see {{plan}} and {{agnet}}
      {{> ;b}}
  - trigger: ";b"
    replace: "Hi {{ x }} {{> ;c}} {{date +1bd}}"
  - trigger: ";c"
    replace: 'It''s {{> ;a}} {{> ;nope}}'
  - trigger: ";d"
    replace: plain {{agent}} and {{signature}} {{agent}} {{team}}
  - trigger: ";f"
    replace: "Due {{date soon}} and {{x"
  - trigger: ";g"
    replace: |
      {{plan:Basic}}
  - trigger: ";e"
    replace: >-
      folded {{company}}
      and {{"a}}
`
	snips, ps := Decode("a.yml", []byte(file))
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	src := func(name string) ([]byte, bool) { return []byte(file), name == "a.yml" }
	got := CheckPlaceholders(snips, map[string]string{"agent": "Sam", "team": "B"}, src)
	var lines []string
	for _, p := range got {
		lines = append(lines, p.String())
	}
	want := []string{
		`a.yml:5:26: warning: unknown profile key "agnet" (did you mean "agent"?): kindly will ask for it every time; profile keys: agent, team`,
		`a.yml:10:30: error: {{> ;nope}} includes a trigger no snippet has`,
		`a.yml:14:26: error: unknown date argument "soon": write an offset such as +2bd, -1w, +1m, or a format: a preset (iso, short, medium, long, full, weekday, time, time12, datetime) or a quoted layout such as "Monday, January 2"`,
		`a.yml:14:37: error: unclosed placeholder: end it with }}, or write \{{ for literal braces`,
		`a.yml:17:7: error: a choice list needs at least two choices separated by |: {{plan:Basic|Pro}}`,
		`a.yml:21:11: error: unclosed placeholder: a quoted string in it has no closing "`,
		`a.yml:12:34: warning: profile key "signature" is not set, so kindly will ask for it every time: run 'kindly profile set signature …'; profile keys: agent, team`,
		`a.yml:10:21: error: include cycle: ;a → ;b → ;c → ;a`,
	}
	if !reflect.DeepEqual(lines, want) {
		t.Errorf("got:\n%s\nwant:\n%s", join(lines), join(want))
	}
}

func join(ls []string) string {
	s := ""
	for _, l := range ls {
		s += l + "\n"
	}
	return s
}

// TestPlaceholderDocs parses every reply in the YAML examples of
// docs/placeholders.md, so the docs cannot rot.
func TestPlaceholderDocs(t *testing.T) {
	data, err := os.ReadFile("../docs/placeholders.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(data), "```yaml\n")[1:]
	n := 0
	for _, b := range blocks {
		b = b[:strings.Index(b, "```")]
		switch {
		case strings.HasPrefix(b, "snippets:"):
		case strings.HasPrefix(b, "  - trigger"):
			b = "snippets:\n" + b
		case strings.HasPrefix(b, "    replace:"):
			b = "snippets:\n  - trigger: \";x\"\n" + b
		default:
			continue
		}
		snips, ps := Decode("doc", []byte(b))
		if len(ps) > 0 {
			t.Fatalf("%s\n%v", b, ps)
		}
		for _, s := range snips {
			n++
			if _, errs := placeholder.Parse(s.Replace); len(errs) > 0 {
				t.Errorf("%q: %v", s.Replace, errs)
			}
		}
	}
	if n < 10 {
		t.Errorf("only %d replies found in the docs", n)
	}
}
