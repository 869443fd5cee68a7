package pack

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A pack's reply whose includes run away is reported at its place in the
// pack's file, under the pack's prefix (the positions are prefixed at load,
// and the budget check still reads the file for the exact column).
func TestBudgetProblemInPackIsPlaced(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, SnippetsDir), 0o755)
	os.WriteFile(filepath.Join(dir, ManifestFile), []byte("name: acme\nversion: 1.0.0\n"), 0o644)
	var b strings.Builder
	b.WriteString("snippets:\n  - trigger: \";a\"\n    replace: \"x {{> ;b}} {{> ;b}}\"\n")
	b.WriteString("  - trigger: \";b\"\n    replace: \"{{> ;c}} {{> ;c}} {{> ;c}} {{> ;c}}\"\n")
	b.WriteString("  - trigger: \";c\"\n    replace: \"{{> ;d}} {{> ;d}} {{> ;d}} {{> ;d}}\"\n")
	b.WriteString("  - trigger: \";d\"\n    replace: \"{{> ;e}} {{> ;e}} {{> ;e}} {{> ;e}}\"\n")
	b.WriteString("  - trigger: \";e\"\n    replace: \"" + strings.Repeat("long text ", 2000) + "\"\n")
	os.WriteFile(filepath.Join(dir, SnippetsDir, "a.yml"), []byte(b.String()), 0o644)
	c, err := checkAs(dir, "packs/acme/", "")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range c.Problems {
		t.Log(p)
		if strings.HasPrefix(p.String(), "packs/acme/snippets/a.yml:3:") {
			found = true
		}
	}
	if !found {
		t.Errorf("no problem placed at packs/acme/snippets/a.yml:3:… in %v", c.Problems)
	}
}
