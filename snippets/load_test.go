package snippets

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"testing/fstest"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func problemStrings(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"b.yml":             "snippets:\n  - trigger: \";ty\"\n    replace: Thanks\n",
		"a.yml":             "snippets:\n  - trigger: \";ty\"\n    replace: Thank you\n  - trigger: \";x\"\n    replace: X\n",
		"team/c.yaml":       "snippets:\n  - trigger: \";xyz\"\n    replace: shadowed\n",
		"team/notes.txt":    "not a library file",
		".hidden.yml":       "broken: [",
		".git/config.yml":   "broken: [",
		"team/.draft/d.yml": "broken: [",
		"bad.yml":           "snippets:\n  - trigger: \";b\"\n",
	})
	lib, ps, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a.yml", "b.yml", "bad.yml", "team/c.yaml"}; !reflect.DeepEqual(lib.Files, want) {
		t.Errorf("files %q, want %q", lib.Files, want)
	}
	want := []string{
		`b.yml:2:14: error: duplicate trigger ";ty" (first defined at a.yml:2:14)`,
		"bad.yml:2:5: error: snippet has no `replace`",
		`team/c.yaml:2:14: warning: trigger ";xyz" can never fire: typing it fires ";x" first (defined at a.yml:4:14)`,
	}
	if got := problemStrings(ps); !reflect.DeepEqual(got, want) {
		t.Errorf("problems\ngot  %q\nwant %q", got, want)
	}
	if !HasErrors(ps) {
		t.Error("want errors")
	}
	s, ok := lib.Find(";ty")
	if !ok || s.Replace != "Thank you" || s.Pos != (Pos{"a.yml", 2, 5}) {
		t.Errorf("Find(;ty) = %+v, %v", s, ok)
	}
	if _, ok := lib.Find(";nope"); ok {
		t.Error("found a trigger that is not there")
	}
	if len(lib.Snippets) != 4 {
		t.Errorf("%d snippets, want 4", len(lib.Snippets))
	}
}

func TestLoadMissingDir(t *testing.T) {
	lib, ps, err := Load(filepath.Join(t.TempDir(), "nope"))
	if err != nil || len(ps) != 0 || lib == nil || len(lib.Snippets) != 0 {
		t.Errorf("got %v %v %v", lib, ps, err)
	}
}

func TestLoadNotADir(t *testing.T) {
	f := filepath.Join(t.TempDir(), "file")
	writeFiles(t, filepath.Dir(f), map[string]string{"file": "x"})
	if _, _, err := Load(f); err == nil || err.Error() != "the library folder "+f+" is not a folder" {
		t.Errorf("a file given as library folder: %v", err)
	}
}

func TestLoadUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads everything")
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.yml": "snippets: []\n"})
	if err := os.Chmod(filepath.Join(dir, "a.yml"), 0); err != nil {
		t.Fatal(err)
	}
	_, ps, err := Load(dir)
	if err != nil || len(ps) != 1 || ps[0].String() != "a.yml: error: cannot read: permission denied" {
		t.Errorf("got %q, %v", problemStrings(ps), err)
	}
}

func TestLoadFS(t *testing.T) {
	fsys := fstest.MapFS{
		"pack/starter.yml":  {Data: []byte("snippets:\n  - trigger: \";hi\"\n    replace: Hi!\n")},
		"pack/more/x.yaml":  {Data: []byte("snippets:\n  - trigger: \";bye\"\n    replace: Bye!\n")},
		"pack/README.md":    {Data: []byte("# hi")},
		"other/ignored.yml": {Data: []byte("broken: [")},
	}
	lib, ps, err := LoadFS(fsys, "pack")
	if err != nil || len(ps) != 0 {
		t.Fatalf("%v %v", ps, err)
	}
	if want := []string{"more/x.yaml", "starter.yml"}; !reflect.DeepEqual(lib.Files, want) {
		t.Errorf("files %q, want %q", lib.Files, want)
	}
	if s, ok := lib.Find(";bye"); !ok || s.Pos.File != "more/x.yaml" {
		t.Errorf("Find(;bye) = %+v", s)
	}
	lib, ps, err = LoadFS(fsys, "missing")
	if err != nil || len(ps) != 0 || len(lib.Snippets) != 0 {
		t.Errorf("missing root: %v %v %v", lib, ps, err)
	}
}

func TestLoadTestdataGood(t *testing.T) {
	lib, ps, err := Load("testdata/good")
	if err != nil || len(ps) != 0 {
		t.Fatalf("%q %v", problemStrings(ps), err)
	}
	if len(lib.Snippets) != 5 {
		t.Errorf("%d snippets, want 5", len(lib.Snippets))
	}
}
