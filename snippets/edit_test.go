package snippets

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// noTempFiles fails when an edit left anything but the expected files behind.
func noTempFiles(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", p)
		}
		return nil
	})
}

const commented = `# My replies. Keep this header!
snippets:
    # greetings
    -   trigger: ";hi"   # the classic
        replace: 'Hi there'
        tags: [ chat ]

    # apologies, two spellings
    -   triggers: [ ";sorry",   ";sry" ]
        replace: |
            I'm sorry.
            # this line is text, not a comment
    -   triggers:
          - ";bye"
          - ";cya"
        replace: "Bye!"
# the end
`

func TestAdd(t *testing.T) {
	ty := Snippet{Triggers: []string{";ty"}, Replace: "Thank you!"}
	multi := Snippet{Triggers: []string{";ml", "*ml"}, Replace: "Line one\n\nLine three$|$", Label: "Multi: line",
		Tags: []string{"email", "a,b"}, Word: true, PropagateCase: true}
	tests := []struct {
		name     string
		file     string // existing content of personal.yml; "-" for none
		snippet  Snippet
		want     string
		wantFile string // default personal.yml
	}{
		{"new file", "-", ty,
			newFileHeader + "snippets:\n  - trigger: \";ty\"\n    replace: Thank you!\n", ""},
		{"comments and odd indentation kept", commented, ty,
			strings.Replace(commented, "# the end\n", "    -   trigger: \";ty\"\n        replace: Thank you!\n# the end\n", 1), ""},
		{"multi-line and quoting", "snippets:\n- trigger: x\n  replace: y\n", multi,
			"snippets:\n- trigger: x\n  replace: y\n" +
				"- triggers: [\";ml\", \"*ml\"]\n  label: \"Multi: line\"\n  tags: [email, \"a,b\"]\n  word: true\n  propagate_case: true\n" +
				"  replace: |-\n    Line one\n\n    Line three$|$\n", ""},
		{"trailing newline reply", "snippets:\n- trigger: x\n  replace: y\n", Snippet{Triggers: []string{"z"}, Replace: "a\nb\n"},
			"snippets:\n- trigger: x\n  replace: y\n- trigger: \"z\"\n  replace: |\n    a\n    b\n", ""},
		{"no final newline", "snippets:\n  - trigger: x\n    replace: y", ty,
			"snippets:\n  - trigger: x\n    replace: y\n  - trigger: \";ty\"\n    replace: Thank you!\n", ""},
		{"after a keep block (|+)", "snippets:\n  - trigger: x\n    replace: |+\n      keep\n\n\n", ty,
			"snippets:\n  - trigger: x\n    replace: |+\n      keep\n\n\n  - trigger: \";ty\"\n    replace: Thank you!\n", ""},
		{"after a keep block (|+) and a comment", "snippets:\n  - trigger: x\n    replace: |+\n      keep\n\n# c\n", ty,
			"snippets:\n  - trigger: x\n    replace: |+\n      keep\n\n  - trigger: \";ty\"\n    replace: Thank you!\n# c\n", ""},
		{"file with errors refused", "# hi\nsnippets: # none yet\nother_key: 1\n", ty, "", ""},
		{"tilde list", "snippets: ~ # none yet\n", ty,
			"snippets:  # none yet\n  - trigger: \";ty\"\n    replace: Thank you!\n", ""},
		{"empty list value", "# hi\nsnippets:   # none yet\n# bye\n", ty,
			"# hi\nsnippets:   # none yet\n  - trigger: \";ty\"\n    replace: Thank you!\n# bye\n", ""},
		{"empty flow list", "snippets: []  # none yet\n", ty,
			"snippets: # none yet\n  - trigger: \";ty\"\n    replace: Thank you!\n", ""},
		{"comments only", "# just a comment", ty,
			"# just a comment\nsnippets:\n  - trigger: \";ty\"\n    replace: Thank you!\n", ""},
		{"CRLF", "snippets:\r\n  - trigger: x\r\n    replace: y\r\n", ty,
			"snippets:\r\n  - trigger: x\r\n    replace: y\r\n  - trigger: \";ty\"\r\n    replace: Thank you!\r\n", ""},
		{"later top-level comment stays after", "snippets:\n- trigger: x\n  replace: |\n    a\n\n    b\n\n# footer\n", ty,
			"snippets:\n- trigger: x\n  replace: |\n    a\n\n    b\n- trigger: \";ty\"\n  replace: Thank you!\n\n# footer\n", ""},
		{"subfolder file", "-", ty,
			newFileHeader + "snippets:\n  - trigger: \";ty\"\n    replace: Thank you!\n", "team/chat.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			file := tt.wantFile
			if file == "" {
				file = DefaultFile
			}
			if tt.file != "-" {
				writeFiles(t, dir, map[string]string{file: tt.file})
			}
			arg := tt.wantFile
			p, err := Add(dir, arg, tt.snippet)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("want a refusal, got %s:\n%s", p, readFile(t, p))
				}
				if got := readFile(t, filepath.Join(dir, file)); got != tt.file {
					t.Errorf("refused edit changed the file:\n%s", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(dir, filepath.FromSlash(file)); p != want {
				t.Errorf("path %s, want %s", p, want)
			}
			if got := readFile(t, p); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
			noTempFiles(t, dir)
			lib, ps, err := Load(dir)
			if err != nil || HasErrors(ps) {
				t.Fatalf("library after add: %v %v", ps, err)
			}
			if s, ok := lib.Find(tt.snippet.Triggers[0]); !ok || s.Replace != tt.snippet.Replace {
				t.Errorf("added snippet not found back: %+v", s)
			}
		})
	}
}

func TestAddRefuses(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string
		file    string
		snippet Snippet
		wantErr string
	}{
		{"duplicate in another file", map[string]string{"team.yml": "snippets:\n  - triggers: [\";a\", \";ty\"]\n    replace: x\n"},
			"", Snippet{Triggers: []string{";ty"}, Replace: "y"}, `add: trigger ";ty" already exists at team.yml:2:22`},
		{"no trigger", nil, "", Snippet{Replace: "y"}, "add: invalid snippet: `triggers` is empty"},
		{"empty reply", nil, "", Snippet{Triggers: []string{"a"}}, "add: invalid snippet: `replace` is empty"},
		{"two carets", nil, "", Snippet{Triggers: []string{"a"}, Replace: "$|$$|$"}, "add: invalid snippet: `replace` has 2 caret markers"},
		{"bad trigger", nil, "", Snippet{Triggers: []string{" a"}, Replace: "x"}, `add: invalid snippet: trigger "␠a" starts with whitespace`},
		{"same trigger twice", nil, "", Snippet{Triggers: []string{"a", "a"}, Replace: "x"}, `add: invalid snippet: duplicate trigger "a"`},
		{"broken target", map[string]string{"personal.yml": "snippets:\n  - trigger: x\n"}, "", Snippet{Triggers: []string{"a"}, Replace: "x"},
			"add: personal.yml has errors; fix them first: personal.yml:2:5: error: snippet has no `replace`"},
		{"flow list", map[string]string{"personal.yml": "snippets: [{trigger: x, replace: y}]\n"}, "", Snippet{Triggers: []string{"a"}, Replace: "x"},
			"add to personal.yml: the `snippets:` list is written in flow style"},
		{"outside", nil, "../x.yml", Snippet{Triggers: []string{"a"}, Replace: "x"}, `add: file "../x.yml" must be a path inside the library folder`},
		{"not yaml", nil, "notes.txt", Snippet{Triggers: []string{"a"}, Replace: "x"}, `add: file "notes.txt" must end in .yml or .yaml`},
		{"hidden", nil, ".secret.yml", Snippet{Triggers: []string{"a"}, Replace: "x"}, `add: file ".secret.yml" is hidden`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tt.files)
			_, err := Add(dir, tt.file, tt.snippet)
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want prefix %q", err, tt.wantErr)
			}
			for name, body := range tt.files {
				if got := readFile(t, filepath.Join(dir, name)); got != body {
					t.Errorf("%s changed:\n%s", name, got)
				}
			}
			noTempFiles(t, dir)
		})
	}
}

func TestRemove(t *testing.T) {
	tests := []struct {
		name, in, trigger, want string
	}{
		{"first item with its comment", commented, ";hi",
			"# My replies. Keep this header!\nsnippets:\n" + commented[strings.Index(commented, "    # apologies"):]},
		{"middle item with block scalar", commented, ";sry",
			strings.Replace(commented, `[ ";sorry",   ";sry" ]`, `[ ";sorry" ]`, 1)},
		{"first of flow triggers", commented, ";sorry",
			strings.Replace(commented, `[ ";sorry",   ";sry" ]`, `[ ";sry" ]`, 1)},
		{"block triggers element", commented, ";bye",
			strings.Replace(commented, "          - \";bye\"\n", "", 1)},
		{"last block triggers element", commented, ";cya",
			strings.Replace(commented, "          - \";cya\"\n", "", 1)},
		{"last item", "snippets:\n  - trigger: a\n    replace: A\n\n  # about b\n  - trigger: b\n    replace: |\n      B\n\n      B\n", "b",
			"snippets:\n  - trigger: a\n    replace: A\n"},
		{"last item before footer", "snippets:\n  - trigger: a\n    replace: A\n\n  - trigger: b\n    replace: B\n\n# footer\n", "b",
			"snippets:\n  - trigger: a\n    replace: A\n\n# footer\n"},
		{"middle item and its blank line", "snippets:\n- trigger: a\n  replace: A\n\n# b!\n- trigger: b\n  replace: B\n\n- trigger: c\n  replace: C\n", "b",
			"snippets:\n- trigger: a\n  replace: A\n\n- trigger: c\n  replace: C\n"},
		{"only item", "# header\nsnippets:\n  - trigger: a\n    replace: A\n", "a", "# header\nsnippets:\n"},
		{"quoted flow last", "snippets:\n- triggers: ['a''s', \"b\\\"\"] # two\n  replace: x\n", "b\"",
			"snippets:\n- triggers: ['a''s'] # two\n  replace: x\n"},
		{"CRLF", "snippets:\r\n- trigger: a\r\n  replace: A\r\n- trigger: b\r\n  replace: B\r\n", "a",
			"snippets:\r\n- trigger: b\r\n  replace: B\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"x.yml": tt.in})
			p, err := Remove(dir, tt.trigger)
			if err != nil {
				t.Fatal(err)
			}
			if got := readFile(t, p); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
			noTempFiles(t, dir)
			lib, ps, err := Load(dir)
			if err != nil || HasErrors(ps) {
				t.Fatalf("library after remove: %v %v", ps, err)
			}
			if _, ok := lib.Find(tt.trigger); ok {
				t.Error("trigger still there")
			}
		})
	}
}

func TestRemoveNotFound(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"x.yml": "snippets:\n- trigger: a\n  replace: A\n"})
	if _, err := Remove(dir, "b"); err == nil || err.Error() != `remove: no snippet has the trigger "b"` {
		t.Errorf("err = %v", err)
	}
}

func TestEditRefusesConcurrentChange(t *testing.T) {
	for _, existing := range []bool{true, false} {
		dir := t.TempDir()
		p := filepath.Join(dir, DefaultFile)
		orig := "snippets:\n- trigger: a\n  replace: A\n"
		if existing {
			writeFiles(t, dir, map[string]string{DefaultFile: orig})
		}
		meddle := func(string) {
			if err := os.WriteFile(p, []byte("snippets: []\n# someone else\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		_, err := editor{beforeCommit: meddle}.add(dir, "", Snippet{Triggers: []string{"b"}, Replace: "B"})
		if err == nil || !strings.Contains(err.Error(), "changed on disk while kindly was editing it") {
			t.Errorf("existing=%v: err = %v", existing, err)
		}
		if got := readFile(t, p); got != "snippets: []\n# someone else\n" {
			t.Errorf("the other writer's content was lost: %q", got)
		}
		noTempFiles(t, dir)
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"x.yml": "snippets:\n- trigger: a\n  replace: A\n"})
	_, err := editor{beforeCommit: func(p string) { os.WriteFile(p, []byte("snippets: []\n"), 0o644) }}.remove(dir, "a")
	if err == nil || !strings.Contains(err.Error(), "changed on disk") {
		t.Errorf("remove: err = %v", err)
	}
	noTempFiles(t, dir)
}

func TestEditKeepsModeAndSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(t.TempDir(), "shared.yml")
	if err := os.WriteFile(real, []byte("snippets:\n- trigger: a\n  replace: A\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, filepath.Join(dir, "shared.yml")); err != nil {
		t.Skip("no symlinks:", err)
	}
	if _, err := Add(dir, "shared.yml", Snippet{Triggers: []string{"b"}, Replace: "B"}); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Lstat(filepath.Join(dir, "shared.yml"))
	if err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("symlink replaced by a file: %v", err)
	}
	fi, err = os.Stat(real)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600 (%v)", fi.Mode().Perm(), err)
	}
	if got := readFile(t, real); !strings.Contains(got, "- trigger: \"b\"\n  replace: B\n") {
		t.Errorf("got %q", got)
	}
}
