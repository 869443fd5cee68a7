package snippets

import (
	"os"
	"strings"
	"testing"
)

// The library example in the README must load clean, so the docs cannot rot.
func TestReadmeLibraryExample(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, block := range strings.Split(string(b), "```yaml\n")[1:] {
		block = block[:strings.Index(block, "```")]
		if !strings.HasPrefix(block, "# snippets/") {
			continue
		}
		found++
		s, problems := Decode("README.md", []byte(block))
		if len(problems) > 0 || len(s) == 0 {
			t.Errorf("README library example: %v (%d snippets)", problems, len(s))
		}
	}
	if found == 0 {
		t.Fatal("no library example found in README.md")
	}
}
