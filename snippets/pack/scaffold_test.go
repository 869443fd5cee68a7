package pack

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
)

func TestInitWritesACleanPack(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Acme Support")
	written, err := Init(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{".github/workflows/check.yml", "README.md", "ci/check.sh", "pack.yml", "snippets/replies.yml"}
	sort.Strings(written)
	if !reflect.DeepEqual(written, want) {
		t.Fatalf("written %q", written)
	}
	c, err := Check(dir)
	if err != nil || len(c.Problems) != 0 || c.Manifest.Name != "acme-support" || len(c.Library.Snippets) != 2 {
		t.Fatalf("check: %v %v %+v", err, c.Problems, c.Manifest)
	}
	if _, err := Init(dir, ""); err == nil {
		t.Fatal("init over an existing pack worked")
	}
	if _, err := Init(t.TempDir(), "Bad Name"); err == nil {
		t.Fatal("bad name accepted")
	}
}

// examples/team-pack loads clean and carries the CI script init writes.
func TestExampleTeamPack(t *testing.T) {
	dir := filepath.Join("..", "..", "examples", "team-pack")
	c, err := Check(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Problems) != 0 || c.Manifest.Name != "acme-support" || len(c.Library.Snippets) != 6 {
		t.Fatalf("%v %+v %d", c.Problems, c.Manifest, len(c.Library.Snippets))
	}
	data, err := os.ReadFile(filepath.Join(dir, CIScriptFile))
	if err != nil || string(data) != CIScript {
		t.Fatalf("ci/check.sh differs from CIScript: %v", err)
	}
}
