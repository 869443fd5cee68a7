package snippets_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kindly-support/kindly/snippets"
)

func TestAddAllKeepsFileAndRefusesClashes(t *testing.T) {
	dir := t.TempDir()
	orig := "# mine\nsnippets:\n  # first\n  - trigger: \";a\"\n    replace: A\n"
	os.WriteFile(filepath.Join(dir, "p.yml"), []byte(orig), 0o644)
	ss := []snippets.Snippet{
		{Triggers: []string{";b"}, Replace: "Hi there,\n\nLine two ✓\n", Label: "B", Tags: []string{"email"}},
		{Triggers: []string{";c", ";;c"}, Replace: "C $|$", Word: true},
	}
	if _, err := snippets.AddAll(dir, "p.yml", ss); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "p.yml"))
	if !strings.HasPrefix(string(data), orig) {
		t.Errorf("the file's start changed:\n%s", data)
	}
	lib, ps, _ := snippets.Load(dir)
	if len(ps) > 0 || len(lib.Snippets) != 3 || lib.Snippets[1].Replace != ss[0].Replace || !lib.Snippets[2].Word {
		t.Fatalf("%v %+v", ps, lib.Snippets)
	}
	for _, bad := range [][]snippets.Snippet{
		{{Triggers: []string{";a"}, Replace: "again"}},
		{{Triggers: []string{";x"}, Replace: "x"}, {Triggers: []string{";x"}, Replace: "y"}},
		{{Triggers: []string{";y"}, Replace: ""}},
	} {
		if _, err := snippets.AddAll(dir, "new.yml", bad); err == nil {
			t.Errorf("AddAll(%v) worked", bad)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "new.yml")); !os.IsNotExist(err) {
		t.Error("a refused AddAll wrote a file")
	}
	if _, err := snippets.AddAll(dir, "sub/new.yml", ss[:0]); err == nil {
		t.Error("adding nothing worked")
	}
	if _, err := snippets.AddAll(dir, "sub/new.yml", []snippets.Snippet{{Triggers: []string{";n"}, Replace: "N"}}); err != nil {
		t.Fatal(err)
	}
}
