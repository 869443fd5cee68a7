package snippets

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// TestDecodeBadFiles decodes every testdata/bad/*.yml and compares the
// problems, one String() per line, with the .want file beside it.
func TestDecodeBadFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.yml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bad files: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			_, ps := Decode(filepath.Base(f), data)
			var got strings.Builder
			for _, p := range ps {
				got.WriteString(p.String() + "\n")
			}
			wantFile := strings.TrimSuffix(f, ".yml") + ".want"
			if *update {
				if err := os.WriteFile(wantFile, []byte(got.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != string(want) {
				t.Errorf("problems differ\ngot:\n%s\nwant:\n%s", got.String(), want)
			}
			if len(ps) == 0 {
				t.Error("a bad file must have problems")
			}
		})
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Snippet
	}{
		{"empty file", "", nil},
		{"null list", "snippets:\n", nil},
		{"tilde document", "~\n", nil},
		{"plain", "snippets:\n  - trigger: \";ty\"\n    replace: Thank you\n",
			[]Snippet{{Triggers: []string{";ty"}, Replace: "Thank you",
				Pos: Pos{"f.yml", 2, 5}, TriggerPos: []Pos{{"f.yml", 2, 14}}}}},
		{"all fields", "snippets:\n- triggers: [a1, \"b:2\"]\n  replace: |-\n    two\n    lines$|$\n  label: L\n  tags: [chat, email]\n  word: true\n  propagate_case: false\n",
			[]Snippet{{Triggers: []string{"a1", "b:2"}, Replace: "two\nlines$|$", Label: "L",
				Tags: []string{"chat", "email"}, Word: true,
				Pos: Pos{"f.yml", 2, 3}, TriggerPos: []Pos{{"f.yml", 2, 14}, {"f.yml", 2, 18}}}}},
		{"numbers are text", "snippets:\n- trigger: 42\n  replace: 3.0\n",
			[]Snippet{{Triggers: []string{"42"}, Replace: "3.0",
				Pos: Pos{"f.yml", 2, 3}, TriggerPos: []Pos{{"f.yml", 2, 12}}}}},
		{"keep chomping", "snippets:\n- trigger: x\n  replace: |+\n    a\n\n",
			[]Snippet{{Triggers: []string{"x"}, Replace: "a\n\n",
				Pos: Pos{"f.yml", 2, 3}, TriggerPos: []Pos{{"f.yml", 2, 12}}}}},
		{"CRLF", "snippets:\r\n- trigger: x\r\n  replace: |\r\n    a\r\n    b\r\n",
			[]Snippet{{Triggers: []string{"x"}, Replace: "a\nb\n",
				Pos: Pos{"f.yml", 2, 3}, TriggerPos: []Pos{{"f.yml", 2, 12}}}}},
		{"bad entries dropped, good kept", "snippets:\n- trigger: x\n- trigger: y\n  replace: Y\n",
			[]Snippet{{Triggers: []string{"y"}, Replace: "Y",
				Pos: Pos{"f.yml", 3, 3}, TriggerPos: []Pos{{"f.yml", 3, 12}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ps := Decode("f.yml", []byte(tt.in))
			if tt.name != "bad entries dropped, good kept" && len(ps) > 0 {
				t.Errorf("unexpected problems: %v", ps)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestDecodeProblems(t *testing.T) {
	big := "snippets:\n" + strings.Repeat("# padding padding padding padding padding padding\n", MaxFileSize/50+1)
	tests := []struct {
		name, in string
		want     []string
	}{
		{"too big", big, []string{"f.yml:1:1: error: file is over the size limit of 1 MiB (1048576 bytes); split it up"}},
		{"scalar file", "hello\n", []string{`f.yml:1:1: error: a library file must be a mapping with a ` + "`snippets:`" + ` list, got "hello"`}},
		{"typo at top", "snipets: []\n", []string{`f.yml:1:1: error: unknown key "snipets" at top level (did you mean "snippets"?)`}},
		{"trigger typo", "snippets:\n- triger: x\n  replace: y\n", []string{
			`f.yml:2:3: error: unknown key "triger" in snippet (did you mean "trigger"?)`,
			"f.yml:2:3: error: snippet has no `trigger` (or `triggers`)"}},
		{"complex key", "snippets:\n- ? [a]\n  : b\n  trigger: x\n  replace: y\n", []string{
			"f.yml:2:5: error: keys must be plain words, got a list"}},
		{"syntax", "snippets:\n  - trigger: [\n", []string{
			"f.yml:2: error: YAML syntax: did not find expected node content"}},
		{"tab indent", "snippets:\n\t- trigger: x\n", []string{
			"f.yml:2: error: YAML syntax: found character that cannot start any token"}},
		{"tagged trigger", "snippets:\n- trigger: !!int 12\n  replace: twelve\n- triggers: [a, !!bool true]\n  replace: x\n- trigger: \";l\"\n  label: !!float 1.5\n  replace: !!int 3\n- trigger: !!str \";s\"\n  replace: fine\n", []string{
			`f.yml:2:12: error: a trigger must be text, got !!int 12 (remove the tag, or quote it: "12")`,
			`f.yml:4:17: error: a trigger must be text, got !!bool true (remove the tag, or quote it: "true")`,
			`f.yml:7:10: error: ` + "`label`" + ` must be text, got !!float 1.5 (remove the tag, or quote it: "1.5")`,
			`f.yml:8:12: error: ` + "`replace`" + ` must be text, got !!int 3 (remove the tag, or quote it: "3")`}},
		{"shadow warning only", "snippets:\n- trigger: ab\n  replace: x\n- trigger: abc\n  replace: y\n", []string{
			`f.yml:4:12: warning: trigger "abc" can never fire: typing it fires "ab" first (defined at f.yml:2:12)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ps := Decode("f.yml", []byte(tt.in))
			var got []string
			for _, p := range ps {
				got = append(got, p.String())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestDecodeGoodFiles(t *testing.T) {
	files, _ := filepath.Glob("testdata/good/*")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, ps := Decode(filepath.Base(f), data); len(ps) > 0 {
			t.Errorf("%s: %v", f, ps)
		}
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{Pos{"a.yml", 12, 5}, Error, "boom"}, "a.yml:12:5: error: boom"},
		{Problem{Pos{"a.yml", 3, 0}, Warning, "hm"}, "a.yml:3: warning: hm"},
		{Problem{Pos{"a.yml", 0, 0}, Error, "cannot read"}, "a.yml: error: cannot read"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
	if HasErrors([]Problem{{Severity: Warning}}) || !HasErrors([]Problem{{Severity: Warning}, {Severity: Error}}) {
		t.Error("HasErrors wrong")
	}
}
