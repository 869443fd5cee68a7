package pack

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// installFiles puts a pack straight into a home (no git), pinned in packs.lock.
func installFiles(t *testing.T, home, name string, files map[string]string) {
	t.Helper()
	for p, body := range files {
		full := filepath.Join(home, PacksDir, name, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	l, err := ReadLock(home)
	if err != nil {
		t.Fatal(err)
	}
	l.set(Pin{Name: name, Source: "https://example.com/" + name + ".git", Commit: strings.Repeat("a", 40)})
	if err := l.write(home); err != nil {
		t.Fatal(err)
	}
}

func writeOwn(t *testing.T, home, name, body string) {
	t.Helper()
	p := filepath.Join(home, "snippets", name)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func manifest(name string) string { return "name: " + name + "\nversion: 1.0.0\n" }

func TestPrecedence(t *testing.T) {
	home := t.TempDir()
	writeOwn(t, home, "personal.yml", "snippets:\n  - trigger: \";hi\"\n    replace: Hey, it's Ann!\n")
	installFiles(t, home, "beta", map[string]string{"pack.yml": manifest("beta"),
		"snippets/a.yml": "snippets:\n  - triggers: [\";refund\", \";rf\"]\n    replace: beta refund\n  - trigger: \";bye\"\n    replace: beta bye\n"})
	installFiles(t, home, "alpha", map[string]string{"pack.yml": manifest("alpha"),
		"snippets/a.yml": "snippets:\n  - trigger: \";hi\"\n    replace: alpha hi\n  - trigger: \";refund\"\n    replace: alpha refund\n"})

	set, err := Load(home, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range set.Library.Snippets {
		got = append(got, s.Pos.File+" "+strings.Join(s.Triggers, ",")+" = "+s.Replace)
	}
	want := []string{
		"snippets/personal.yml ;hi = Hey, it's Ann!",
		"packs/alpha/snippets/a.yml ;refund = alpha refund",
		"packs/beta/snippets/a.yml ;rf = beta refund", // ;refund goes to alpha; ;rf stays
		"packs/beta/snippets/a.yml ;bye = beta bye",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("library:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var probs []string
	for _, p := range set.Problems {
		probs = append(probs, p.String())
	}
	wantProbs := []string{`packs/beta/snippets/a.yml:2:16: warning: trigger ";refund" is also defined by pack "alpha" at packs/alpha/snippets/a.yml:4:14; that one is used (packs whose name sorts first win; define ";refund" in your own library to choose)`}
	if !reflect.DeepEqual(probs, wantProbs) {
		t.Fatalf("problems:\n%s", strings.Join(probs, "\n"))
	}
	if len(set.Overrides) != 1 || set.Overrides[0].Trigger != ";hi" || set.Overrides[0].Pack != "alpha" ||
		set.Overrides[0].Own.String() != "snippets/personal.yml:2:14" || set.Overrides[0].Packed.String() != "packs/alpha/snippets/a.yml:2:14" {
		t.Fatalf("overrides %+v", set.Overrides)
	}
	if len(set.Packs) != 2 || set.Packs[0].Manifest.Name != "alpha" || set.Packs[1].Replies != 2 {
		t.Fatalf("packs %+v", set.Packs)
	}
	wantFiles := []string{"snippets/personal.yml", "packs/alpha/snippets/a.yml", "packs/beta/snippets/a.yml"}
	if !reflect.DeepEqual(set.Library.Files, wantFiles) {
		t.Fatalf("files %q", set.Library.Files)
	}
}

func TestShadowAcrossSources(t *testing.T) {
	home := t.TempDir()
	writeOwn(t, home, "personal.yml", "snippets:\n  - trigger: \";re\"\n    replace: regarding\n")
	installFiles(t, home, "acme", map[string]string{"pack.yml": manifest("acme"),
		"snippets/a.yml": "snippets:\n  - trigger: \";refund\"\n    replace: refund\n  - trigger: \";dup\"\n    replace: one\n  - trigger: \";dup\"\n    replace: two\n"})
	_, ps, err := LoadLibrary(home)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.String())
	}
	want := []string{
		`packs/acme/snippets/a.yml:2:14: warning: trigger ";refund" can never fire: typing it fires ";re" first (defined at snippets/personal.yml:2:14)`,
		`packs/acme/snippets/a.yml:6:14: error: duplicate trigger ";dup" (first defined at packs/acme/snippets/a.yml:4:14)`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("problems:\n%s", strings.Join(got, "\n"))
	}
}

func TestLoadMissingPackAndBadLock(t *testing.T) {
	home := t.TempDir()
	installFiles(t, home, "gone", map[string]string{"pack.yml": manifest("gone")})
	os.RemoveAll(filepath.Join(home, PacksDir, "gone"))
	set, err := Load(home, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Problems) != 1 || !strings.Contains(set.Problems[0].String(), "packs/gone: warning: pack \"gone\" is in packs.lock but its files are missing") || !set.Packs[0].Missing {
		t.Fatalf("%v %+v", set.Problems, set.Packs)
	}
	os.WriteFile(filepath.Join(home, LockFile), []byte("packs:\n  - name: x\n    colour: red\n"), 0o644)
	if _, _, err := LoadLibrary(home); err == nil || !strings.Contains(err.Error(), "read packs.lock: yaml: unmarshal errors:\n  line 3: field colour not found") {
		t.Fatalf("bad lock: %v", err)
	}
}

func TestDirsAndPackOf(t *testing.T) {
	home := t.TempDir()
	installFiles(t, home, "acme", map[string]string{"pack.yml": manifest("acme")})
	want := []string{home, filepath.Join(home, "snippets"), filepath.Join(home, "packs"),
		filepath.Join(home, "packs", "acme"), filepath.Join(home, "packs", "acme", "snippets")}
	if got := Dirs(home); !reflect.DeepEqual(got, want) {
		t.Fatalf("Dirs = %q", got)
	}
	if n, ok := PackOf("packs/acme/snippets/x.yml"); !ok || n != "acme" {
		t.Fatal(n, ok)
	}
	if _, ok := PackOf("snippets/x.yml"); ok {
		t.Fatal("own file is a pack file")
	}
}

func TestDecodeManifest(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"name: acme\nversion: 1.0.0\n", ""},
		{"name: Acme Team\nversion: 1\n", `pack.yml:1:7: error: pack name "Acme Team" is not valid: use 1 to 40 lower-case letters, digits, '-' or '_', starting with a letter or digit`},
		{"name: acme\n", "pack.yml:1:1: error: pack.yml has no `version`"},
		{"version: 1\n", "pack.yml:1:1: error: pack.yml has no `name`"},
		{"name: acme\nversion: 1\nname: b\n", `pack.yml:3:1: error: duplicate key "name" (first at line 1)`},
		{"name: acme\nversion: 1\nmaintainers: {a: b}\n", "pack.yml:3:14: error: `maintainers` must be a list of names"},
		{"name: acme\nversion: 1\nmin_kindly: soon\n", "pack.yml:3:13: error: `min_kindly` must be a version such as 0.4.0, got \"soon\""},
		{"name: acme\n  version: 1\n", "pack.yml:2: error: YAML syntax: mapping values are not allowed in this context"},
		{"- a\n", "pack.yml:1:1: error: pack.yml must be a mapping (name:, version:, ...)"},
	} {
		_, ps := DecodeManifest("pack.yml", []byte(tc.in))
		var got []string
		for _, p := range ps {
			got = append(got, p.String())
		}
		if strings.Join(got, "\n") != tc.want {
			t.Errorf("%q:\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
	m, _ := DecodeManifest("pack.yml", []byte("name: acme\ntitle: Acme\nversion: 2.1.0\ndescription: d\nmaintainers: [A, B]\nmin_kindly: 0.3.0\n"))
	if want := (Manifest{Name: "acme", Title: "Acme", Version: "2.1.0", Description: "d", Maintainers: []string{"A", "B"}, MinKindly: "0.3.0"}); !reflect.DeepEqual(m, want) {
		t.Fatalf("%+v", m)
	}
}

func TestMinKindly(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "snippets"), 0o755)
	os.WriteFile(filepath.Join(dir, "pack.yml"), []byte("name: acme\nversion: 1\nmin_kindly: 0.6.0\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "snippets", "a.yml"), []byte("snippets:\n  - trigger: \";a\"\n    replace: a\n"), 0o644)
	for v, wantErr := range map[string]bool{"0.5.9": true, "0.6.0": false, "1.0.0": false, "dev": false, "": false} {
		c, err := checkAs(dir, "", v)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(c.Problems) > 0; got != wantErr {
			t.Errorf("kindly %q: problems %v", v, c.Problems)
		}
	}
}

func TestDiffAndLineDiff(t *testing.T) {
	got := LineDiff("a\nb\nc", "a\nc\nd")
	if want := []string{"  a", "- b", "  c", "+ d"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("LineDiff = %q", got)
	}
}
