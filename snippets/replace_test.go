package snippets

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeLib(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func find(t *testing.T, dir, trigger string) Snippet {
	t.Helper()
	lib, _, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	s, ok := lib.Find(trigger)
	if !ok {
		t.Fatalf("no %s", trigger)
	}
	return *s
}

func TestReplaceInPlace(t *testing.T) {
	tests := []struct {
		name, trigger string
		s             Snippet
		want          string
	}{
		{"first entry, inline comment goes, others stay", ";hi",
			Snippet{Triggers: []string{";hello"}, Replace: "Hello there", Tags: []string{"chat"}},
			strings.Replace(commented, "    -   trigger: \";hi\"   # the classic\n        replace: 'Hi there'\n        tags: [ chat ]\n",
				"    -   trigger: \";hello\"\n        tags: [chat]\n        replace: Hello there\n", 1)},
		{"multi-line reply with a text line like a comment", ";sorry",
			Snippet{Triggers: []string{";sorry", ";sry"}, Replace: "I'm so sorry.\n# still text"},
			strings.Replace(commented, "    -   triggers: [ \";sorry\",   \";sry\" ]\n        replace: |\n            I'm sorry.\n            # this line is text, not a comment\n",
				"    -   triggers: [\";sorry\", \";sry\"]\n        replace: |-\n          I'm so sorry.\n          # still text\n", 1)},
		{"last entry, the comment after it stays", ";cya",
			Snippet{Triggers: []string{";bye"}, Replace: "Goodbye!", Label: "Bye"},
			strings.Replace(commented, "    -   triggers:\n          - \";bye\"\n          - \";cya\"\n        replace: \"Bye!\"\n",
				"    -   trigger: \";bye\"\n        label: Bye\n        replace: Goodbye!\n", 1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeLib(t, map[string]string{"personal.yml": commented, "other.yml": "snippets:\n  - trigger: x\n    replace: y\n"})
			was := find(t, dir, tc.trigger)
			if _, err := Replace(dir, tc.trigger, was, tc.s, ""); err != nil {
				t.Fatal(err)
			}
			if got := readFile(t, filepath.Join(dir, "personal.yml")); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
			if got := readFile(t, filepath.Join(dir, "other.yml")); got != "snippets:\n  - trigger: x\n    replace: y\n" {
				t.Errorf("other file changed:\n%s", got)
			}
			noTempFiles(t, dir)
		})
	}
}

func TestReplaceMove(t *testing.T) {
	dir := writeLib(t, map[string]string{"personal.yml": commented, "team/other.yml": "# other\nsnippets:\n  - trigger: x\n    replace: y\n"})
	was := find(t, dir, ";sry")
	s := was
	s.Replace = "Sorry!"
	p, err := Replace(dir, ";sry", was, s, "team/other.yml")
	if err != nil {
		t.Fatal(err)
	}
	if p != filepath.Join(dir, "team", "other.yml") {
		t.Errorf("wrote %s", p)
	}
	wantA := strings.Replace(commented, "    # apologies, two spellings\n    -   triggers: [ \";sorry\",   \";sry\" ]\n        replace: |\n            I'm sorry.\n            # this line is text, not a comment\n", "", 1)
	if got := readFile(t, filepath.Join(dir, "personal.yml")); got != wantA {
		t.Errorf("personal.yml:\n%s\nwant\n%s", got, wantA)
	}
	wantB := "# other\nsnippets:\n  - trigger: x\n    replace: y\n  - triggers: [\";sorry\", \";sry\"]\n    replace: Sorry!\n"
	if got := readFile(t, filepath.Join(dir, "team", "other.yml")); got != wantB {
		t.Errorf("other.yml:\n%s\nwant\n%s", got, wantB)
	}
}

func TestReplaceRefusals(t *testing.T) {
	files := map[string]string{"personal.yml": commented, "other.yml": "snippets:\n  - trigger: x\n    replace: y\n"}
	t.Run("changed since it was read", func(t *testing.T) {
		dir := writeLib(t, files)
		was := find(t, dir, ";hi")
		was.Replace = "what the window showed earlier"
		_, err := Replace(dir, ";hi", was, Snippet{Triggers: []string{";hi"}, Replace: "new"}, "")
		if !errors.Is(err, ErrChanged) || !strings.Contains(err.Error(), `the reply ";hi" changed on disk since you opened it`) {
			t.Fatalf("err = %v", err)
		}
		if got := readFile(t, filepath.Join(dir, "personal.yml")); got != commented {
			t.Errorf("file changed:\n%s", got)
		}
	})
	t.Run("file changed during the write", func(t *testing.T) {
		dir := writeLib(t, files)
		was := find(t, dir, ";hi")
		p := filepath.Join(dir, "personal.yml")
		racing := commented + "# added by hand meanwhile\n"
		e := editor{beforeCommit: func(string) { os.WriteFile(p, []byte(racing), 0o644) }}
		_, err := e.replace(dir, ";hi", was, Snippet{Triggers: []string{";hi"}, Replace: "new"}, "")
		if !errors.Is(err, ErrChanged) || !strings.Contains(err.Error(), "changed on disk while kindly was editing it") {
			t.Fatalf("err = %v", err)
		}
		if got := readFile(t, p); got != racing {
			t.Errorf("the racing change was lost:\n%s", got)
		}
		noTempFiles(t, dir)
	})
	t.Run("trigger of another snippet", func(t *testing.T) {
		dir := writeLib(t, files)
		was := find(t, dir, ";hi")
		_, err := Replace(dir, ";hi", was, Snippet{Triggers: []string{"x"}, Replace: "new"}, "")
		if err == nil || !strings.Contains(err.Error(), `trigger "x" already exists at other.yml:2:14`) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("gone", func(t *testing.T) {
		dir := writeLib(t, files)
		_, err := Replace(dir, ";nope", Snippet{}, Snippet{Triggers: []string{";nope"}, Replace: "new"}, "")
		if !errors.Is(err, ErrChanged) {
			t.Fatalf("err = %v", err)
		}
	})
}
