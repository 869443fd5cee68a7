package snippets

import (
	"flag"
	"os"
	"path/filepath"
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
